"""Decode rate and per-frame time of the kiosk's decoding pipeline over a folder of images.

    python -m bench.scan --images DIR [--backend NAME ...] [--repeat N]

``DIR`` is searched recursively. Each image (png/jpg/...) with a ``.txt`` of the same stem
(``7.png`` + ``7.txt``) must decode to that text; an image without one is a frame with no code,
where anything decoded is a false positive. Every image is decoded as the kiosk does it
(greyscale, then the configured decoder's ``decode``) twice: at its own size and downscaled to fit
640x480 (the camera's lores stream), with a box filter as the camera's scaler would.

Per backend and size it prints: decoded (right text), wrong (some other text), missed (nothing),
false positives, and p50 / p95 milliseconds per frame. The last line is one JSON object with
the same figures.

Text comparison treats CRLF and LF as equal (the expected-text files were stored with Unix line
endings; QR contents often use CRLF).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, get_args

import numpy as np
import numpy.typing as npt
from PIL import Image

from drivers.camera import IMAGE_SUFFIXES, to_grey
from drivers.decoder import Decoder, DecoderBackend, DecoderSettings, open_decoder

LORES = (640, 480)


@dataclass(frozen=True)
class Case:
    image: Path
    expected: str | None  # None: no code expected


@dataclass
class Tally:
    decoded: int = 0
    wrong: int = 0
    missed: int = 0
    false_positives: int = 0
    times_ms: list[float] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        figures = asdict(self)
        del figures["times_ms"]
        figures["p50_ms"] = round(percentile(self.times_ms, 50), 3)
        figures["p95_ms"] = round(percentile(self.times_ms, 95), 3)
        return figures


def percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    # statistics.quantiles with n=100 gives the 1st..99th percentiles ("inclusive" = the
    # usual linear interpolation between the sorted samples).
    return statistics.quantiles(values, n=100, method="inclusive")[round(q) - 1]


def find_cases(root: Path) -> list[Case]:
    cases = []
    for image in sorted(root.rglob("*")):
        if image.suffix.lower() not in IMAGE_SUFFIXES or not image.is_file():
            continue
        text_file = image.with_suffix(".txt")
        expected = text_file.read_text(encoding="utf-8") if text_file.is_file() else None
        cases.append(Case(image, expected))
    return cases


def normalise(text: str) -> str:
    return text.replace("\r\n", "\n")


def fit_lores(grey: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint8]:
    """Downscale to fit 640x480 keeping the aspect ratio (never upscale)."""
    height, width = grey.shape
    scale = min(LORES[0] / width, LORES[1] / height)
    if scale >= 1:
        return grey
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    image = Image.fromarray(grey).resize(size, Image.Resampling.BOX)
    return np.asarray(image, dtype=np.uint8)


def score(tally: Tally, expected: str | None, texts: list[str]) -> None:
    if expected is None:
        tally.false_positives += bool(texts)
    elif normalise(expected) in {normalise(t) for t in texts}:
        tally.decoded += 1
    elif texts:
        tally.wrong += 1
    else:
        tally.missed += 1


@dataclass(frozen=True)
class Outcome:
    case: Case
    size: str
    texts: list[str]
    times_ms: list[float]


def run_backend(decoder: Decoder, cases: list[Case], repeat: int) -> list[Outcome]:
    outcomes = []
    for case in cases:
        native = to_grey(case.image)
        for size, grey in (("native", native), ("640x480", fit_lores(native))):
            texts: list[str] = []
            times = []
            for _ in range(repeat):
                began = time.perf_counter()
                found = decoder.decode(grey)
                times.append((time.perf_counter() - began) * 1000)
                texts = [d.text for d in found]
            outcomes.append(Outcome(case, size, texts, times))
    return outcomes


def tally(outcomes: list[Outcome]) -> dict[str, Tally]:
    tallies = {"native": Tally(), "640x480": Tally()}
    for o in outcomes:
        score(tallies[o.size], o.case.expected, o.texts)
        tallies[o.size].times_ms.extend(o.times_ms)
    return tallies


def group_of(case: Case, root: Path) -> str:
    parts = case.image.relative_to(root).parts
    return parts[0] if len(parts) > 1 else "."


def print_rows(name: str, tallies: dict[str, Tally], label: str = "") -> None:
    for size, t in tallies.items():
        s = t.summary()
        print(
            f"{name:<14}{label:<11}{size:<9}{s['decoded']:>8}{s['wrong']:>7}{s['missed']:>8}"
            f"{s['false_positives']:>8}{s['p50_ms']:>9.2f}{s['p95_ms']:>9.2f}"
        )


def main(argv: Sequence[str] | None = None) -> int:
    backends: tuple[DecoderBackend, ...] = get_args(DecoderBackend)
    parser = argparse.ArgumentParser(
        prog="python -m bench.scan", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--images", type=Path, required=True, help="folder of images (+ .txt)")
    parser.add_argument(
        "--backend",
        action="append",
        choices=backends,
        help="decoder backend (repeatable; default: all)",
    )
    parser.add_argument("--repeat", type=int, default=1, help="decodes per image for timing")
    parser.add_argument(
        "--by-folder", action="store_true", help="also print figures per top-level subfolder"
    )
    args = parser.parse_args(argv)
    if not args.images.is_dir():
        parser.error(f"not a folder: {args.images}")
    cases = find_cases(args.images)
    if not cases:
        parser.error(f"no images under {args.images}")
    with_code = sum(c.expected is not None for c in cases)
    print(f"{len(cases)} images ({with_code} with a code, {len(cases) - with_code} without)")
    print(
        f"{'backend':<14}{'folder':<11}{'size':<9}{'decoded':>8}{'wrong':>7}{'missed':>8}"
        f"{'false+':>8}{'p50 ms':>9}{'p95 ms':>9}"
    )
    result: dict[str, Any] = {
        "images": len(cases),
        "with_code": with_code,
        "repeat": args.repeat,
        "backends": {},
    }
    chosen: list[DecoderBackend] = args.backend or list(backends)
    for name in chosen:
        decoder = open_decoder(DecoderSettings(backend=name))
        decoder.decode(to_grey(cases[0].image))  # warm-up: first-call setup is not a frame
        outcomes = run_backend(decoder, cases, max(1, args.repeat))
        tallies = tally(outcomes)
        result["backends"][name] = {size: t.summary() for size, t in tallies.items()}
        print_rows(name, tallies, "(all)")
        if args.by_folder:
            groups = sorted({group_of(o.case, args.images) for o in outcomes})
            by_folder = {}
            for group in groups:
                part = tally([o for o in outcomes if group_of(o.case, args.images) == group])
                by_folder[group] = {size: t.summary() for size, t in part.items()}
                print_rows(name, part, group)
            result["backends"][name]["by_folder"] = by_folder
    print(json.dumps(result, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
