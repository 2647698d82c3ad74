"""A generated set of camera frames: phone screens showing QR codes, printed Code 128 cards,
and frames with no code, under the conditions a kiosk camera sees.

    python -m bench.scan_synth --out DIR [--per-condition N] [--seed S]
    python -m bench.scan --images DIR

Frames are 640x480 greyscale PNGs (the camera's lores Y plane), each code frame with a ``.txt``
holding its text, in one folder per condition so a run over one folder measures one condition:

==============  =========================================================================
``clean``       a phone held flat, sharp, well lit, 3-4.2 px per module
``small``       the phone held far away: 1.3-2 px per module
``angle``       rotated 20-60 degrees in the image plane
``tilt``        the phone tilted away, 30-50 degrees of perspective
``blur``        out of focus (Gaussian, radius 1-2.5 px)
``motion``      moving (a 6-12 px horizontal smear)
``glare``       a bright reflection washing out part of the code
``inverted``    dark mode: light modules on a dark screen
``lowlight``    a dim shop corner: a quarter of the light, more sensor noise
``mixed``       a random mix of the above, milder each
``code128``     a printed card with a Code 128 barcode, slightly rotated
``nocode``      the same scenes with no code (a screen of text, a blank card): false positives
==============  =========================================================================

Texts are the payloads the kiosk really scans (docs/api.md): rotating member codes, receipts,
vouchers, staff cards, member card numbers. Everything is drawn from one seeded RNG: the same
seed gives the same pictures.
"""

from __future__ import annotations

import argparse
import base64
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import qrcode
from PIL import Image, ImageDraw, ImageFilter

FRAME = (640, 480)
Grey = npt.NDArray[np.uint8]


@dataclass(frozen=True)
class Conditions:
    module_px: float = 3.0  # size of one QR module in the frame before tilting
    angle_deg: float = 0.0
    tilt: float = 0.0  # 0 = flat; 0.5 = the far edge is half as tall
    blur_px: float = 0.0
    motion_px: int = 0
    glare: float = 0.0  # 0..1 strength of a bright reflection
    inverted: bool = False
    light: float = 1.0  # scene brightness
    noise: float = 2.0  # sensor noise (std dev, grey levels)
    code: bool = True


# --- texts ---------------------------------------------------------------------------------------


def _b64(rng: np.random.Generator, n: int) -> str:
    return base64.urlsafe_b64encode(rng.bytes(n)).rstrip(b"=").decode("ascii")


def payload_text(rng: np.random.Generator) -> str:
    kind = rng.choice(["member", "member", "member", "receipt", "voucher", "staff"])
    if kind == "member":
        return f"M1:{rng.integers(100000, 999999)}:{rng.integers(0, 10**8):08d}"
    if kind == "receipt":
        return f"R1.{_b64(rng, 48)}.{_b64(rng, 32)}"
    if kind == "voucher":
        return f"V1.{_b64(rng, 40)}.{_b64(rng, 64)}"
    return f"S1:{rng.integers(1000, 9999)}"


# --- drawing ---------------------------------------------------------------------------------


