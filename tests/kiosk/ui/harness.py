"""Render the wheel widgets with the real Kivy (offscreen) and record what a person would see.

Run in a subprocess, one per scenario, so Kivy's global window never leaks between tests:

    python -m tests.kiosk.ui.harness SCENARIO.json RESULT.json

The scenario says what to draw; the result holds the measurements (rotations, texture render
counts, pixel colours read back from the frame buffer, button texts) and the screenshot paths.
The animation runs on a fake clock, so "1.2 s into the spin" is exactly that moment.
"""

from __future__ import annotations

import inspect
import json
import random
import sys
import traceback
from collections.abc import Generator
from pathlib import Path
from typing import Any

Command = tuple[str, Any]


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def main(scenario_path: str, result_path: str) -> int:
    scenario = json.loads(Path(scenario_path).read_text(encoding="utf-8"))
    out = Path(scenario["out"])
    out.mkdir(parents=True, exist_ok=True)

    from kiosk.ui.bootstrap import prepare_kivy, register_font

    prepare_kivy(kivy_home=out / "kivy-home", width=800, height=480, fullscreen=False, cursor=True)
    register_font()

    from kivy.app import App
    from kivy.clock import Clock
    from kivy.core.window import Window
    from kivy.graphics.opengl import GL_RGBA, GL_UNSIGNED_BYTE, glReadPixels
    from kivy.uix.boxlayout import BoxLayout

    from kiosk.ui import theme

    result: dict[str, Any] = {"shots": {}, "error": None}
    script = SCRIPTS[scenario["kind"]]

    class Harness(App):  # type: ignore[misc]
        def build(self) -> Any:
            Window.clearcolor = theme.BACKGROUND
            self.root_box = BoxLayout()
            self.gen: Generator[Command, Any, None] = script(self.root_box, scenario, result, out)
            Window.bind(on_flip=self._started)
            return self.root_box

        def _started(self, *_: Any) -> None:
            Window.unbind(on_flip=self._started)
            Clock.schedule_once(lambda _dt: self._step(None), 0.1)

        def _step(self, value: Any) -> None:
            try:
                kind, arg = self.gen.send(value)
            except StopIteration:
                self.stop()
                return
            except Exception:
                result["error"] = traceback.format_exc()
                self.stop()
                return
            if kind == "wait":  # real frames, for layout and triggers to settle
                Clock.schedule_once(lambda _dt: self._step(None), arg)
            elif kind in ("shot", "pixels"):

                def capture(*_: Any) -> None:
                    Window.unbind(on_flip=capture)
                    self._capture(kind, arg)

                Window.bind(on_flip=capture)
                Window.canvas.ask_update()

        def _capture(self, kind: str, arg: Any) -> None:
            # Called in on_flip: the frame is drawn and not yet swapped, so the pixels are valid.
            if kind == "shot":
                written = Window.screenshot(name=str(arg))
                Path(written).replace(arg)
                value: Any = str(arg)
            else:
                value = [list(glReadPixels(int(x), int(y), 1, 1, GL_RGBA, GL_UNSIGNED_BYTE))[:3]
                         for x, y in arg]  # fmt: skip
            Clock.schedule_once(lambda _dt: self._step(value), 0)

    Harness().run()
    Path(result_path).write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0 if result["error"] is None else 1


