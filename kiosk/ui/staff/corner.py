"""The hidden corner: a long press on the idle screen opens the staff keypad."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kivy.clock import Clock
from kivy.uix.widget import Widget


class HiddenCorner(Widget):
    """An invisible square that calls ``on_hold`` after a finger rests on it for ``hold_s``.

    Put it in a corner of the idle screen (e.g. ``size=(80, 80)``); a short tap does nothing,
    so members do not stumble into the staff keypad.
    """

    #: What the inspector calls it (a hold, not a tap, but still a target a finger must find).
    action = "hold:staff"

    def __init__(self, on_hold: Callable[[], None], hold_s: float = 3.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._on_hold = on_hold
        self._hold_s = hold_s
        self._pending: Any = None

    def on_touch_down(self, touch: Any) -> bool:
        if not self.collide_point(*touch.pos):
            return False
        self._cancel()
        self._pending = Clock.schedule_once(lambda _dt: self._fire(), self._hold_s)
        touch.grab(self)
        return True

    def on_touch_up(self, touch: Any) -> bool:
        if touch.grab_current is self:
            touch.ungrab(self)
            self._cancel()
            return True
        return False

    def _fire(self) -> None:
        self._pending = None
        self._on_hold()

    def _cancel(self) -> None:
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
