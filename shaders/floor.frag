#version 330 core
#include "colormap.glsl"
#include "contours.glsl"
uniform int u_colormap;
uniform float u_contours;
uniform int u_has_basins;
uniform sampler2D u_basins;  // rgb of the basin, alpha 1; all zero where there is none
uniform vec2 u_basin_size;   // texels (nx, ny)

in vec2 v_xy;
in float v_height;
in float v_valid;
out vec4 frag_color;

void main()
{
    if (v_valid < 0.5) discard;
    // Dimmer than the surface so the eye reads the surface first and the map second.
    vec3 color = colormap(u_colormap, v_height) * 0.55;
    if (u_has_basins != 0) {
        // Texel centres sit on the grid's vertices, as the labels do.
        vec2 uv = ((v_xy * 0.5 + 0.5) * (u_basin_size - 1.0) + 0.5) / u_basin_size;
        vec4 basin = texture(u_basins, uv);
        // Linear filtering blends towards (0, 0, 0, 0) at the edge of "no basin"; dividing by
        // alpha restores the basin's own colour there.
        if (basin.a > 0.004) color = mix(color, basin.rgb / basin.a * 0.75, 0.55 * basin.a);
    }
    float line = contour_line(v_height, u_contours, 1.1);
    color = mix(color, vec3(0.92, 0.94, 1.0), 0.42 * line);
    // A thin light frame around the map.
    vec2 edge = (1.0 - abs(v_xy)) / max(fwidth(v_xy), vec2(1e-6));
    float frame = 1.0 - smoothstep(0.5, 1.5, min(edge.x, edge.y));
    color = mix(color, vec3(0.75, 0.80, 0.90), 0.6 * frame);
    frag_color = vec4(color, 1.0);
}
