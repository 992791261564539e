"""Where each panel of an export frame goes: pure geometry, no Qt.

``layout_rects`` gives each panel's rectangle as ``(x, y, width, height)`` in pixels (floats),
with the origin at the frame's top left: the caption strip on top, then the board, the loss
landscape and the loss chart as the layout asks.
"""

from __future__ import annotations

Rect = tuple[float, float, float, float]


def layout_rects(layout: str, width: int, height: int, caption: bool) -> dict[str, Rect]:
    """Panel rectangles ``(x, y, w, h)`` by name for a frame of ``width`` x ``height``."""
    cap = max(28, round(height * 0.07)) if caption else 0
    rects: dict[str, Rect] = {"caption": (0.0, 0.0, float(width), float(cap))} if caption else {}
    body = (0.0, float(cap), float(width), float(height - cap))
    if layout == "board":
        rects["board"] = body
    elif layout == "landscape":
        rects["landscape"] = body
    else:
        body_height = body[3]
        left = round(width * 0.44)
        top = round(body_height * 0.62)
        rects["board"] = (0.0, float(cap), float(left), body_height)
        rects["landscape"] = (float(left), float(cap), float(width - left), float(top))
        rects["chart"] = (float(left), float(cap + top), float(width - left),
                          body_height - top)
    return rects
