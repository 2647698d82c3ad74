"""Draw what a thermal printer would print from a job's ESC/POS bytes (the simulated printer's
PNG, and the ``print-preview`` command), and measure a job's paper length.

It understands the commands the kiosk's layout sends plus the common text-style ones: text in a
code page or in GB18030 (``FS &``), ``GS v 0`` raster images, native QR codes (``GS ( k``),
feeds, alignment, sizes and cuts. An unknown command raises :class:`UnsupportedCommand`: a
preview that silently drops something would hide exactly the bug it exists to show.

Geometry follows the usual 203 dpi head: font A is 12x24 dots, font B 9x17, a full-width
(CJK) character takes two cells, the default line pitch is 30 dots.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont

from drivers.printer.settings import DEFAULT_FONT, DOTS_PER_MM

ESC, GS, FS, DLE = 0x1B, 0x1D, 0x1C, 0x10
DEFAULT_LINE_PITCH = 30
FONT_CELLS = {0: (12, 24), 1: (9, 17)}
CODEPAGES = {0: "cp437", 2: "cp850", 16: "cp1252", 19: "cp858"}
QR_EC = {48: qrcode.constants.ERROR_CORRECT_L, 49: qrcode.constants.ERROR_CORRECT_M,
         50: qrcode.constants.ERROR_CORRECT_Q, 51: qrcode.constants.ERROR_CORRECT_H}  # fmt: skip

# ESC / FS commands with a fixed number of parameter bytes.
ESC_PARAMS = {0x40: 0, 0x74: 1, 0x61: 1, 0x45: 1, 0x21: 1, 0x4D: 1, 0x2D: 1, 0x64: 1, 0x4A: 1,
              0x32: 0, 0x33: 1, 0x47: 1, 0x7B: 1, 0x56: 1, 0x70: 3, 0x3D: 1, 0x72: 1, 0x55: 1,
              0x20: 1, 0x24: 2, 0x52: 1, 0x4C: 0, 0x53: 0, 0x69: 0, 0x6D: 0}  # fmt: skip
GS_PARAMS = {0x21: 1, 0x42: 1, 0x62: 1, 0x61: 1, 0x72: 1, 0x68: 1, 0x77: 1, 0x48: 1, 0x66: 1,
             0x4C: 2, 0x57: 2, 0x24: 2}  # fmt: skip
FS_PARAMS = {0x26: 0, 0x2E: 0, 0x43: 1, 0x21: 1, 0x2D: 1, 0x57: 1, 0x70: 2}


class UnsupportedCommand(ValueError):
    """The job holds a command this renderer does not know how to draw (or a truncated one)."""


@dataclass
class _Style:
    font: int = 0
    bold: bool = False
    width: int = 1
    height: int = 1
    align: int = 0
    kanji: bool = False
    codepage: str = "cp437"
    line_pitch: int = DEFAULT_LINE_PITCH


@dataclass
class _Run:
    text: str
    font: int
    bold: bool
    width: int
    height: int


@dataclass
class _Qr:
    model: int = 50
    size: int = 3
    ec: int = 48
    data: bytes = b""


@dataclass
class _Page:
    width: int
    draw: bool
    strips: list[Image.Image] = field(default_factory=list)
    height: int = 0

    def add_blank(self, height: int) -> None:
        if height <= 0:
            return
        self.height += height
        if self.draw:
            self.strips.append(Image.new("1", (self.width, height), 1))

    def add_image(self, img: Image.Image, align: int) -> None:
        self.height += img.height
        if not self.draw:
            return
        strip = Image.new("1", (self.width, img.height), 1)
        x = {0: 0, 1: (self.width - img.width) // 2, 2: self.width - img.width}.get(align, 0)
        strip.paste(img.crop((0, 0, min(img.width, self.width), img.height)), (max(0, x), 0))
        self.strips.append(strip)


@cache
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size)


@cache
def _glyph(font_path: Path, ch: str, font: int, width: int, height: int) -> Image.Image:
    """One character drawn into its cell(s) and scaled, as a printer's magnified font is."""
    cell_w, cell_h = FONT_CELLS[font]
    face = _font(font_path, cell_h - 2)
    # Draw at the glyph's natural width, then squeeze it into its cell(s): wide letters
    # (M, W) stay whole, as in a printer's fixed-pitch font.
    natural = max(cell_w * _cells(ch), int(face.getlength(ch)) + 1)
    base = Image.new("L", (natural, cell_h), 0)
    ImageDraw.Draw(base).text((0, 0), ch, font=face, fill=255)
    scaled = base.resize((cell_w * _cells(ch) * width, cell_h * height))
    return scaled.point(lambda v: 255 if v > 100 else 0).convert("1")


