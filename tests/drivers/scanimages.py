"""Test pictures for the scanning tests: generated QR / Code 128 images and the real photos."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt
import qrcode
import zxingcpp

Grey = npt.NDArray[np.uint8]

#: Real photos of printed codes (see its README); outside the repo, so tests skip without it.
SCAN_PHOTOS = Path(__file__).resolve().parents[2] / ".." / "shared" / "testdata" / "scan-photos"


def qr(text: str | bytes, *, box: int = 6, border: int = 4) -> Grey:
    """A black-on-white QR code, ``box`` pixels per module."""
    code = qrcode.QRCode(box_size=box, border=border)
    code.add_data(text)
    code.make(fit=True)
    image = code.make_image().get_image().convert("L")
    return np.asarray(image, dtype=np.uint8).copy()


def code128(text: str, *, scale: int = 3) -> Grey:
    """A Code 128 barcode with quiet zones (made with zxing-cpp's writer)."""
    barcode = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.Code128)
    return np.asarray(barcode.to_image(scale=scale, add_quiet_zones=True), dtype=np.uint8).copy()


def on_frame(
    code: Grey,
    *,
    size: tuple[int, int] = (480, 640),
    at: tuple[int, int] = (40, 60),
    background: int = 190,
) -> Grey:
    """``code`` placed on a plain camera-sized frame (height, width) at ``at`` (row, column)."""
    frame = np.full(size, background, dtype=np.uint8)
    h, w = code.shape
    frame[at[0] : at[0] + h, at[1] : at[1] + w] = code
    return frame


def invert(grey: Grey) -> Grey:
    """Light-on-dark, like a QR code on a phone in dark mode."""
    return (255 - grey).astype(np.uint8)


def photo_cases() -> list[tuple[Path, str]]:
    """(image, expected text) for every photo that has a .txt beside it."""
    cases = []
    for image in sorted(SCAN_PHOTOS.rglob("*")):
        if image.suffix.lower() in {".png", ".jpg", ".jpeg"}:
            expected = image.with_suffix(".txt")
            if expected.is_file():
                cases.append((image, expected.read_text(encoding="utf-8")))
    return cases
