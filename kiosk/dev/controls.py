"""Developer controls for simulated hardware, served on the status endpoint under ``/dev/``.

They play the member (hold a QR code up to the camera, swipe a card, press buttons), the
printer (paper out, a jam) and the GPIO inputs, and take screenshots: the demo walkthrough and
the end-to-end tests drive the real app through them. Registered only when ``[dev] enabled``;
a store's kiosk has none of them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from drivers.camera import SimulatedCamera
from drivers.cardreader import SimulatedCardReader
from drivers.gpio import KioskGpio
from drivers.printer import SimulatedPrinter
from kiosk.config import DevMember
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
from kiosk.core.staff import StaffEvent
from kiosk.dev.staff_press import staff_press
from kiosk.runtime.status import ActionError
from kiosk.runtime.ui_bridge import UiBridge


class DevHost(Protocol):
    """What the dev controls need of the running kiosk (``kiosk.app.Kiosk`` is one)."""

    @property
    def camera(self) -> object: ...
    @property
    def card_reader(self) -> object: ...
    @property
    def printer(self) -> object: ...
    @property
    def gpio(self) -> KioskGpio: ...
    @property
    def ui_bridge(self) -> UiBridge: ...

    def post(self, event: Event | StaffEvent) -> None:
        """Queue an event for the controller, as a button or a driver would."""
        ...


class DevControls:
    def __init__(self, host: DevHost, *, members: Sequence[DevMember], api_base_url: str) -> None:
        self._host = host
        self._members = members
        self._api_base_url = api_base_url

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
            "/dev/tap": lambda d: self.tap(_coordinate(d, "x"), _coordinate(d, "y")),
            "/dev/quit": lambda _: self.quit(),
        }

    def queries(self) -> dict[str, Callable[[], Mapping[str, Any]]]:
        """The GET endpoints: what is on screen, for a test to find and tap."""
        return {"/dev/widgets": self.widgets}

    def widgets(self) -> Mapping[str, Any]:
        """``{"screen", "widgets": [{"text", "action", "enabled", "x", "y", "w", "h",
        "font_px", "fg", "bg"}]}``: rectangles in window pixels, origin top-left."""
        try:
            return self._host.ui_bridge.widgets()
        except RuntimeError as exc:
            raise ActionError(str(exc)) from exc

    def tap(self, x: float, y: float) -> Mapping[str, Any]:
        """A real touch at window pixel ``(x, y)`` (origin top-left), through Kivy's input
        path: it presses whatever is drawn there, as a finger would."""
        try:
            self._host.ui_bridge.tap(x, y)
        except RuntimeError as exc:
            raise ActionError(str(exc)) from exc
        return {"tapped": [x, y]}

    def simulated_camera(self) -> SimulatedCamera:
        camera = self._host.camera
        if not isinstance(camera, SimulatedCamera):
            raise ActionError("the camera is not simulated")
        return camera

    def show_image(self, path: Path) -> Mapping[str, Any]:
        if not path.is_file():
            raise ActionError(f"no image file at {path}")
        self.simulated_camera().show(path)
        return {"shown": str(path)}

    def show_code(self, text: str, *, inverted: bool = False) -> Mapping[str, Any]:
        from kiosk.dev.phone import phone_screen_frame

        self.simulated_camera().show(phone_screen_frame(text, inverted=inverted))
        return {"shown": "qr"}

    def scan_member(self, index: int) -> Mapping[str, Any]:
        """Act as a demo member's phone: fetch the current code and hold it up to the camera."""
        from kiosk.dev.phone import fetch_member_code

        members = self._members
        if not 0 <= index < len(members):
            raise ActionError(f"index must be 0..{len(members) - 1}")
        token = members[index].member_token
        if token is None:
            raise ActionError("that dev member has no member_token")
        code = fetch_member_code(self._api_base_url, token.get_secret_value())
        self.show_code(code)
        return {"shown": "member code"}

    def clear_camera(self) -> Mapping[str, Any]:
        self.simulated_camera().clear()
        return {"cleared": True}

    def swipe_card(self, line: str) -> Mapping[str, Any]:
        """Swipe a card through the simulated reader, or (no reader configured) post what a
        reader would: the classified line."""
        reader = self._host.card_reader
        if isinstance(reader, SimulatedCardReader):
            reader.swipe(line)
        else:
            self._host.post(Scanned(classify(line)))
        return {"swiped": True}

    def printer_faults(self, faults: Mapping[str, Any]) -> Mapping[str, Any]:
        """Paper out, offline, jams... on the simulated printer: ``{"paper_out": true}``."""
        printer = self._host.printer
        if not isinstance(printer, SimulatedPrinter):
            raise ActionError("the printer is not simulated")
        try:
            printer.set_faults(**{str(k): bool(v) for k, v in faults.items()})
        except AttributeError as exc:
            raise ActionError(str(exc)) from exc
        return {"faults": dict(faults)}

    def gpio(self, name: str, active: bool) -> Mapping[str, Any]:
        """Drive a simulated GPIO input (paper_low, door_open, staff_key, help)."""
        try:
            self._host.gpio.simulate_input(name, active)
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
            self._host.post(event)
        return {"pressed": press}

    def press(self, button: str, code: object = None) -> Mapping[str, Any]:
        """Press an on-screen button remotely: posts the same event the button posts.

        For the demo's scripted walkthrough only: it skips the screen, so it proves nothing
        about what a finger can press. Tests tap at coordinates (``/dev/tap``)."""
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
            self._host.post(RewardChosen(code))
        elif button == "pin":
            # Types a whole PIN on the keypad, then OK: what a member's fingers do.
            if not isinstance(code, str) or not code.isdigit():
                raise ActionError("'pin' needs the digits as 'code'")
            for digit in code:
                self._host.post(PinDigit(digit))
            self._host.post(PinSubmitted())
        elif button in events:
            self._host.post(events[button])
        else:
            raise ActionError(f"no button {button!r}; one of {sorted(events)}, 'choose' or 'pin'")
        return {"pressed": button}

    def screenshot(self, path: Path) -> Mapping[str, Any]:
        if path.suffix.lower() != ".png":
            raise ActionError("give 'path' ending in .png")
        written = self._host.ui_bridge.capture(path)
        return {"path": str(written)}

    def quit(self) -> Mapping[str, Any]:
        self._host.ui_bridge.stop()
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


def _coordinate(data: Mapping[str, Any], key: str) -> float:
    value = data.get(key)
    if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
        raise ActionError(f"give '{key}' as a number of window pixels (0 or more)")
    return float(value)
