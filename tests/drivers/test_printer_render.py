"""The simulated printer's renderer: what it draws and measures from ESC/POS bytes."""

from __future__ import annotations

import pytest
from escpos.printer import Dummy
from PIL import Image, ImageChops

from drivers.printer.render import UnsupportedCommand, job_length_mm, render_job


def ink(img: Image.Image) -> int:
    """Black dots in a 1-bit image."""
    return img.convert("L").histogram()[0]


def ink_box(img: Image.Image) -> tuple[int, int, int, int] | None:
    return ImageChops.invert(img.convert("L")).getbbox()


def test_measure_matches_drawing() -> None:
    p = Dummy(profile="TM-T20II")
    p.hw("INIT")
    p.set(double_height=True, double_width=True)
    p.text("Big\n")
    p.set(normal_textsize=True)
    p._raw(b"\x1c&" + "中文".encode("gb18030") + b"\n\x1c.")
    p.qr("V1.abc.def", native=True, size=5)
    p.image(Image.new("1", (64, 40), 0))
    p.cut()
    img = render_job(p.output, 576)
    assert img.width == 576
    assert job_length_mm(p.output, 576) * 8 == img.height


def test_gb18030_text_is_drawn_as_chinese_not_mojibake() -> None:
    gb = render_job(b"\x1c&" + "积分".encode("gb18030") + b"\n\x1c.", 384)
    latin = render_job("积分".encode("gb18030") + b"\n", 384)  # same bytes, no FS &: CP437
    assert ink(gb) > 0 and ink(latin) > 0
    assert ImageChops.difference(gb.convert("L"), latin.convert("L")).getbbox() is not None


def test_alignment_moves_text() -> None:
    left = render_job(b"\x1ba\x00HI\n", 384)
    right = render_job(b"\x1ba\x02HI\n", 384)
    lbox, rbox = ink_box(left), ink_box(right)
    assert lbox is not None and rbox is not None
    assert lbox[0] < 10 and rbox[2] > 374
    assert ink(left) == ink(right)


@pytest.mark.parametrize(
    "job",
    [b"\x1b\x99", b"\x1dv0\x00\x10\x00\x10\x00\xff", b"\x07", b"\x1d(L\x02\x000p"],
    ids=["unknown ESC", "truncated raster", "bell", "GS ( L graphics"],
)
def test_unknown_or_truncated_commands_raise(job: bytes) -> None:
    with pytest.raises(UnsupportedCommand):
        render_job(job, 384)
