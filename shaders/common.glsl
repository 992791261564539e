// Shared by the landscape shaders: the camera, and how a stored (linear, log) height pair
// becomes a world z. Keeping both heights on the GPU makes the log switch a uniform flip.
uniform mat4 u_view;
uniform mat4 u_proj;
uniform int u_log_height;      // 1: heights follow log(loss - min + eps)
uniform float u_height_scale;  // world z of the highest loss
uniform float u_floor_z;       // world z of the contour map under the surface

float pick_height(vec2 heights)
{
    return u_log_height != 0 ? heights.y : heights.x;
}

vec3 world_position(vec2 xy, vec2 heights)
{
    return vec3(xy, pick_height(heights) * u_height_scale);
}
