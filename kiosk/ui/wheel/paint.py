"""Painting the wheel into a texture, once: slices, separators, labels, pictures.

Everything here runs when the wheel, its size or the language changes, never per frame.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from pathlib import Path

from kivy.core.image import Image as CoreImage
from kivy.core.text import Label as CoreLabel
from kivy.graphics import (
    ClearBuffers,
    ClearColor,
    Color,
    Fbo,
    PopMatrix,
    PushMatrix,
    Rectangle,
    Rotate,
    SmoothEllipse,
    SmoothLine,
)

from kiosk.core.wheel import Segment, Wheel, segment_span, segment_width
from kiosk.i18n import localised
from kiosk.ui.bootstrap import FONT_NAME

log = logging.getLogger(__name__)

# Radii as fractions of the wheel's radius.
RIM = 0.95  # segments end here; a gold rim runs to 1.0
LABEL_FROM, LABEL_TO = 0.26, 0.84
RIM_COLOUR = (0.93, 0.74, 0.25, 1)


def rgba(colour: str, alpha: float = 1.0) -> tuple[float, float, float, float]:
    return (
        int(colour[1:3], 16) / 255,
        int(colour[3:5], 16) / 255,
        int(colour[5:7], 16) / 255,
        alpha,
    )


def text_colour(colour: str) -> tuple[float, float, float, float]:
    r, g, b, _ = rgba(colour)
    light = 0.299 * r + 0.587 * g + 0.114 * b > 0.62
    return (0.1, 0.1, 0.12, 1) if light else (1, 1, 1, 1)


def paint_wheel(wheel: Wheel, lang: str, size: int, images: Mapping[str, Path]) -> Fbo:
    """The wheel at rest (segment 0 starting under the pointer) in a ``size`` px square ``Fbo``.
    Keep the ``Fbo`` as long as its texture is shown."""
    segments = wheel.segments
    n = len(segments)
    c = size / 2
    fbo = Fbo(size=(size, size), with_stencilbuffer=False)
    with fbo:
        ClearColor(0, 0, 0, 0)
        ClearBuffers()
        Color(*RIM_COLOUR)
        SmoothEllipse(pos=(0, 0), size=(size, size))
        inner = RIM * c
        for index, segment in enumerate(segments):
            a0, a1 = segment_span(index, n)
            Color(*rgba(segment.colour))
            SmoothEllipse(
                pos=(c - inner, c - inner),
                size=(2 * inner, 2 * inner),
                angle_start=a0,
                angle_end=a1,
                segments=max(8, int(180 / n)),
            )
        for index, segment in enumerate(segments):
            if segment.out_of_stock:  # cannot be won today: shown dimmed, as on the odds screen
                a0, a1 = segment_span(index, n)
                Color(0.05, 0.05, 0.08, 0.55)
                SmoothEllipse(
                    pos=(c - inner, c - inner), size=(2 * inner, 2 * inner),
                    angle_start=a0, angle_end=a1, segments=max(8, int(180 / n)),
                )  # fmt: skip
        Color(1, 1, 1, 0.85)
        for index in range(n):
            a = math.radians(segment_span(index, n)[0])
            SmoothLine(points=[c, c, c + inner * math.sin(a), c + inner * math.cos(a)], width=1.2)
        for index, segment in enumerate(segments):
            _draw_label(segment, index, n, c, lang=lang, images=images)
    fbo.draw()
    return fbo


def _draw_label(
    segment: Segment, index: int, n: int, c: float, *, lang: str, images: Mapping[str, Path]
) -> None:
    r = c  # label radii are fractions of the texture's radius
    middle = (index + 0.5) * segment_width(n)
    picture = images.get(segment.id)
    outer = LABEL_TO - (0.2 if picture is not None else 0.0)
    length = (outer - LABEL_FROM) * r
    # The slice is narrowest at the label's inner end: the text must fit across it there.
    across = 2 * LABEL_FROM * r * math.sin(math.radians(segment_width(n) / 2)) * 0.9
    text = localised(segment.label, lang)
    texture = None
    for size in range(int(r * 0.12), 7, -1):
        label = CoreLabel(text=text, font_name=FONT_NAME, font_size=size, bold=True)
        label.refresh()
        texture = label.texture
        if texture.width <= length and texture.height <= max(across, 12):
            break
    if texture is None:
        return
    # The text runs along the slice's middle line: outward on the right half of the wheel,
    # inward on the left half, so that in the starting position no label is upside down.
    # (Rotate turns counter-clockwise; ``middle`` is clockwise from 12 o'clock.)
    inward = middle > 180
    along = (LABEL_FROM * r + outer * r) / 2  # the label's centre, from the wheel's centre
    PushMatrix()
    Rotate(angle=(270 if inward else 90) - middle, origin=(c, c))
    Color(*text_colour(segment.colour))
    x = c + (-along if inward else along) - texture.width / 2
    Rectangle(texture=texture, pos=(x, c - texture.height / 2), size=texture.size)
    PopMatrix()
    if picture is not None:
        _draw_picture(picture, middle, c, r)


def _draw_picture(path: Path, middle: float, c: float, r: float) -> None:
    try:
        texture = CoreImage(str(path)).texture
    except Exception as exc:  # a broken picture file: the slice is still drawn
        log.warning("wheel picture %s unusable: %s", path.name, exc)
        return
    side = 0.18 * r
    PushMatrix()
    Rotate(angle=-middle, origin=(c, c))  # upright, pointing at the rim
    Color(1, 1, 1, 1)
    Rectangle(texture=texture, pos=(c - side / 2, c + 0.76 * r - side / 2), size=(side, side))
    PopMatrix()
