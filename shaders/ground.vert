#version 330 core
#include "common.glsl"
// A large square on the floor's level, from the vertex id alone, for the subtle grid.
uniform float u_extent;
out vec2 v_xy;

void main()
{
    vec2 corner = vec2(float(gl_VertexID & 1), float((gl_VertexID >> 1) & 1)) * 2.0 - 1.0;
    v_xy = corner * u_extent;
    gl_Position = u_proj * u_view * vec4(v_xy, u_floor_z - 0.004, 1.0);
}
