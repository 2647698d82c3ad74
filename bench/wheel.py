"""Frame times of the prize wheel's spin animation, offscreen, and the one-off texture render.

``python -m bench.wheel [--segments 12] [--spins 3] [--lang zh]`` opens the real wheel panel
(800x480, the kiosk's font and widgets) with Kivy's frame cap off (``maxfps = 0``) and waits for
each frame to be rendered (``glFinish`` in ``on_flip``), so a frame's interval is what drawing it
costs. Per spin (6 s, the kiosk's duration) it records the interval between frames, the time in
the widget's per-frame update and the process CPU time per frame (all threads, so llvmpipe's
rendering counts), then the confetti after a prize; and, as a baseline, frames of the same screen
with nothing moving. Budget: 33.3 ms per frame (30 fps on a Raspberry Pi 4). Prints a table and
one JSON line.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

BUDGET_MS = 1000 / 30


def summary(samples_s: list[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in samples_s)
    if not ms:
        return {"frames": 0}
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return {
        "frames": len(ms),
        "median_ms": round(statistics.median(ms), 3),
        "p95_ms": round(p95, 3),
        "max_ms": round(ms[-1], 3),
        "fps": round(1000 / statistics.mean(ms), 1),
        "over_budget": sum(1 for m in ms if m > BUDGET_MS),
    }


def gaps(stamps: list[float]) -> list[float]:
    return [b - a for a, b in itertools.pairwise(stamps)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=12)
    parser.add_argument("--spins", type=int, default=3)
    parser.add_argument("--lang", default="zh")
    parser.add_argument("--renders", type=int, default=10, help="timed texture repaints")
    args = parser.parse_args()

    from kiosk.ui.bootstrap import prepare_kivy, register_font

    home = Path(tempfile.mkdtemp(prefix="bench-wheel-"))
    prepare_kivy(kivy_home=home / "kivy", width=800, height=480, fullscreen=False, cursor=False)
    from kivy.config import Config

    Config.set("graphics", "maxfps", "0")  # uncapped: a frame's interval is its cost
    register_font()

    from kivy.app import App
    from kivy.clock import Clock
    from kivy.core.window import Window
    from kivy.graphics.opengl import GL_RENDERER, glFinish, glGetString

    from kiosk.core.wheel import parse_wheel
    from kiosk.i18n import Translator
    from kiosk.ui import theme
    from kiosk.ui.wheel.panel import WheelPanel
    from kiosk.ui.wheel.widget import SPIN_SECONDS
    from tests.kiosk.ui.samples import wheel_json

    wheel = parse_wheel(wheel_json(args.segments))
    # Land on prizes (not "thanks") so each spin is followed by the confetti.
    prizes = [i for i, s in enumerate(wheel.segments) if s.is_prize]
    results: dict[str, Any] = {}

    class Bench(App):  # type: ignore[misc]  # Kivy is untyped
        def build(self) -> Any:
            Window.clearcolor = theme.BACKGROUND
            self.panel = WheelPanel(
                Translator(args.lang), wheel, on_spin=lambda: None, on_odds=lambda: None
            )
            self.widget = self.panel.wheel_widget
            self.flips: list[float] = []
            self.updates: list[float] = []
            original = self.widget.update

            def timed_update() -> bool:
                started = time.perf_counter()
                active: bool = original()
                self.updates.append(time.perf_counter() - started)
                return active

            # Time the widget's own per-frame work (the frame clock calls update()).
            self.widget.update = timed_update  # type: ignore[method-assign]
            self.cpu: list[float] = []

            def flipped(*_: Any) -> None:
                # Wait for the frame to be rendered: llvmpipe (and a GPU) render asynchronously,
                # and uncapped frames would otherwise only queue work and stall seconds later.
                glFinish()
                self.flips.append(time.perf_counter())
                self.cpu.append(time.process_time())

            Window.bind(on_flip=flipped)
            Clock.schedule_once(self.start, 0.5)
            return self.panel

        def start(self, _dt: float) -> None:
            results["gl_renderer"] = glGetString(GL_RENDERER).decode(errors="replace")
            results["texture_px"] = self.widget._disc.texture.size
            timings = []
            for _ in range(args.renders):
                glFinish()
                started = time.perf_counter()
                self.widget.repaint()
                glFinish()
                timings.append(time.perf_counter() - started)
            results["texture_render"] = summary(timings)
            self.phases: list[tuple[str, int]] = [("baseline", 0)]
            self.phases += [("spin", k) for k in range(args.spins)]
            self.spin_samples: list[float] = []
            self.update_samples: list[float] = []
            self.celebration_samples: list[float] = []
            self.cpu_samples: list[float] = []
            self.next_phase()

        def next_phase(self, *_: Any) -> None:
            if not self.phases:
                self.finish()
                return
            kind, k = self.phases.pop(0)
            self.flips.clear()
            self.cpu.clear()
            self.updates.clear()
            if kind == "baseline":  # the same screen redrawn with nothing moving
                redraw = Clock.schedule_interval(lambda _dt: Window.canvas.ask_update(), 0)
                Clock.schedule_once(lambda _dt: self.baseline_done(redraw), 2.0)
                return
            self.widget.spin_to(prizes[k % len(prizes)], SPIN_SECONDS, self.landed)

        def baseline_done(self, redraw: Any) -> None:
            redraw.cancel()
            self.baseline_samples = gaps(self.flips)
            Clock.schedule_once(self.next_phase, 0.2)

        def landed(self) -> None:
            self.spin_samples += gaps(self.flips)
            self.cpu_samples += gaps(self.cpu)
            self.update_samples += self.updates
            self.flips.clear()
            Clock.schedule_once(self.celebrated, 2.6)

        def celebrated(self, _dt: float) -> None:
            self.celebration_samples += gaps(self.flips)
            Clock.schedule_once(self.next_phase, 0.2)

        def finish(self) -> None:
            results["still_frames"] = summary(self.baseline_samples)
            results["spin_frames"] = summary(self.spin_samples)
            results["update_per_frame"] = summary(self.update_samples)
            results["celebration_frames"] = summary(self.celebration_samples)
            results["cpu_per_spin_frame"] = summary(self.cpu_samples)
            results["texture_renders"] = self.widget.texture_renders
            self.stop()

    Bench().run()
    results.update(
        budget_ms=round(BUDGET_MS, 1), segments=args.segments, spins=args.spins, lang=args.lang
    )
    rows = [
        ("texture render (one-off)", results["texture_render"]),
        ("still frame (baseline)", results["still_frames"]),
        ("spin frame interval", results["spin_frames"]),
        ("  of which wheel update", results["update_per_frame"]),
        ("celebration frame interval", results["celebration_frames"]),
        ("  CPU time per spin frame", results["cpu_per_spin_frame"]),
    ]
    print(f"GL: {results['gl_renderer']}; texture {results['texture_px']} px; "
          f"budget {BUDGET_MS:.1f} ms/frame (30 fps on a Pi 4)")  # fmt: skip
    print(f"{'':32} {'frames':>7} {'median':>8} {'p95':>8} {'max':>8} {'fps':>7} {'>budget':>8}")
    for name, s in rows:
        print(
            f"{name:32} {s['frames']:>7} {s['median_ms']:>8} {s['p95_ms']:>8} {s['max_ms']:>8} "
            f"{s['fps']:>7} {s['over_budget']:>8}"
        )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
