"""What is on screen, as data: every visible label and tappable element with its rectangle.

Serves ``GET /dev/widgets`` (simulated mode) and the touchscreen-standard test. Rectangles are
window pixels with the origin top-left (what ``xdotool mousemove --window`` takes); colours
are ``#rrggbb``. A tappable element names its ``action`` (the event a tap sends); plain text has
``action`` None. Only what a person can see is listed: parts of a scroll view scrolled out of
sight are cut away, and whatever is left with no area is left out.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from kivy.core.window import Window
from kivy.uix.button import Button
from kivy.uix.label import Label
from kivy.uix.stencilview import StencilView
from kivy.uix.widget import Widget

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in window pixels, y up (Kivy's)


def hex_colour(rgba: Sequence[float]) -> str:
    r, g, b = (max(0, min(255, round(float(c) * 255))) for c in rgba[:3])
    return f"#{r:02x}{g:02x}{b:02x}"


def window_rect(widget: Widget) -> Rect:
    x0, y0 = widget.to_window(widget.x, widget.y)
    return (x0, y0, x0 + widget.width, y0 + widget.height)


def _clip(rect: Rect, clip: Rect | None) -> Rect | None:
    if clip is not None:
        rect = (max(rect[0], clip[0]), max(rect[1], clip[1]), min(rect[2], clip[2]),
                min(rect[3], clip[3]))  # fmt: skip
    return rect if rect[2] - rect[0] >= 1 and rect[3] - rect[1] >= 1 else None


def background(widget: Widget) -> Sequence[float]:
    """The colour drawn behind ``widget``: its own button face or panel, or the nearest
    ancestor's, or the window's."""
    node: Widget | None = widget
    while node is not None and node is not Window:
        if isinstance(node, Button):
            return tuple(node.background_color)
        colour = getattr(node, "fill_colour", None)
        if colour is not None:
            return tuple(colour)
        node = node.parent
    return tuple(Window.clearcolor)


def _texts(widget: Widget) -> list[str]:
    return [str(w.text) for w in widget.walk(restrict=True) if isinstance(w, Label) and w.text]


def describe(widget: Widget, rect: Rect) -> dict[str, Any]:
    action = getattr(widget, "action", None) or None
    height = Window.height
    entry: dict[str, Any] = {
        "text": str(widget.text) if isinstance(widget, Label) else " / ".join(_texts(widget)),
        "action": action,
        "enabled": not widget.disabled,
        "x": round(rect[0]),
        "y": round(height - rect[3]),
        "w": round(rect[2] - rect[0]),
        "h": round(rect[3] - rect[1]),
        "font_px": None,
        "fg": None,
        "bg": hex_colour(background(widget)),
    }
    if isinstance(widget, Label):
        entry["font_px"] = round(float(widget.font_size), 1)
        colour = widget.disabled_color if widget.disabled else widget.color
        entry["fg"] = hex_colour(colour)
        entry["bold"] = bool(widget.bold)
        # Text wider or taller than its box is cut off on screen.
        tw, th = widget.texture_size
        entry["clipped"] = bool(widget.text) and (tw > widget.width + 1 or th > widget.height + 1)
    return entry


def _visible(widget: Widget, clip: Rect | None) -> Iterator[dict[str, Any]]:
    if widget.opacity <= 0:
        return
    own = window_rect(widget)
    rect = _clip(own, clip)
    if isinstance(widget, StencilView):
        clip = rect if rect is not None else (0, 0, 0, 0)
    if rect is not None:
        tappable = bool(getattr(widget, "action", ""))
        if tappable or (isinstance(widget, Label) and widget.text):
            yield describe(widget, rect)
    # Kivy keeps children last-added first; list them in reading order.
    for child in reversed(widget.children):
        yield from _visible(child, clip)


def screen_widgets() -> list[dict[str, Any]]:
    """Every visible label and tappable element in the window (call on the UI thread)."""
    found: list[dict[str, Any]] = []
    for root in reversed(Window.children):
        found.extend(_visible(root, (0, 0, Window.width, Window.height)))
    return found
