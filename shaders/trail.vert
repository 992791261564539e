#version 330 core
#include "common.glsl"
// A trail is a triangle strip, two vertices per point, pushed apart sideways by half the
// line's width in pixels (core profile has no wide lines), across the direction from the
// point's previous neighbour to its next one so joints bend smoothly.
layout(location = 0) in vec4 a_point;  // x, y, h_lin, h_log
layout(location = 1) in vec4 a_prev;
layout(location = 2) in vec4 a_next;
layout(location = 3) in float a_side;  // -1 or +1
layout(location = 4) in vec3 a_color;
layout(location = 5) in float a_age;   // 0 oldest .. 1 newest

uniform vec2 u_viewport;
uniform float u_width;   // pixels
uniform float u_lift;    // world units above the loss, so the line is not buried
uniform int u_on_floor;  // 1: draw the trail's shadow path on the contour map

out vec3 v_color;
out float v_age;
out float v_across;  // pixels from the centre line

vec4 place(vec4 a)
{
    vec3 p = world_position(a.xy, a.zw);
    p.z = u_on_floor != 0 ? u_floor_z + 0.003 : p.z + u_lift;
    return u_proj * u_view * vec4(p, 1.0);
}

vec2 to_pixels(vec4 clip)
{
    return clip.xy / max(clip.w, 1e-6) * u_viewport * 0.5;
}

void main()
{
    vec4 clip = place(a_point);
    vec2 d = to_pixels(place(a_next)) - to_pixels(place(a_prev));
    if (dot(d, d) < 1e-8) d = vec2(1.0, 0.0);
    vec2 across = normalize(vec2(-d.y, d.x));
    float half_width = 0.5 * u_width + 1.0;  // one extra pixel for the anti-aliased fringe
    clip.xy += across * a_side * half_width / u_viewport * 2.0 * clip.w;
    gl_Position = clip;
    v_across = a_side * half_width;
    v_color = a_color;
    v_age = a_age;
}
