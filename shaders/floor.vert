#version 330 core
#include "common.glsl"
// The surface's own vertices laid flat on the floor: the contour map under the landscape.
layout(location = 0) in vec2 a_xy;
layout(location = 1) in vec2 a_height;
layout(location = 3) in float a_valid;

out vec2 v_xy;
out float v_height;
out float v_valid;

void main()
{
    v_xy = a_xy;
    v_height = pick_height(a_height);
    v_valid = a_valid;
    gl_Position = u_proj * u_view * vec4(a_xy, u_floor_z, 1.0);
}
