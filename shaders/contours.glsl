// Iso-lines of a normalised height, anti-aliased by measuring the distance to the nearest
// level in screen pixels (fwidth), so lines stay `width` pixels wide on steep and flat ground.
// Where levels crowd closer than about two pixels the lines fade out instead of turning into a
// solid smear. The levels at the very bottom and top are left out: there a "line" is just a
// dot on the minimum, which would hide it.
float contour_line(float height, float levels, float width)
{
    if (levels <= 0.0) return 0.0;
    float f = height * levels;
    float w = max(fwidth(f), 1e-6);
    float d = abs(fract(f - 0.5) - 0.5) / w;
    float line = 1.0 - smoothstep(0.5 * width - 0.5, 0.5 * width + 0.5, d);
    float inside = step(0.5, f) * step(f, levels - 0.5);
    return line * inside * (1.0 - smoothstep(0.25, 0.5, w));
}
