#version 330 core
#include "common.glsl"
layout(location = 0) in vec2 a_xy;      // world -1..1
layout(location = 1) in vec2 a_height;  // normalised 0..1: linear, log
layout(location = 2) in vec4 a_slope;   // d(height)/d(xy): linear xy, log xy
layout(location = 3) in float a_valid;  // 0 where the loss was not finite

out vec3 v_position_view;
out vec3 v_normal_view;
out float v_height;
out float v_valid;

void main()
{
    vec3 p = world_position(a_xy, a_height);
    // z = s h(x, y) has normal (-s h_x, -s h_y, 1): exact for any height scale.
    vec2 g = (u_log_height != 0 ? a_slope.zw : a_slope.xy) * u_height_scale;
    vec4 pv = u_view * vec4(p, 1.0);
    v_position_view = pv.xyz;
    v_normal_view = mat3(u_view) * vec3(-g, 1.0);
    v_height = pick_height(a_height);
    v_valid = a_valid;
    gl_Position = u_proj * pv;
}
