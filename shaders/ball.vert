#version 330 core
#include "common.glsl"
// A ball is a camera-facing square (instanced); the fragment shader ray-traces the sphere in
// it, so it is perfectly round and meets the surface with correct depth.
layout(location = 0) in vec2 a_corner;  // -1..1
layout(location = 1) in vec4 a_anchor;  // x, y, h_lin, h_log of the trail's last point
layout(location = 2) in vec3 a_color;

uniform float u_radius;  // world units

out vec3 v_position_view;  // on the square, in view space
flat out vec3 v_center_view;
flat out vec3 v_color;

void main()
{
    vec3 center = world_position(a_anchor.xy, a_anchor.zw) + vec3(0.0, 0.0, 0.8 * u_radius);
    vec4 c = u_view * vec4(center, 1.0);
    // Off-axis spheres project larger than their radius; 1.5 leaves room at any view.
    vec3 p = c.xyz + vec3(a_corner * u_radius * 1.5, 0.0);
    v_position_view = p;
    v_center_view = c.xyz;
    v_color = a_color;
    gl_Position = u_proj * vec4(p, 1.0);
}
