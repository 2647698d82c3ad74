"""Barcode decoders behind one small port: a greyscale frame in, the codes read from it out.

Backends, chosen by name in config (never by silent fallback):

* ``zxing``  - zxing-cpp (PyPI ``zxing-cpp``, module ``zxingcpp``). Reads a strided numpy view
  directly (the camera's Y plane is passed without a copy), reads inverted codes (phones in dark
  mode) and is several times faster than pyzbar.
* ``pyzbar`` - ZBar through pyzbar (PyPI ``pyzbar`` + the ``libzbar0`` system library). Needs a
  contiguous buffer (one copy per frame) and does not read inverted codes.
* ``zxing+retry`` - zxing on every frame; on a frame where zxing *found* a code but could not
  decode it (tilted, glare, dim, a little blurred), a second look at just that region, enlarged
  2x with a sharpening filter. Frames with no code cost nothing extra (nothing was found), so the
  common case is as fast as ``zxing``. The default: see docs/benchmarks.md for the measurement.
* ``zxing+pyzbar`` - zxing on every frame and pyzbar only on frames where zxing read nothing;
  costs a pyzbar pass on every frame without a code, so it is for measuring, not the default.

Only the symbologies the kiosk uses are enabled (QR and Code 128): every extra format costs time
on every frame and adds false positives.

Text: every payload we scan is ASCII. Decoders return bytes that may be anything (a stranger's
Shift_JIS QR code, binary data); they are turned into ``str`` without ever raising, and
:func:`kiosk.core.payloads.classify` rejects what is not printable ASCII.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Protocol

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    import numpy.typing as npt

log = logging.getLogger(__name__)

Symbology = Literal["qr", "code128"]
DecoderBackend = Literal["zxing", "zxing+retry", "pyzbar", "zxing+pyzbar"]


class DecoderSettings(BaseModel):
    """``[decoder]`` in the kiosk config."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    #: Default chosen by measurement (docs/benchmarks.md): as fast as plain zxing on frames with
    #: no code or a clean code, and reads more tilted, dim and slightly blurred ones.
    backend: DecoderBackend = "zxing+retry"
    symbologies: tuple[Symbology, ...] = Field(default=("qr", "code128"), min_length=1)
    #: zxing only: also look for light-on-dark codes (phones in dark mode). Costs a second pass on
    #: frames without a code.
    try_invert: bool = True
    #: zxing only: also look for codes rotated by 90 degrees (1D codes held sideways).
    try_rotate: bool = True


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    symbology: str


class DecoderUnavailable(RuntimeError):
    """The decoding library for the configured backend is not installed."""


class Decoder(Protocol):
    def decode(self, grey: npt.NDArray[np.uint8]) -> list[Decoded]:
        """All codes found in one greyscale (H x W, uint8) frame; ``[]`` when none."""
        ...


def is_empty_frame(grey: npt.NDArray[Any]) -> bool:
    """Check the port's contract (H x W uint8) the same way for every backend.

    Raises ``ValueError`` for anything else (a colour frame, another dtype): that is a wiring bug,
    not a picture. Returns True for a frame with no pixels, which has no code in it.
    """
    if grey.ndim != 2 or grey.dtype != np.uint8:
        raise ValueError(f"expected a greyscale H x W uint8 frame, got {grey.dtype} {grey.shape}")
    return grey.size == 0


