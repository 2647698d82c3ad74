"""Render every staff screen with the real Kivy (offscreen) and record what a person would see.

Run in a subprocess, one per language, so Kivy's global window never leaks between tests:

    python -m tests.kiosk.ui.staff.harness SCENARIO.json RESULT.json

For each named state in ``samples.STATES`` the screen is built inside a frame like the app's
(a 44 px top bar, the rest for the screen), a screenshot is saved, and the widget tree is read
back: every label's and button's text, and whether each button is enabled. Then the scenario's
presses are made with real ``on_release`` dispatches and the resulting ``StaffActions`` calls
recorded.
"""

from __future__ import annotations

import json
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any


def recording_actions(calls: list[list[Any]]) -> Any:
    from kiosk.ui.staff.actions import StaffActions

    def record(name: str) -> Callable[..., None]:
        return lambda *args: calls.append([name, *args])

    fields = StaffActions.__dataclass_fields__
    return StaffActions(**{name: record(name) for name in fields})


def widget_tree(root: Any) -> list[dict[str, Any]]:
    from kivy.uix.button import Button
    from kivy.uix.label import Label

    items = []
    for widget in root.walk(restrict=True):
        if isinstance(widget, Label) and widget.text:
            x, y = widget.to_window(widget.x, widget.y)
            items.append({
                "text": widget.text,
                "button": isinstance(widget, Button),
                "enabled": not widget.disabled,
                # Window coordinates: parts outside the 800x480 frame, or buttons on top of each
                # other, would be a screen a person cannot use.
                "x": x, "y": y, "right": x + widget.width, "top": y + widget.height,
            })  # fmt: skip
    return items


class FakeTouch:
    """Just enough of a Kivy touch for ``on_touch_down`` / ``on_touch_up``."""

    def __init__(self, x: float, y: float) -> None:
        self.pos = (x, y)
        self.grab_current: Any = None
        self._grabbed: list[Any] = []

    def grab(self, widget: Any) -> None:
        self._grabbed.append(widget)
        self.grab_current = widget

    def ungrab(self, widget: Any) -> None:
        self._grabbed.remove(widget)
        self.grab_current = None


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
    from kivy.uix.boxlayout import BoxLayout

    from kiosk.i18n import Translator
    from kiosk.ui import theme
    from kiosk.ui.staff.screen import staff_screen
    from kiosk.ui.widgets import WrappedLabel, kiosk_button
    from tests.kiosk.ui.staff.samples import STATES

    lang = scenario["lang"]
    t = Translator(lang)
    result: dict[str, Any] = {"screens": {}, "presses": {}, "error": None}
    names = list(scenario.get("states") or STATES)
    presses: dict[str, list[str]] = scenario.get("presses", {})

    class Harness(App):  # type: ignore[misc]
        def build(self) -> Any:
            Window.clearcolor = theme.BACKGROUND
            root = BoxLayout(orientation="vertical")
            bar = BoxLayout(size_hint=(1, None), height=44, padding=(16, 4))
            bar.add_widget(WrappedLabel(text="Demo Store", font_size=theme.BODY,
                                        halign="left", color=theme.MUTED))  # fmt: skip
            bar.add_widget(kiosk_button(t("lang.switch"), lambda: None, action="language",
                                        size=(120, 36), font_size=theme.SMALL))  # fmt: skip
            self.content = BoxLayout()
            root.add_widget(bar)
            root.add_widget(self.content)
            self.queue = list(names)
            Window.bind(on_flip=self._started)
            return root

        def _started(self, *_: Any) -> None:
            Window.unbind(on_flip=self._started)
            Clock.schedule_once(lambda _dt: self._next(), 0.1)

        def _next(self) -> None:
            try:
                if not self.queue:
                    self._corner()
                    return
                name = self.queue[0]
                calls: list[list[Any]] = []
                self.calls = calls
                self.content.clear_widgets()
                self.widget = staff_screen(t, STATES[name](), recording_actions(calls))
                self.content.add_widget(self.widget)
                # Two frames for layout (wrapped labels size themselves after the first).
                Clock.schedule_once(lambda _dt: self._shoot(name), 0.25)
            except Exception:
                result["error"] = traceback.format_exc()
                self.stop()

        def _shoot(self, name: str) -> None:
            path = out / f"{name}.png"

            def capture(*_: Any) -> None:
                Window.unbind(on_flip=capture)
                try:
                    written = Window.screenshot(name=str(path))
                    Path(written).replace(path)
                    result["screens"][name] = {"shot": str(path),
                                               "tree": widget_tree(self.widget)}  # fmt: skip
                    self._press(name)
                except Exception:
                    result["error"] = traceback.format_exc()
                    self.stop()
                    return
                self.queue.pop(0)
                Clock.schedule_once(lambda _dt: self._next(), 0)

            Window.bind(on_flip=capture)
            Window.canvas.ask_update()

        def _corner(self) -> None:
            """The hidden corner: a short tap does nothing, a long press opens staff mode."""
            from kiosk.ui.staff.corner import HiddenCorner

            held: list[float] = []
            corner = HiddenCorner(lambda: held.append(1.0), hold_s=0.3, size_hint=(None, None),
                                  size=(80, 80), pos=(0, 0))  # fmt: skip
            self.content.clear_widgets()
            self.content.add_widget(corner)
            tap, hold, elsewhere = FakeTouch(10, 10), FakeTouch(20, 20), FakeTouch(400, 300)
            corner.on_touch_down(tap)
            corner.on_touch_up(tap)  # lifted at once: cancelled
            result["corner_elsewhere_taken"] = corner.on_touch_down(elsewhere)
            corner.on_touch_down(hold)  # held down...

            def check(_dt: float) -> None:
                result["corner_holds"] = len(held)
                corner.on_touch_up(hold)
                self.stop()

            Clock.schedule_once(check, 0.8)

        def _press(self, name: str) -> None:
            """Press buttons by their text, as a finger would (disabled ones do nothing)."""
            from kivy.uix.button import Button

            for press in presses.get(name, []):
                # "text" presses the first button with that text, "text#2" the third.
                text, _, nth = press.partition("#")
                found = [w for w in self.widget.walk(restrict=True)
                         if isinstance(w, Button) and w.text == text]  # fmt: skip
                index = int(nth or 0)
                if len(found) <= index:
                    raise AssertionError(f"{name}: no button {press!r}")
                if not found[index].disabled:
                    found[index].dispatch("on_release")
            result["presses"][name] = list(self.calls)

    Harness().run()
    Path(result_path).write_text(json.dumps(result, indent=1, ensure_ascii=False), "utf-8")
    return 0 if result["error"] is None else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
