#version 330 core
// A dark blue-grey gradient with a soft vignette. No dithering noise: it would bloat PNGs
// and video frames for a barely visible gain.
in vec2 v_uv;
out vec4 frag_color;

void main()
{
    vec3 top = vec3(0.115, 0.135, 0.180);
    vec3 bottom = vec3(0.035, 0.040, 0.055);
    vec3 color = mix(bottom, top, smoothstep(0.0, 1.0, v_uv.y));
    vec2 c = v_uv - vec2(0.5, 0.55);
    color *= 1.0 - 0.45 * dot(c, c);
    frag_color = vec4(color, 1.0);
}
