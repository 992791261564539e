#version 330 core
#include "common.glsl"
#include "lighting.glsl"
uniform float u_radius;

in vec3 v_position_view;
flat in vec3 v_center_view;
flat in vec3 v_color;
out vec4 frag_color;

void main()
{
    // Intersect the eye ray through this pixel with the sphere.
    vec3 ray = normalize(v_position_view);
    float b = dot(ray, v_center_view);
    float disc = b * b - dot(v_center_view, v_center_view) + u_radius * u_radius;
    if (disc < 0.0) discard;
    vec3 hit = ray * (b - sqrt(disc));
    vec3 n = (hit - v_center_view) / u_radius;
    vec3 color = shade(v_color, n, hit, 40.0, 0.6);
    // A dark rim separates the ball from a surface of the same colour.
    float rim = smoothstep(0.25, 0.0, dot(n, -ray));
    color = mix(color, color * 0.25, rim);
    vec4 clip = u_proj * vec4(hit, 1.0);
    gl_FragDepth = 0.5 * clip.z / clip.w + 0.5;
    frag_color = vec4(color, 1.0);
}
