// Lights live in view space, so the side of the landscape facing the viewer is always lit
// however the camera orbits: a warm key light over the viewer's left shoulder, a cool dim fill
// from the right, ambient, and a Blinn-Phong highlight that shows the surface's curvature.
vec3 shade(vec3 base, vec3 normal_view, vec3 position_view, float shininess, float specular)
{
    vec3 n = normalize(normal_view);
    vec3 v = normalize(-position_view);
    if (dot(n, v) < 0.0) n = -n;  // seen from below: light the side that is seen
    vec3 key = normalize(vec3(-0.45, 0.8, 0.55));
    vec3 fill = normalize(vec3(0.7, -0.2, 0.45));
    float diffuse = max(dot(n, key), 0.0);
    float back = max(dot(n, fill), 0.0);
    float highlight = pow(max(dot(n, normalize(key + v)), 0.0), shininess) * specular;
    return base * (0.30 + 0.72 * diffuse * vec3(1.0, 0.98, 0.94) + 0.16 * back * vec3(0.8, 0.9, 1.0))
           + highlight * vec3(1.0, 0.98, 0.95);
}