def gift_picture(path: Path) -> Path:
    """A small gift-box picture (what an admin would upload), drawn with Pillow."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (96, 96), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rectangle((14, 38, 82, 88), fill=(250, 250, 250, 255), outline=(40, 40, 40, 255), width=3)
    draw.rectangle((8, 26, 88, 40), fill=(230, 60, 60, 255), outline=(40, 40, 40, 255), width=3)
    draw.rectangle((42, 26, 54, 88), fill=(230, 60, 60, 255))
    draw.ellipse((28, 8, 48, 28), outline=(230, 60, 60, 255), width=5)
    draw.ellipse((48, 8, 68, 28), outline=(230, 60, 60, 255), width=5)
    image.save(path)
    return path


# --- scenarios -----------------------------------------------------------------------------------


def visual(root: Any, scenario: dict[str, Any], result: dict[str, Any], out: Path) -> Any:
    """Rest, waiting, mid-spin, landed, celebrating, blocked button, no answer, odds screen."""
    from kiosk.core.wheel import SpinBlock, SpinOffer, parse_spin, parse_wheel
    from kiosk.i18n import Translator, localised
    from kiosk.ui.wheel.media import WinSound, image_paths
    from kiosk.ui.wheel.odds import odds_screen
    from kiosk.ui.wheel.panel import WheelPanel
    from kiosk.ui.wheel.text import odds_rows
    from tests.kiosk.ui.samples import spin_json, wheel_json

    lang, n, index = scenario["lang"], scenario["n"], scenario["segment"]
    data = wheel_json(n, out_of_stock=tuple(scenario.get("out_of_stock", ())))
    wheel = parse_wheel(data)
    t = Translator(lang)
    clock = FakeClock()
    presses: list[str] = []
    # A picture on one slice, as the client would have cached it (a drawn gift box).
    images = {wheel.segments[6].id: gift_picture(out / "gift.png")}
    panel = WheelPanel(
        t, wheel, on_spin=lambda: presses.append("spin"), on_odds=lambda: None,
        on_back=lambda: None, sound=WinSound(), time_source=clock, rng=random.Random(7),
        images=images,
    )  # fmt: skip
    root.add_widget(panel)
    widget = panel.wheel_widget
    assert wheel.offer is not None
    panel.show_offer(wheel.offer)
    yield ("wait", 0.3)
    result["button_ready"] = {"text": panel.button.text, "note": panel.button.note,
                              "enabled": panel.button.enabled}  # fmt: skip
    panel.button._button.dispatch("on_release")  # a real press reaches on_spin
    result["presses_when_ready"] = len(presses)
    yield ("shot", out / "rest.png")
    result["renders_at_rest"] = widget.texture_renders
    instructions = [id(i) for i in widget.canvas.children]
    texture = id(widget._disc.texture)

    # The request is out: a pulse, but the wheel must not turn.
    panel.show_waiting()
    for _ in range(10):
        clock.now += 0.3
        widget.update()
    yield ("shot", out / "waiting.png")
    result["waiting"] = {
        "rotation": widget.rotation, "angle": widget._rotate.angle,
        "message": panel.message.text, "button_enabled": panel.button.enabled,
    }  # fmt: skip
    panel.button._button.dispatch("on_release")
    result["presses_when_busy"] = len(presses)

    answer = parse_spin(spin_json(data, index), wheel)
    landed: list[float] = []
    started = clock.now
    plan = panel.show_result(answer, on_done=lambda: landed.append(clock.now))
    result["plan"] = {"start": plan.start, "end": plan.end, "duration": plan.duration_s}
    clock.now = started + 1.2
    widget.update()
    yield ("shot", out / "mid.png")
    result["mid"] = {"rotation": widget.rotation, "expected": plan.angle_at(1.2),
                     "angle": widget._rotate.angle, "landed": list(landed)}  # fmt: skip

    clock.now = started + plan.duration_s
    widget.update()
    probe = widget.pointer_probe()
    pixels = yield ("pixels", [probe])
    yield ("shot", out / "landed.png")
    result["landed"] = {
        "rotation": widget.rotation, "end": plan.end, "on_done_calls": len(landed),
        "probe": probe, "probe_rgb": pixels[0], "segment_rgb": list(wheel.segments[index].rgb),
        "message": panel.message.text, "kind": answer.kind.value,
    }  # fmt: skip
    clock.now += 0.5
    widget.update()
    yield ("shot", out / "celebrate.png")
    result["renders_after_spin"] = widget.texture_renders
    result["same_instructions"] = instructions == [id(i) for i in widget.canvas.children]
    result["same_texture"] = texture == id(widget._disc.texture)
    result["sound_failed"] = (
        panel.wheel_widget._sound._failed if panel.wheel_widget._sound else None
    )
    result["missing_sound_played"] = WinSound(out / "no-such.wav").play()  # logs, never raises
    result["spin_to_parameters"] = list(inspect.signature(widget.spin_to).parameters)

    # Disabled with a reason.
    offer = SpinOffer(cost_points=100, free_spins_left=0, spins_left_today=2, balance=40)
    panel.show_offer(offer, SpinBlock.NO_POINTS)
    clock.now += 5
    widget.update()
    yield ("shot", out / "blocked.png")
    result["button_blocked"] = {"text": panel.button.text, "note": panel.button.note,
                                "enabled": panel.button.enabled}  # fmt: skip
    before = len(presses)
    panel.button._button.dispatch("on_release")
    result["presses_when_blocked"] = len(presses) - before

    panel.show_offer(wheel.offer)
    panel.show_waiting()
    panel.show_no_answer()
    rotation_before = widget.rotation
    clock.now += 3
    widget.update()
    yield ("shot", out / "no_answer.png")
    result["no_answer"] = {
        "message": panel.message.text,
        "moved": widget.rotation - rotation_before,
        "button_enabled": panel.button.enabled,
    }

    # A language switch paints the texture again (labels change); nothing else did.
    widget.set_language("zh" if lang == "en" else "en")
    yield ("wait", 0.2)
    result["renders_after_language"] = widget.texture_renders

    # Pictures: a bundled asset that is not there is left out; a cached download is found.
    pictures = wheel_json(4)
    pictures["segments"][0]["image"] = {"asset": "no-such-picture.png"}
    pictures["segments"][2]["image"] = {"url": "https://cdn.example/g.png", "sha256": "ab" * 32}
    cache = out / "cache"
    cache.mkdir(exist_ok=True)
    gift_picture(cache / f"{'ab' * 32}.png")
    found = image_paths(parse_wheel(pictures), cache_dir=cache)
    result["image_paths"] = {key: path.name for key, path in found.items()}

    result["odds_rows"] = [
        [localised(segment.label, lang), chance, note]
        for segment, chance, note in odds_rows(t, wheel)
    ]
    root.clear_widgets()
    root.add_widget(odds_screen(t, wheel, on_back=lambda: None))
    yield ("wait", 0.3)
    yield ("shot", out / "odds.png")


def every_segment(root: Any, scenario: dict[str, Any], result: dict[str, Any], out: Path) -> Any:
    """For each wheel size, spin to every segment and read the colour under the pointer."""
    from kiosk.core.wheel import parse_wheel, segment_under_pointer
    from kiosk.ui.wheel.widget import WheelWidget
    from tests.kiosk.ui.samples import wheel_json

    rng = random.Random(scenario.get("seed", 1))
    result["wheels"] = []
    for n in scenario["sizes"]:
        wheel = parse_wheel(wheel_json(n))
        clock = FakeClock()
        widget = WheelWidget(wheel, scenario["lang"], time_source=clock, rng=rng)
        root.clear_widgets()
        root.add_widget(widget)
        yield ("wait", 0.15)
        landings = []
        for index in range(n):
            started = clock.now
            plan = widget.spin_to(index, 2.0)
            clock.now = started + 2.0
            widget.update()
            (rgb,) = yield ("pixels", [widget.pointer_probe()])
            landings.append({
                "index": index, "under_pointer": segment_under_pointer(widget.rotation, n),
                "rgb": rgb, "expected": list(wheel.segments[index].rgb),
                "exact_end": widget.rotation == plan.end,
            })  # fmt: skip
            clock.now += 5  # let any celebration end before the next spin
            widget.update()
        if n == scenario["sizes"][-1]:
            yield ("shot", out / f"wheel-{n}.png")
        result["wheels"].append({"n": n, "landings": landings, "renders": widget.texture_renders})


SCRIPTS = {"visual": visual, "every_segment": every_segment}

if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
