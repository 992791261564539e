#version 330 core
// Faint grid lines every quarter of the data square, fading out with distance.
uniform float u_extent;
in vec2 v_xy;
out vec4 frag_color;

void main()
{
    vec2 f = v_xy * 4.0;
    vec2 d = abs(fract(f - 0.5) - 0.5) / max(fwidth(f), vec2(1e-6));
    float line = 1.0 - min(min(d.x, d.y), 1.0);
    float fade = 1.0 - smoothstep(0.35 * u_extent, u_extent, length(v_xy));
    float alpha = line * fade * 0.16;
    if (alpha < 0.002) discard;
    frag_color = vec4(0.62, 0.70, 0.85, alpha);
}
