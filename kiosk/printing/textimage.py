"""Text the printer cannot print itself (Chinese without a GB18030 font, accented Latin, ¥),
drawn with the bundled font into 1-bit images, and word wrapping for both text and images."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from kiosk.printing.blocks import Align, Size

#: Pixel sizes at 8 dots/mm: normal matches the printer's own 24-dot font A.
IMAGE_FONT_PX: dict[Size, int] = {"small": 20, "normal": 24, "large": 36}
LINE_GAP_PX = 6

# A wrap token: a Latin word with its trailing spaces, or one wide (CJK) character with any
# trailing spaces. Chinese may break between any two characters; Latin only at spaces.
_TOKEN = re.compile(r"[\u2e80-\uffff]\s*|[^\s\u2e80-\uffff]+\s*|\s+")


def is_native_text(text: str) -> bool:
    """Printable ASCII: every ESC/POS printer prints it with its own font."""
    return all(0x20 <= ord(c) < 0x7F for c in text)


def display_cells(text: str) -> int:
    """Columns a string takes in a printer font: wide (CJK) characters take two."""
    return sum(2 if ord(c) >= 0x2E80 else 1 for c in text)


def wrap(text: str, fits: Callable[[str], bool]) -> list[str]:
    """Greedy wrap; ``fits(line)`` says whether a line fits. Over-long words are split."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for token in _TOKEN.findall(paragraph):
            if fits((line + token).rstrip()):
                line += token
                continue
            if line.strip():
                lines.append(line.rstrip())
            line = ""
            for ch in token.rstrip() if not fits(token.rstrip()) else ():
                if not fits(line + ch):
                    lines.append(line)
                    line = ""
                line += ch
            if fits(token.rstrip()):
                line = token
        lines.append(line.rstrip())
    return lines


@cache
def _font(path: Path, px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), px)


def text_fits_pixels(font_path: Path, size: Size, width: int) -> Callable[[str], bool]:
    font = _font(font_path, IMAGE_FONT_PX[size])
    return lambda line: font.getlength(line) <= width


def render_text(
    paragraphs: tuple[str, ...],
    *,
    size: Size,
    align: Align,
    bold: bool,
    width: int,
    font_path: Path,
) -> Image.Image:
    """A 1-bit image (white = 1) of the wrapped text, ``width`` dots wide at most.

    The image is cut at the right edge of the ink (rounded up to a byte), because every
    blank byte on the right is sent to the printer for every row.
    """
    font = _font(font_path, IMAGE_FONT_PX[size])
    fits = text_fits_pixels(font_path, size, width)
    lines = [line for p in paragraphs for line in wrap(p, fits)]
    ascent, descent = font.getmetrics()
    pitch = ascent + descent + LINE_GAP_PX
    img = Image.new("L", (width, pitch * len(lines)), 255)
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        w = font.getlength(line)
        x = {"left": 0.0, "center": (width - w) / 2, "right": width - w}[align]
        draw.text(
            (int(x), i * pitch + LINE_GAP_PX // 2), line, font=font, fill=0,
            stroke_width=1 if bold else 0, stroke_fill=0,
        )  # fmt: skip
    bw = img.point(lambda v: 0 if v < 140 else 255).convert("1")
    box = Image.eval(bw.convert("L"), lambda v: 255 - v).getbbox()
    if box is None:
        return bw.crop((0, 0, 8, bw.height))
    right = min(width, (box[2] + 7) // 8 * 8)
    return bw.crop((0, 0, right, bw.height))