def qr_modules(text: str) -> npt.NDArray[np.bool_]:
    code = qrcode.QRCode(border=4, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    return np.array(code.get_matrix(), dtype=bool)


def phone(text: str | None, c: Conditions, rng: np.random.Generator) -> Image.Image:
    """A phone face-on (bezel, screen, code or text), as an L image with an alpha mask."""
    modules = qr_modules(text) if text is not None else qr_modules("placeholder")
    scale = 4  # draw large, the perspective warp scales down (cleaner edges)
    code_px = round(len(modules) * c.module_px * scale)
    screen_w = int(code_px * 1.25)
    screen_h = int(screen_w * 1.8)
    bezel = int(screen_w * 0.06)
    paper, ink = (30, 225) if c.inverted else (245, 20)
    img = Image.new("L", (screen_w + 2 * bezel, screen_h + 2 * bezel), 15)
    draw = ImageDraw.Draw(img)
    draw.rounded_rectangle(
        (bezel, bezel, bezel + screen_w, bezel + screen_h), radius=bezel, fill=paper
    )
    # some UI around the code: a title bar and lines of "text"
    for row in range(4):
        y = bezel + int(screen_h * (0.05 + 0.04 * row))
        draw.rectangle(
            (
                bezel + screen_w // 10,
                y,
                bezel + int(screen_w * rng.uniform(0.4, 0.9)),
                y + scale * 6,
            ),
            fill=(ink + paper) // 2,
        )
    top = bezel + (screen_h - code_px) // 2
    left = bezel + (screen_w - code_px) // 2
    if text is not None:
        cells = np.where(modules, ink, paper).astype(np.uint8)
        block = Image.fromarray(cells).resize((code_px, code_px), Image.Resampling.NEAREST)
        img.paste(block, (left, top))
    else:
        for row in range(12):  # a screen of text instead of a code
            y = top + row * code_px // 12
            draw.rectangle(
                (left, y, left + int(code_px * rng.uniform(0.5, 1.0)), y + scale * 5), fill=ink
            )
    img.putalpha(Image.new("L", img.size, 255))
    return img


def card(text: str | None, rng: np.random.Generator) -> Image.Image:
    """A printed member/staff card with a Code 128 barcode (drawn by zxing-cpp's writer)."""
    import zxingcpp  # the writer is only needed to draw the set

    w, h = 1000, 630
    img = Image.new("L", (w, h), 235)
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 0, w, 120), fill=90)
    if text is not None:
        barcode = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.Code128)
        bars = Image.fromarray(np.asarray(barcode.to_image(scale=4, add_quiet_zones=True)))
        bars = bars.resize((min(860, bars.width), 220), Image.Resampling.NEAREST)
        img.paste(bars, ((w - bars.width) // 2, 260))
    draw.rectangle((60, 520, 60 + int(rng.uniform(200, 500)), 560), fill=60)
    img.putalpha(Image.new("L", img.size, 255))
    return img


def _perspective_coeffs(dst: npt.NDArray[np.float64], src: npt.NDArray[np.float64]) -> list[float]:
    """PIL's 8 coefficients mapping output points ``dst`` back to input points ``src``."""
    rows = []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    solution = np.linalg.solve(np.array(rows, dtype=np.float64), src.reshape(8))
    return [float(v) for v in solution]


def place(
    obj: Image.Image, c: Conditions, rng: np.random.Generator, *, width_px: float
) -> Image.Image:
    """``obj`` tilted, rotated and scaled to about ``width_px`` wide, on a 640x480 canvas."""
    w, h = obj.size
    k = width_px / w
    half_w, half_h = w * k / 2, h * k / 2
    # tilt about the vertical axis: the far (right) edge shorter and closer in
    far = 1.0 - c.tilt
    quad = np.array(
        [
            [-half_w, -half_h],
            [half_w * (0.5 + far / 2), -half_h * far],
            [half_w * (0.5 + far / 2), half_h * far],
            [-half_w, half_h],
        ]
    )
    a = np.radians(c.angle_deg)
    rotation = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    quad = quad @ rotation.T
    span = quad.max(axis=0) - quad.min(axis=0)
    room = np.array(FRAME) - span
    # Somewhere in view; an object larger than the frame (a phone held close) is centred, so
    # its middle, where the code is, stays in view.
    offset = -quad.min(axis=0) + np.where(room > 0, rng.uniform(0.15, 0.85, 2) * room, room / 2)
    dst = quad + offset
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float64)
    return obj.transform(
        FRAME, Image.Transform.PERSPECTIVE, _perspective_coeffs(dst, src), Image.Resampling.BICUBIC
    )


def background(rng: np.random.Generator) -> Image.Image:
    """A counter top and shop behind: a gradient and a few soft shapes."""
    y, x = np.mgrid[0 : FRAME[1], 0 : FRAME[0]]
    base = (
        rng.uniform(70, 170)
        + rng.uniform(-40, 40) * (x / FRAME[0])
        + rng.uniform(-40, 40) * (y / FRAME[1])
    )
    img = Image.fromarray(np.clip(base, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(img)
    for _ in range(rng.integers(2, 6)):
        x0, y0 = rng.uniform(-100, FRAME[0]), rng.uniform(-100, FRAME[1])
        size = rng.uniform(40, 260)
        draw.ellipse(
            (x0, y0, x0 + size, y0 + size * rng.uniform(0.3, 1.5)), fill=int(rng.uniform(30, 220))
        )
    return img.filter(ImageFilter.GaussianBlur(6))


def render(
    text: str | None, c: Conditions, rng: np.random.Generator, *, printed: bool = False
) -> Grey:
    scene = background(rng)
    if printed:
        obj = card(text, rng)
        placed = place(obj, c, rng, width_px=rng.uniform(330, 420))
    else:
        obj = phone(text, c, rng)
        placed = place(obj, c, rng, width_px=obj.width / 4)  # /4: phone() draws 4x large
    scene.paste(placed.convert("L"), (0, 0), placed.getchannel("A"))
    if c.blur_px:
        scene = scene.filter(ImageFilter.GaussianBlur(c.blur_px))
    frame: npt.NDArray[np.float64] = np.asarray(scene, dtype=np.float64)
    if c.motion_px:
        kernel = np.ones(c.motion_px, dtype=np.float32) / c.motion_px
        frame = np.apply_along_axis(lambda row: np.convolve(row, kernel, mode="same"), 1, frame)
    if c.glare:
        yy, xx = np.mgrid[0 : FRAME[1], 0 : FRAME[0]]
        cx, cy = rng.uniform(0.3, 0.7) * FRAME[0], rng.uniform(0.3, 0.7) * FRAME[1]
        rx, ry = rng.uniform(50, 110), rng.uniform(30, 70)
        spot = np.exp(-(((xx - cx) / rx) ** 2 + ((yy - cy) / ry) ** 2))
        frame = frame + c.glare * 255 * spot
    frame = frame * c.light + rng.normal(0, c.noise, frame.shape)
    return np.clip(frame, 0, 255).astype(np.uint8)


# --- the set -------------------------------------------------------------------------------------


def _conditions(name: str, rng: np.random.Generator) -> tuple[Conditions, bool]:
    """The conditions of one frame of the named folder, and whether it is a printed card."""
    u = rng.uniform
    clean = Conditions(module_px=u(3.0, 4.2))
    table: dict[str, Callable[[], Conditions]] = {
        "clean": lambda: clean,
        "small": lambda: Conditions(module_px=u(1.3, 2.0)),
        "angle": lambda: Conditions(
            module_px=u(3.0, 4.0), angle_deg=u(20, 60) * rng.choice([-1, 1])
        ),
        "tilt": lambda: Conditions(module_px=u(3.0, 4.0), tilt=u(0.3, 0.5), angle_deg=u(-10, 10)),
        "blur": lambda: Conditions(module_px=u(3.0, 4.0), blur_px=u(1.0, 2.5)),
        "motion": lambda: Conditions(module_px=u(3.0, 4.0), motion_px=int(rng.integers(6, 13))),
        "glare": lambda: Conditions(module_px=u(3.0, 4.0), glare=u(0.6, 1.0)),
        "inverted": lambda: Conditions(module_px=u(3.0, 4.0), inverted=True),
        "lowlight": lambda: Conditions(module_px=u(3.0, 4.0), light=u(0.2, 0.3), noise=u(4, 8)),
        "mixed": lambda: Conditions(
            module_px=u(2.2, 4.0),
            angle_deg=u(-30, 30),
            tilt=u(0, 0.3),
            blur_px=u(0, 1.5),
            glare=u(0, 0.5) * (rng.random() < 0.5),
            inverted=bool(rng.random() < 0.3),
            light=u(0.35, 1.0),
            noise=u(2, 5),
        ),
        "code128": lambda: Conditions(angle_deg=u(-8, 8), tilt=u(0, 0.15), blur_px=u(0, 0.8)),
        "nocode": lambda: Conditions(
            module_px=u(2.5, 4.0),
            angle_deg=u(-20, 20),
            inverted=bool(rng.random() < 0.3),
            code=False,
        ),
    }
    printed = name == "code128" or (name == "nocode" and rng.random() < 0.3)
    return table[name](), printed


CONDITIONS = (
    "clean",
    "small",
    "angle",
    "tilt",
    "blur",
    "motion",
    "glare",
    "inverted",
    "lowlight",
    "mixed",
    "code128",
    "nocode",
)


def card_text(rng: np.random.Generator) -> str:
    return (
        f"MC{rng.integers(0, 10**10):010d}"
        if rng.random() < 0.7
        else f"S1:{rng.integers(1000, 9999)}"
    )


def generate(
    out: Path, *, per_condition: int = 24, seed: int = 20261122, only: Sequence[str] = CONDITIONS
) -> int:
    """Write the set under ``out``; returns the number of frames written."""
    rng = np.random.default_rng(seed)
    written = 0
    for name in CONDITIONS:
        folder = out / name
        # Draw even for skipped folders, so a subset has the same pictures as the full set.
        for i in range(per_condition):
            c, printed = _conditions(name, rng)
            text = None if not c.code else (card_text(rng) if printed else payload_text(rng))
            frame = render(text, c, rng, printed=printed)
            if name not in only:
                continue
            folder.mkdir(parents=True, exist_ok=True)
            Image.fromarray(frame).save(folder / f"{i:03d}.png")
            if text is not None:
                (folder / f"{i:03d}.txt").write_text(text, encoding="ascii")
            written += 1
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.scan_synth", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--per-condition", type=int, default=24)
    parser.add_argument("--seed", type=int, default=20261122)
    args = parser.parse_args(argv)
    n = generate(args.out, per_condition=args.per_condition, seed=args.seed)
    print(f"wrote {n} frames under {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
