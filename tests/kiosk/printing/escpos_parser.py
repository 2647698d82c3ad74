"""A small, strict ESC/POS parser for the tests, written independently of the kiosk's own
renderer (``drivers/printer/render.py``) so the two check each other.

It turns a job into an ordered list of events: printed text lines (decoded from the code page
or, inside ``FS &`` ... ``FS .``, from GB18030), raster images (``GS v 0``) as PIL images,
native QR payloads (``GS ( k``), feeds and cuts. Any byte sequence it does not know fails the
test: the kiosk must not send what we have not looked at.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image

ESC, GS, FS = 0x1B, 0x1D, 0x1C

# ESC x with the number of parameter bytes, for the commands a ticket may contain.
_ESC = {b"@": 0, b"t": 1, b"a": 1, b"E": 1, b"!": 1, b"M": 1, b"-": 1, b"d": 1, b"2": 0, b"3": 1}
_GS = {b"!": 1, b"B": 1}


@dataclass
class Event:
    kind: str  # "text" | "raster" | "qr" | "feed" | "cut"
    text: str = ""
    image: Image.Image | None = None
    data: bytes = b""
    align: int = 0
    kanji: bool = False


@dataclass
class Parsed:
    events: list[Event] = field(default_factory=list)

    def texts(self) -> list[str]:
        return [e.text for e in self.events if e.kind == "text"]

    def rasters(self) -> list[Image.Image]:
        return [e.image for e in self.events if e.kind == "raster" and e.image is not None]

    def pictures(self) -> list[Image.Image]:
        """Consecutive rasters joined: a tall image is sent in bands, one picture on paper."""
        groups: list[list[Image.Image]] = []
        previous = ""
        for e in self.events:
            if e.kind == "raster" and e.image is not None:
                if previous != "raster":
                    groups.append([])
                groups[-1].append(e.image)
            previous = e.kind
        return [stack(g, max(im.width for im in g)) for g in groups]

    def qr_payloads(self) -> list[bytes]:
        return [e.data for e in self.events if e.kind == "qr"]

    def cuts(self) -> int:
        return sum(e.kind == "cut" for e in self.events)


def parse(job: bytes) -> Parsed:
    out = Parsed()
    i = 0
    line = bytearray()
    kanji = False
    align = 0
    qr_data = b""

    def end_line() -> None:
        # Outside Chinese mode the kiosk sends ASCII only (the code page is then irrelevant):
        # decoding as ASCII fails the test on any other byte.
        codec = "gb18030" if kanji else "ascii"
        out.events.append(Event("text", text=line.decode(codec), align=align, kanji=kanji))
        line.clear()

    while i < len(job):
        b = job[i]
        if b == 0x0A:
            end_line()
            i += 1
        elif b >= 0x20:
            line.append(b)
            i += 1
        elif b == ESC:
            op = job[i + 1 : i + 2]
            assert op in _ESC, f"unexpected ESC {op!r} at {i}"
            params = job[i + 2 : i + 2 + _ESC[op]]
            if op == b"a":
                align = params[0] % 48
            elif op == b"d":
                assert not line, "feed with unprinted text"
                out.events.append(Event("feed", data=params))
            i += 2 + _ESC[op]
        elif b == FS:
            op = job[i + 1 : i + 2]
            assert op in (b"&", b"."), f"unexpected FS {op!r} at {i}"
            assert not line, "code page switch in the middle of a line"
            kanji = op == b"&"
            i += 2
        elif b == GS:
            op = job[i + 1 : i + 2]
            if op in _GS:
                i += 2 + _GS[op]
            elif op == b"v":
                assert job[i + 2 : i + 4] == b"0\x00", "raster mode 0 expected"
                xb = int.from_bytes(job[i + 4 : i + 6], "little")
                h = int.from_bytes(job[i + 6 : i + 8], "little")
                raw = job[i + 8 : i + 8 + xb * h]
                assert len(raw) == xb * h, "truncated raster"
                ink = Image.frombytes("1", (xb * 8, h), raw)  # 1 = black dot
                img = Image.eval(ink.convert("L"), lambda v: 255 - v)  # white paper
                out.events.append(Event("raster", image=img, align=align))
                i += 8 + xb * h
            elif op == b"(":
                assert job[i + 2 : i + 3] == b"k", "only GS ( k (2D codes) expected"
                n = int.from_bytes(job[i + 3 : i + 5], "little")
                body = job[i + 5 : i + 5 + n]
                assert body[0:1] == b"1", "only QR (cn=49) expected"
                fn = body[1:2]
                if fn == b"P":
                    qr_data = body[3:]
                elif fn == b"Q":
                    out.events.append(Event("qr", data=qr_data, align=align))
                i += 5 + n
            elif op == b"V":
                m = job[i + 2]
                out.events.append(Event("cut"))
                i += 4 if m in (65, 66) else 3
            else:
                raise AssertionError(f"unexpected GS {op!r} at {i}")
        else:
            raise AssertionError(f"unexpected control byte 0x{b:02x} at {i}")
    assert not line, "text left unprinted at the end of the job"
    return out


def stack(images: list[Image.Image], width: int) -> Image.Image:
    """Rasters one under another, as they come out of the printer."""
    out = Image.new("L", (width, sum(im.height for im in images) or 1), 255)
    y = 0
    for im in images:
        out.paste(im, (0, y))
        y += im.height
    return out
