#version 330 core
uniform float u_width;
uniform float u_alpha;  // < 1 for the pass that shows the parts hidden behind hills

in vec3 v_color;
in float v_age;
in float v_across;
out vec4 frag_color;

void main()
{
    float coverage = clamp(0.5 * u_width + 0.5 - abs(v_across), 0.0, 1.0);
    // Older points fade, so the direction of travel reads at a glance.
    float fade = mix(0.25, 1.0, pow(v_age, 0.8));
    // A brighter core makes thin lines pop on dark and light ground alike.
    float core = 1.0 - smoothstep(0.0, 0.5 * u_width, abs(v_across));
    vec3 color = mix(v_color, vec3(1.0), 0.35 * core);
    frag_color = vec4(color, coverage * fade * u_alpha);
}