def bytes_to_text(data: bytes) -> str:
    """Decoded bytes as text, never raising: UTF-8 when valid, else Latin-1 (1 byte, 1 char)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


class ZxingDecoder:
    _ZXING_NAMES: ClassVar[dict[Symbology, str]] = {"qr": "QRCode", "code128": "Code128"}
    #: Second looks per frame at most (each is a few milliseconds on a 2x region).
    MAX_RETRIES: ClassVar[int] = 2

    def __init__(self, settings: DecoderSettings, *, retry: bool = False) -> None:
        try:
            import zxingcpp  # optional hardware/vision library, imported lazily
        except ImportError as exc:
            raise DecoderUnavailable(
                "decoder backend 'zxing' needs the 'zxing-cpp' package (pip install zxing-cpp)"
            ) from exc
        self._zx = zxingcpp
        names = ",".join(self._ZXING_NAMES[s] for s in settings.symbologies)
        self._formats = zxingcpp.barcode_formats_from_str(names)
        self._try_invert = settings.try_invert
        self._try_rotate = settings.try_rotate
        self._retry = retry
        self._symbology = {
            zxingcpp.BarcodeFormat.QRCode: "qr",
            zxingcpp.BarcodeFormat.Code128: "code128",
        }

    def decode(self, grey: npt.NDArray[np.uint8]) -> list[Decoded]:
        if is_empty_frame(grey):
            return []
        # TextMode.Plain: the bytes as text, without the "human readable" rewriting that turns
        # control characters into "<SOH>"-style text (which would look like printable input).
        barcodes = self._read(grey, return_errors=self._retry)
        found = [self._to_decoded(b) for b in barcodes if b.valid]
        if found or not self._retry:
            return found
        # Found but not decoded: look again at just that region, enlarged and sharpened.
        for failed in [b for b in barcodes if not b.valid][: self.MAX_RETRIES]:
            region = self._region(grey, failed.position)
            if region is None:
                continue
            again = [self._to_decoded(b) for b in self._read(region) if b.valid]
            if again:
                return again
        return []

    def _read(self, grey: npt.NDArray[np.uint8], *, return_errors: bool = False) -> list[Any]:
        return list(
            self._zx.read_barcodes(
                grey,
                formats=self._formats,
                try_rotate=self._try_rotate,
                try_invert=self._try_invert,
                text_mode=self._zx.TextMode.Plain,
                return_errors=return_errors,
            )
        )

    @staticmethod
    def _region(grey: npt.NDArray[np.uint8], position: Any) -> npt.NDArray[np.uint8] | None:
        """The found code's bounding box plus a margin (its quiet zone), 2x and sharpened."""
        from PIL import Image, ImageFilter  # the second look only

        corners = [
            position.top_left,
            position.top_right,
            position.bottom_right,
            position.bottom_left,
        ]
        xs, ys = [p.x for p in corners], [p.y for p in corners]
        margin = max(max(xs) - min(xs), max(ys) - min(ys)) // 4 + 8
        height, width = grey.shape
        left, right = max(min(xs) - margin, 0), min(max(xs) + margin, width)
        top, bottom = max(min(ys) - margin, 0), min(max(ys) + margin, height)
        if right - left < 16 or bottom - top < 16:
            return None
        crop = Image.fromarray(np.ascontiguousarray(grey[top:bottom, left:right]))
        enlarged = crop.resize((crop.width * 2, crop.height * 2), Image.Resampling.BICUBIC)
        sharpened = enlarged.filter(ImageFilter.UnsharpMask(radius=3, percent=150, threshold=0))
        return np.asarray(sharpened, dtype=np.uint8)

    def _to_decoded(self, barcode: Any) -> Decoded:
        try:
            text = str(barcode.text)
        except (UnicodeDecodeError, ValueError):  # defensive: the binding decodes to str itself
            text = bytes_to_text(bytes(barcode.bytes))
        return Decoded(text=text, symbology=self._symbology.get(barcode.format, "other"))


class PyzbarDecoder:
    _ZBAR_NAMES: ClassVar[dict[Symbology, str]] = {"qr": "QRCODE", "code128": "CODE128"}

    def __init__(self, settings: DecoderSettings) -> None:
        try:
            from pyzbar import pyzbar  # optional library, imported lazily
        except ImportError as exc:
            raise DecoderUnavailable(
                "decoder backend 'pyzbar' needs the 'pyzbar' package and the ZBar library "
                "(pip install pyzbar; apt install libzbar0)"
            ) from exc
        self._decode = pyzbar.decode
        self._symbols = [pyzbar.ZBarSymbol[self._ZBAR_NAMES[s]] for s in settings.symbologies]
        self._symbology = {"QRCODE": "qr", "CODE128": "code128"}

    def decode(self, grey: npt.NDArray[np.uint8]) -> list[Decoded]:
        if is_empty_frame(grey):
            return []
        height, width = grey.shape
        # zbar wants one contiguous Y800 buffer; a strided camera view is copied once here.
        pixels = grey.tobytes()
        results = self._decode((pixels, width, height), symbols=self._symbols)
        return [
            Decoded(text=bytes_to_text(r.data), symbology=self._symbology.get(r.type, "other"))
            for r in results
        ]


class FallbackDecoder:
    """Try decoders in order and stop at the first that reads anything."""

    def __init__(self, decoders: Sequence[Decoder]) -> None:
        self._decoders = list(decoders)

    def decode(self, grey: npt.NDArray[np.uint8]) -> list[Decoded]:
        for decoder in self._decoders:
            found = decoder.decode(grey)
            if found:
                return found
        return []


def open_decoder(settings: DecoderSettings) -> Decoder:
    """The decoder named in ``settings``; :class:`DecoderUnavailable` if its library is missing."""
    match settings.backend:
        case "zxing":
            return ZxingDecoder(settings)
        case "zxing+retry":
            return ZxingDecoder(settings, retry=True)
        case "pyzbar":
            return PyzbarDecoder(settings)
        case "zxing+pyzbar":
            return FallbackDecoder([ZxingDecoder(settings), PyzbarDecoder(settings)])
    raise ValueError(f"unknown decoder backend {settings.backend!r}")  # pragma: no cover
