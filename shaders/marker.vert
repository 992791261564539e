#version 330 core
#include "common.glsl"
// A marker is a ring of constant size in pixels (instanced squares facing the screen).
layout(location = 0) in vec2 a_corner;  // -1..1
layout(location = 1) in vec4 a_anchor;  // x, y, h_lin, h_log

uniform vec2 u_viewport;
uniform float u_size;    // ring radius in pixels
uniform int u_on_floor;  // 1: the marker's twin on the contour map

out vec2 v_corner;

void main()
{
    vec3 p = world_position(a_anchor.xy, a_anchor.zw);
    if (u_on_floor != 0) p.z = u_floor_z + 0.003;
    vec4 clip = u_proj * u_view * vec4(p, 1.0);
    clip.xy += a_corner * (u_size + 1.0) / u_viewport * 2.0 * clip.w;
    clip.z -= 0.002 * clip.w;  // keep the ring in front of the ground it marks
    v_corner = a_corner * (u_size + 1.0);
    gl_Position = clip;
}