def _cells(ch: str) -> int:
    """Full-width (CJK, full-width punctuation) characters take two cells."""
    return 2 if ord(ch) >= 0x2E80 else 1


class _Renderer:
    def __init__(self, width_dots: int, draw: bool, font_path: Path) -> None:
        self.page = _Page(width_dots, draw)
        self.style = _Style()
        self.runs: list[_Run] = []
        self.qr = _Qr()
        self.font_path = font_path
        self.cuts: list[int] = []

    # --- text -----------------------------------------------------------------------------
    def text(self, raw: bytes) -> None:
        codec = "gb18030" if self.style.kanji else self.style.codepage
        s = self.style
        text = raw.decode(codec, errors="replace")
        self.runs.append(_Run(text, s.font, s.bold, s.width, s.height))

    def line_feed(self, extra_lines: int = 0) -> None:
        """LF / ESC d: print the buffered line, then advance."""
        height = max([self.style.line_pitch] + [self._run_height(r) for r in self.runs])
        if self.runs and self.page.draw:
            self.page.add_image(self._draw_line(height), 0)
        else:
            self.page.add_blank(height)
        self.runs = []
        self.page.add_blank(extra_lines * self.style.line_pitch)

    def flush_line(self) -> None:
        if self.runs:
            self.line_feed()

    @staticmethod
    def _run_height(run: _Run) -> int:
        return FONT_CELLS[run.font][1] * run.height + 6

    def _draw_line(self, height: int) -> Image.Image:
        total = sum(
            FONT_CELLS[r.font][0] * r.width * sum(_cells(c) for c in r.text) for r in self.runs
        )
        w = self.page.width
        x = {1: (w - total) // 2, 2: w - total}.get(self.style.align, 0)
        img = Image.new("1", (w, height), 1)
        draw = ImageDraw.Draw(img)
        for run in self.runs:
            for ch in run.text:
                mask = _glyph(self.font_path, ch, run.font, run.width, run.height)
                y = height - mask.height - 3
                draw.bitmap((x, y), mask, fill=0)
                if run.bold:
                    draw.bitmap((x + 1, y), mask, fill=0)
                x += mask.width
        return img

    # --- images, codes, cuts --------------------------------------------------------------
    def raster(self, width_bytes: int, height: int, data: bytes) -> None:
        self.flush_line()
        if self.page.draw:
            img = Image.frombytes("1", (width_bytes * 8, height), data)
            # ESC/POS rasters are 1 = black; PIL "1" is 1 = white.
            img = img.point(lambda v: 0 if v else 255).convert("1")
            self.page.add_image(img, self.style.align)
        else:
            self.page.height += height

    def qr_print(self) -> None:
        self.flush_line()
        code = qrcode.QRCode(border=0, box_size=max(1, self.qr.size),
                             error_correction=QR_EC.get(self.qr.ec, QR_EC[48]))  # fmt: skip
        code.add_data(self.qr.data)
        side = (17 + 4 * code.best_fit()) * max(1, self.qr.size)  # the version, no mask search
        if self.page.draw:
            img = code.make_image().get_image().convert("1").resize((side, side))
            self.page.add_image(img, self.style.align)
        else:
            self.page.height += side

    def cut(self) -> None:
        self.flush_line()
        self.cuts.append(self.page.height)
        if self.page.draw:
            strip = Image.new("1", (self.page.width, 9), 1)
            draw = ImageDraw.Draw(strip)
            for x in range(0, self.page.width, 12):
                draw.line((x, 4, x + 6, 4), fill=0)
            self.page.strips.append(strip)
        self.page.height += 9


def _command_length(job: bytes, i: int) -> int:
    """Length of the command starting at ``job[i]`` (a control byte), parameters included."""

    def byte(k: int) -> int:
        if i + k >= len(job):
            raise UnsupportedCommand(f"truncated command at byte {i}")
        return job[i + k]

    lead, op = job[i], byte(1)
    table = {ESC: ESC_PARAMS, FS: FS_PARAMS, GS: GS_PARAMS}.get(lead)
    if lead == DLE:
        return 3  # DLE EOT n / DLE ENQ n: real-time requests, nothing printed
    if lead == GS and op == 0x76:  # GS v 0 m xL xH yL yH d...
        return 8 + (byte(4) | byte(5) << 8) * (byte(6) | byte(7) << 8)
    if lead == GS and op == 0x28:  # GS ( <fn> pL pH ...
        return 5 + (byte(3) | byte(4) << 8)
    if lead == GS and op == 0x56:  # GS V m [n]
        return 4 if byte(2) in (65, 66, 97, 98, 103, 104) else 3
    if table is None or op not in table:
        raise UnsupportedCommand(f"command 0x{lead:02x} 0x{op:02x} at byte {i}")
    return 2 + table[op]


def _tokens(job: bytes) -> Iterator[tuple[str, bytes]]:
    """Split a job into ("text", bytes), ("lf", b"\\n") and (lead byte name, command) tokens."""
    i, n = 0, len(job)
    while i < n:
        b = job[i]
        if b >= 0x20:
            j = i
            while j < n and job[j] >= 0x20:
                j += 1
            yield "text", job[i:j]
            i = j
        elif b in (0x0A, 0x09, 0x0C):
            yield "lf", b"\n"
            i += 1
        elif b in (0x0D, 0x00):
            i += 1
        elif b in (ESC, FS, GS, DLE):
            size = _command_length(job, i)
            if i + size > n:
                raise UnsupportedCommand(f"truncated command at byte {i}")
            yield {ESC: "ESC", FS: "FS", GS: "GS", DLE: "DLE"}[b], job[i : i + size]
            i += size
        else:
            raise UnsupportedCommand(f"control byte 0x{b:02x} at byte {i}")


def _apply_esc(r: _Renderer, op: int, arg: int) -> None:
    s = r.style
    if op == 0x40:
        r.flush_line()
        r.style = _Style()
    elif op == 0x74:
        s.codepage = CODEPAGES.get(arg, "cp437")
    elif op == 0x61:
        s.align = arg - 48 if arg >= 48 else arg
    elif op in (0x45, 0x47):
        s.bold = bool(arg & 1)
    elif op == 0x21:
        s.font, s.bold = arg & 1, bool(arg & 8)
        s.height, s.width = (2 if arg & 0x10 else 1), (2 if arg & 0x20 else 1)
    elif op == 0x4D:
        s.font = (arg - 48 if arg >= 48 else arg) & 1
    elif op == 0x64:
        r.line_feed(extra_lines=max(0, arg - 1))
    elif op == 0x4A:
        r.flush_line()
        r.page.add_blank(arg)
    elif op in (0x32, 0x33):
        s.line_pitch = arg if op == 0x33 else DEFAULT_LINE_PITCH


def _apply_qr(r: _Renderer, fn: int, body: bytes) -> None:
    if fn == 0x41 and body:  # select model
        r.qr.model = body[0]
    elif fn == 0x43 and body:  # module size in dots
        r.qr.size = body[0]
    elif fn == 0x45 and body:  # error correction level
        r.qr.ec = body[0]
    elif fn == 0x50:  # store the data (after the m byte)
        r.qr.data = body[1:]
    elif fn == 0x51:  # print the stored symbol
        r.qr_print()


def _apply_gs(r: _Renderer, cmd: bytes) -> None:
    op = cmd[1]
    if op == 0x21:
        r.style.width, r.style.height = (cmd[2] >> 4) + 1, (cmd[2] & 0x0F) + 1
    elif op == 0x76:
        r.raster(cmd[4] | cmd[5] << 8, cmd[6] | cmd[7] << 8, cmd[8:])
    elif op == 0x56:
        r.cut()
    elif op == 0x28 and cmd[2] == 0x6B and len(cmd) >= 7 and cmd[5] == 0x31:
        _apply_qr(r, cmd[6], cmd[7:])
    elif op == 0x28:
        raise UnsupportedCommand(f"GS ( 0x{cmd[2]:02x} is not rendered")


def _run(job: bytes, width_dots: int, draw: bool, font_path: Path) -> _Renderer:
    r = _Renderer(width_dots, draw, font_path)
    for kind, cmd in _tokens(job):
        if kind == "text":
            r.text(cmd)
        elif kind == "lf":
            r.line_feed()
        elif kind == "ESC":
            _apply_esc(r, cmd[1], cmd[2] if len(cmd) > 2 else 0)
        elif kind == "FS" and cmd[1] in (0x26, 0x2E):
            r.style.kanji = cmd[1] == 0x26
        elif kind == "GS":
            _apply_gs(r, cmd)
    r.flush_line()
    return r


def render_job(job: bytes, width_dots: int, font_path: Path = DEFAULT_FONT) -> Image.Image:
    """The job as a 1-bit image ``width_dots`` wide (white paper, black print)."""
    r = _run(job, width_dots, True, font_path)
    if not r.page.strips:
        return Image.new("1", (width_dots, 1), 1)
    out = Image.new("1", (width_dots, sum(s.height for s in r.page.strips)), 1)
    y = 0
    for strip in r.page.strips:
        out.paste(strip, (0, y))
        y += strip.height
    return out


def job_length_mm(job: bytes, width_dots: int) -> float:
    """How much paper the job uses, for the paper-left estimate (nothing is drawn)."""
    return _run(job, width_dots, False, DEFAULT_FONT).page.height / DOTS_PER_MM
