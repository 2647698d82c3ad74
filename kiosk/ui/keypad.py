"""The one keypad: digits 1-9, then erase, 0, OK; big keys for a finger.

Used by the member's PIN screen, the staff login and the staff stock count. Each key calls one
of the callbacks it is given; keys are disabled exactly when the core would ignore them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from kivy.uix.gridlayout import GridLayout
from kivy.uix.widget import Widget

from kiosk.ui import theme
from kiosk.ui.widgets import button


def keypad(
    *,
    digit: Callable[[str], None],
    erase: Callable[[], None],
    ok: Callable[[], None],
    erase_text: str,
    ok_text: str,
    ok_enabled: bool = True,
    enabled: bool = True,
    width: int = 330,
) -> Widget:
    """Digits 1-9, then erase, 0, OK."""
    grid = GridLayout(cols=3, spacing=8, size_hint=(None, 1), width=width)

    big = theme.HEADLINE

    def key(text: str, on_press: Callable[[], None], action: str, **kwargs: Any) -> None:
        grid.add_widget(button(text, on_press, action=action, size_hint=(1, 1), **kwargs))

    for number in "123456789":
        key(number, partial(digit, number), f"digit:{number}", enabled=enabled, font_size=big)
    key(erase_text, erase, "erase", enabled=enabled)
    key("0", partial(digit, "0"), "digit:0", enabled=enabled, font_size=big)
    key(ok_text, ok, "ok", enabled=enabled and ok_enabled, background_color=theme.ACCENT_BUTTON)
    return grid
