"""Developer controls for simulated hardware, served on the status endpoint under ``/dev/``.

They play the member (hold a QR code up to the camera, swipe a card, press buttons), the
printer (paper out, a jam) and the GPIO inputs, and take screenshots: the demo walkthrough and
the end-to-end tests drive the real app through them. Registered only when ``[dev] enabled``;
a store's kiosk has none of them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drivers.camera import SimulatedCamera
from drivers.cardreader import SimulatedCardReader
from drivers.printer import SimulatedPrinter
from kiosk.core.events import (
    BackPressed,
    CheckInPressed,
    ConfirmPressed,
    DonePressed,
    Event,
    OddsPressed,
    PinDigit,
    PinSubmitted,
    RewardChosen,
    RewardsPressed,
    Scanned,
    SpinPressed,
    WheelPressed,
)
from kiosk.core.payloads import classify
from kiosk.staff_status import staff_press
from kiosk.status import ActionError

if TYPE_CHECKING:
    from kiosk.app import Kiosk


class DevControls:
    def __init__(self, kiosk: Kiosk) -> None:
        self._kiosk = kiosk

    def actions(self) -> dict[str, Callable[[Mapping[str, Any]], Mapping[str, Any]]]:
        return {
            "/dev/show-image": lambda d: self.show_image(Path(_text(d, "path"))),
            "/dev/show-code": lambda d: self.show_code(
                _text(d, "text"), inverted=bool(d.get("inverted"))
            ),
            "/dev/scan-member": lambda d: self.scan_member(_index(d)),
            "/dev/clear-camera": lambda _: self.clear_camera(),
            "/dev/card": lambda d: self.swipe_card(_text(d, "line")),
            "/dev/press": lambda d: self.press(_text(d, "button"), d.get("code")),
            "/dev/printer": self.printer_faults,
            "/dev/gpio": lambda d: self.gpio(_text(d, "input"), bool(d.get("active"))),
            "/dev/staff": lambda d: self.staff(_text(d, "press"), d),
            "/dev/screenshot": lambda d: self.screenshot(Path(_text(d, "path"))),
            "/dev/quit": lambda _: self.quit(),
        }

    def simulated_camera(self) -> SimulatedCamera:
        if not isinstance(self._kiosk.camera, SimulatedCamera):
            raise ActionError("the camera is not simulated")
        return self._kiosk.camera

    def show_image(self, path: Path) -> Mapping[str, Any]:
        if not path.is_file():
            raise ActionError(f"no image file at {path}")
        self.simulated_camera().show(path)
        return {"shown": str(path)}

    def show_code(self, text: str, *, inverted: bool = False) -> Mapping[str, Any]:
        from kiosk.devtools import phone_screen_frame

        self.simulated_camera().show(phone_screen_frame(text, inverted=inverted))
        return {"shown": "qr"}

    def scan_member(self, index: int) -> Mapping[str, Any]:
        """Act as a demo member's phone: fetch the current code and hold it up to the camera."""
        from kiosk.devtools import fetch_member_code

        members = self._kiosk.config.dev.members
        if not 0 <= index < len(members):
            raise ActionError(f"index must be 0..{len(members) - 1}")
        token = members[index].member_token
        if token is None:
            raise ActionError("that dev member has no member_token")
        code = fetch_member_code(self._kiosk.config.api.base_url, token.get_secret_value())
        self.show_code(code)
        return {"shown": "member code"}

    def clear_camera(self) -> Mapping[str, Any]:
        self.simulated_camera().clear()
        return {"cleared": True}

    def swipe_card(self, line: str) -> Mapping[str, Any]:
        """Swipe a card through the simulated reader, or (no reader configured) post what a
        reader would: the classified line."""
        if isinstance(self._kiosk.card_reader, SimulatedCardReader):
            self._kiosk.card_reader.swipe(line)
        else:
            self._kiosk.controller.post(Scanned(classify(line)))
        return {"swiped": True}

    def printer_faults(self, faults: Mapping[str, Any]) -> Mapping[str, Any]:
        """Paper out, offline, jams... on the simulated printer: ``{"paper_out": true}``."""
        if not isinstance(self._kiosk.printer, SimulatedPrinter):
            raise ActionError("the printer is not simulated")
        try:
            self._kiosk.printer.set_faults(**{str(k): bool(v) for k, v in faults.items()})
        except AttributeError as exc:
            raise ActionError(str(exc)) from exc
        return {"faults": dict(faults)}

    def gpio(self, name: str, active: bool) -> Mapping[str, Any]:
        """Drive a simulated GPIO input (paper_low, door_open, staff_key, help)."""
        try:
            self._kiosk.gpio.simulate_input(name, active)
        except (ValueError, KeyError, RuntimeError) as exc:
            raise ActionError(str(exc)) from exc
        return {"input": name, "active": active}

    def staff(self, press: str, data: Mapping[str, Any]) -> Mapping[str, Any]:
        """Press a staff-mode button remotely (the keypad, tabs, paper replaced, ...)."""
        try:
            events = staff_press(press, data)
        except ValueError as exc:
            raise ActionError(str(exc)) from exc
        for event in events:
            self._kiosk.controller.post(event)
        return {"pressed": press}

    def press(self, button: str, code: object = None) -> Mapping[str, Any]:
        """Press an on-screen button remotely: posts the same event the button posts."""
        events: dict[str, Event] = {
            "done": DonePressed(),
            "back": BackPressed(),
            "check_in": CheckInPressed(),
            "rewards": RewardsPressed(),
            "confirm": ConfirmPressed(),
            "wheel": WheelPressed(),
            "spin": SpinPressed(),
            "odds": OddsPressed(),
        }
        if button == "choose":
            if not isinstance(code, str):
                raise ActionError("'choose' needs the reward's 'code'")
            self._kiosk.controller.post(RewardChosen(code))
        elif button == "pin":
            # Types a whole PIN on the keypad, then OK: what a member's fingers do.
            if not isinstance(code, str) or not code.isdigit():
                raise ActionError("'pin' needs the digits as 'code'")
            for digit in code:
                self._kiosk.controller.post(PinDigit(digit))
            self._kiosk.controller.post(PinSubmitted())
        elif button in events:
            self._kiosk.controller.post(events[button])
        else:
            raise ActionError(f"no button {button!r}; one of {sorted(events)}, 'choose' or 'pin'")
        return {"pressed": button}

    def screenshot(self, path: Path) -> Mapping[str, Any]:
        from kiosk.ui.app import take_screenshot  # UI import only when a UI is running

        if path.suffix.lower() != ".png":
            raise ActionError("give 'path' ending in .png")
        # A few frame-clock ticks later the window shows the current state: capture then.
        written = self._kiosk.run_on_ui(lambda: take_screenshot(path), delay_frames=2)
        return {"path": str(written)}

    def quit(self) -> Mapping[str, Any]:
        from kivy.app import App

        self._kiosk.run_on_ui(lambda: App.get_running_app().stop(), wait=False)
        return {"quitting": True}


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise ActionError(f"give '{key}' as a non-empty string")
    return value


def _index(data: Mapping[str, Any]) -> int:
    value = data.get("index", 0)
    if not isinstance(value, int) or isinstance(value, bool):
        raise ActionError("'index' must be a whole number")
    return value
