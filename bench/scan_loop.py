"""CPU cost of the running scanner: scanning an empty scene, scanning a held-up code, paused.

    python -m bench.scan_loop [--seconds S] [--fps F] [--backend NAME]

The real :class:`kiosk.runtime.scanning.Scanner` thread runs against the simulated camera for ``S``
seconds in each phase; the figure is the process CPU time used per wall-clock second (1.0 = one
core), with the scanner's own frame counters. The simulated camera hands out a ready-made frame,
so this is decoding + loop overhead, not picamera2's capture cost.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from collections.abc import Sequence
from typing import Any, get_args

import numpy as np
import numpy.typing as npt

from bench.scan_synth import Conditions, render
from drivers.camera import CameraSettings, SimulatedCamera
from drivers.decoder import DecoderBackend, DecoderSettings, open_decoder
from kiosk.core.payloads import Payload
from kiosk.runtime.scanning import Scanner


def _scene(code: str | None) -> npt.NDArray[np.uint8]:
    """A frame from the generated set (bench/scan_synth.py): a phone showing ``code``, or text."""
    rng = np.random.default_rng(1)
    return render(code, Conditions(module_px=3.5, code=code is not None), rng)


def _phase(scanner: Scanner, seconds: float) -> dict[str, float]:
    before = scanner.stats()
    cpu0, wall0 = time.process_time(), time.perf_counter()
    threading.Event().wait(seconds)
    cpu1, wall1 = time.process_time(), time.perf_counter()
    after = scanner.stats()
    wall = wall1 - wall0
    return {
        "cpu_per_s": round((cpu1 - cpu0) / wall, 4),
        "frames_per_s": round((after.frames - before.frames) / wall, 2),
        "last_decode_ms": round(after.last_decode_ms or 0.0, 3),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.scan_loop", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--fps", type=float, default=15.0)
    parser.add_argument(
        "--backend", choices=get_args(DecoderBackend), default=DecoderSettings().backend
    )
    args = parser.parse_args(argv)

    camera = SimulatedCamera(CameraSettings(fps=args.fps))
    reports: list[Payload] = []
    scanner = Scanner(
        camera, open_decoder(DecoderSettings(backend=args.backend)), reports.append, fps=args.fps
    )
    result: dict[str, Any] = {"backend": args.backend, "fps": args.fps, "seconds": args.seconds}
    camera.show(_scene(None))
    scanner.start()
    try:
        result["empty_scene"] = _phase(scanner, args.seconds)
        camera.show(_scene("M1:100001:48213377"))
        result["code_held_up"] = _phase(scanner, args.seconds)
        scanner.pause()
        result["paused"] = _phase(scanner, args.seconds)
    finally:
        scanner.stop()
    result["reports"] = len(reports)
    for phase in ("empty_scene", "code_held_up", "paused"):
        p = result[phase]
        cpu, fps = p["cpu_per_s"] * 100, p["frames_per_s"]
        print(f"{phase:<14} cpu {cpu:6.2f}% of a core, {fps:6.2f} frames/s")
    print(json.dumps(result, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
