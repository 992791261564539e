#version 330 core
// A white ring with dark edges: visible on every colour of every colour map.
uniform float u_size;
uniform float u_alpha;

in vec2 v_corner;  // pixels from the centre
out vec4 frag_color;

void main()
{
    float r = length(v_corner);
    float outer = clamp(u_size + 0.5 - r, 0.0, 1.0);
    float inner = clamp(r - 0.4 * u_size + 0.5, 0.0, 1.0);
    float coverage = outer * inner;
    if (coverage <= 0.0) discard;
    float white = clamp(u_size - 1.2 - r, 0.0, 1.0) * clamp(r - 0.4 * u_size - 1.2, 0.0, 1.0);
    vec3 color = mix(vec3(0.05), vec3(1.0), white);
    frag_color = vec4(color, coverage * u_alpha);
}
