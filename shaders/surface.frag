#version 330 core
#include "colormap.glsl"
#include "contours.glsl"
#include "lighting.glsl"
uniform int u_colormap;
uniform float u_contours;
uniform int u_lighting;

in vec3 v_position_view;
in vec3 v_normal_view;
in float v_height;
in float v_valid;
out vec4 frag_color;

void main()
{
    // Non-finite losses are holes: triangles touching them are cut halfway to the hole.
    if (v_valid < 0.5) discard;
    vec3 color = colormap(u_colormap, v_height);
    if (u_lighting != 0) color = shade(color, v_normal_view, v_position_view, 48.0, 0.22);
    float line = contour_line(v_height, u_contours, 1.3);
    color = mix(color, color * 0.35, 0.75 * line);
    frag_color = vec4(color, 1.0);
}
