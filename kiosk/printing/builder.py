"""Turn a ticket's blocks into the exact ESC/POS bytes for one printer.

Decisions made here, per the printer's capabilities:
- printable-ASCII lines go out as the printer's own text (a few bytes each);
- other lines (Chinese, accented Latin, currency signs) go out as GB18030 text when the printer
  has a GB18030 font (``FS &`` ... ``FS .``), otherwise as 1-bit images drawn with the bundled
  font: python-escpos would send them as raw GB18030, which only Chinese firmware understands;
- QR codes use the printer's own ``GS ( k`` where the profile supports it, an image otherwise;
- images are never wider than the printable width (python-escpos and printers refuse them).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import qrcode
from escpos.printer import Dummy
from PIL import Image, ImageOps

from drivers.printer import PrinterCapabilities
from drivers.printer.render import job_length_mm
from kiosk.printing.blocks import Block, Cut, Feed, Logo, Qr, Rule, Text
from kiosk.printing.layout import ticket_blocks
from kiosk.printing.settings import PrintLayoutSettings
from kiosk.printing.textimage import display_cells, is_native_text, render_text, wrap
from kiosk.printing.ticket import VoucherTicket

GS = b"\x1d"
#: Raster images are sent in bands: some printers' input buffers choke on one huge image.
RASTER_BAND_ROWS = 240
#: Printer font cell widths (font A 12 dots, font B 9 dots) and the size multiplier per size.
_NATIVE = {"small": ("b", 9, 1), "normal": ("a", 12, 1), "large": ("a", 12, 2)}
_QR_EC = {"L": qrcode.constants.ERROR_CORRECT_L, "M": qrcode.constants.ERROR_CORRECT_M,
          "Q": qrcode.constants.ERROR_CORRECT_Q, "H": qrcode.constants.ERROR_CORRECT_H}  # fmt: skip
_QR_QUIET_MODULES = 4


@dataclass(frozen=True, slots=True)
class PrintJob:
    data: bytes
    length_mm: float
    width_dots: int
    build_seconds: float


def raster_command(img: Image.Image) -> bytes:
    """``GS v 0`` for a 1-bit image (white = 1 in PIL, black = 1 on the wire), in bands."""
    ink = ImageOps.invert(img.convert("L")).convert("1")
    width_bytes = (ink.width + 7) // 8
    out = bytearray()
    for top in range(0, ink.height, RASTER_BAND_ROWS):
        band = ink.crop((0, top, width_bytes * 8, min(ink.height, top + RASTER_BAND_ROWS)))
        size = width_bytes.to_bytes(2, "little") + band.height.to_bytes(2, "little")
        out += GS + b"v0\x00" + size
        out += band.tobytes()
    return bytes(out)


def _pad_center(img: Image.Image, width: int) -> Image.Image:
    """Centre by padding on the left only (right-hand white is not worth sending)."""
    left = max(0, (width - img.width) // 2) // 8 * 8
    out = Image.new("1", (left + img.width, img.height), 1)
    out.paste(img.convert("1"), (left, 0))
    return out


class JobBuilder:
    """Builds jobs for one printer and one layout; keeps the logo loaded between jobs."""

    def __init__(self, caps: PrinterCapabilities, layout: PrintLayoutSettings) -> None:
        self.caps = caps
        self.layout = layout
        self._logo_override: Image.Image | None = None

    def use_logo(self, logo: Image.Image | None) -> None:
        """Use this image as the logo instead of ``layout.logo_path`` (previews, tests)."""
        self._logo_override = logo
        self.__dict__.pop("_logo", None)

    @cached_property
    def _logo(self) -> Image.Image | None:
        source = self._logo_override
        if source is None and self.layout.logo_path is not None:
            with Image.open(self.layout.logo_path) as opened:
                source = opened.convert("RGBA")
        if source is None:
            return None
        img = Image.new("RGBA", source.size, "white")
        img.alpha_composite(source.convert("RGBA"))
        gray = img.convert("L")
        max_width = int(self.caps.width_dots * self.layout.logo_max_width)
        gray.thumbnail((max_width, self.layout.logo_max_height_dots))
        return _pad_center(gray.convert("1"), self.caps.width_dots)  # Floyd-Steinberg dither

    def build(self, ticket: VoucherTicket) -> PrintJob:
        start = time.perf_counter()
        blocks = ticket_blocks(ticket, self.layout, has_logo=self._logo is not None)
        data = self.encode(blocks)
        return PrintJob(
            data=data,
            length_mm=job_length_mm(data, self.caps.width_dots),
            width_dots=self.caps.width_dots,
            build_seconds=time.perf_counter() - start,
        )

    # --- blocks to bytes --------------------------------------------------------------------
    def encode(self, blocks: list[Block]) -> bytes:
        p = Dummy(profile=self.caps.profile)
        p.hw("INIT")
        p.line_spacing()  # the default pitch; a previous job may have changed it
        for block in blocks:
            if isinstance(block, Text):
                self._text(p, block)
            elif isinstance(block, Logo):
                if self._logo is not None:
                    p.set(align="left")
                    p._raw(raster_command(self._logo))
            elif isinstance(block, Qr):
                self._qr(p, block.data)
            elif isinstance(block, Rule):
                p.set(align="left", bold=False, normal_textsize=True, font="a")
                p.text("-" * (self.caps.width_dots // 12) + "\n")
            elif isinstance(block, Feed):
                p.ln(block.lines)
            elif isinstance(block, Cut):
                p.cut(mode="PART" if self.layout.cut_mode == "partial" else "FULL")
        return bytes(p.output)

    def _font_for(self, p: Dummy, size: str) -> tuple[str, int, int]:
        font, cell, mult = _NATIVE[size]
        if font == "b" and "1" not in p.profile.fonts:
            return "a", 12, 1
        return font, cell, mult

    def _text(self, p: Dummy, block: Text) -> None:
        native = all(is_native_text(s) for s in block.paragraphs)
        if not native and not self.caps.gb18030_font:
            img = render_text(
                block.paragraphs, size=block.size, align=block.align, bold=block.bold,
                width=self.caps.width_dots, font_path=self.caps.font_path,
            )  # fmt: skip
            p.set(align="left")
            p._raw(raster_command(img))
            return
        font, cell, mult = self._font_for(p, block.size)
        columns = self.caps.width_dots // (cell * mult)
        p.set(
            align=block.align, bold=block.bold, font=font,
            double_width=mult == 2, double_height=mult == 2, normal_textsize=mult == 1,
        )  # fmt: skip
        for paragraph in block.paragraphs:
            for line in wrap(paragraph, lambda s: display_cells(s) <= columns):
                if is_native_text(line):
                    p.text(line + "\n")
                else:
                    # FS & selects the printer's Chinese (GB18030) mode, FS . leaves it.
                    p._raw(b"\x1c&" + line.encode("gb18030") + b"\n\x1c.")
        p.set(bold=False, normal_textsize=True, font="a", align="left")

    def _qr(self, p: Dummy, data: str) -> None:
        code = qrcode.QRCode(error_correction=_QR_EC[self.layout.qr_error_correction], border=0)
        code.add_data(data)
        # best_fit picks the version only; make() would also try all eight masks (slow in
        # pure Python), which only the image path needs, and make_image() does it then.
        modules = 17 + 4 * code.best_fit()
        module = self.layout.qr_module_dots or min(
            6, self.caps.width_dots // (modules + 2 * _QR_QUIET_MODULES)
        )
        if module < 2 or modules * module > self.caps.width_dots:
            raise ValueError(f"a {modules}-module QR code does not fit on this paper")
        if self.caps.native_qr:
            p.set(align="center")
            p.qr(data, ec="LMQH".index(self.layout.qr_error_correction), size=module, native=True)
            p.set(align="left")
            p.ln()
            return
        qr = code.make_image().get_image().convert("1")
        qr = qr.resize((modules * module, modules * module), Image.Resampling.NEAREST)
        padded = Image.new("1", (qr.width, qr.height + 2 * module * _QR_QUIET_MODULES), 1)
        padded.paste(qr, (0, module * _QR_QUIET_MODULES))
        p.set(align="left")
        p._raw(raster_command(_pad_center(padded, self.caps.width_dots)))


def build_job(
    ticket: VoucherTicket,
    caps: PrinterCapabilities,
    layout: PrintLayoutSettings | None = None,
    logo_path: Path | None = None,
) -> PrintJob:
    """One-off convenience: ``JobBuilder(caps, layout).build(ticket)``."""
    layout = layout or PrintLayoutSettings()
    if logo_path is not None:
        layout = layout.model_copy(update={"logo_path": logo_path})
    return JobBuilder(caps, layout).build(ticket)
