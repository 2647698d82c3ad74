"""The staff screen for a staff state: the login keypad or the desk."""

from __future__ import annotations

from kivy.uix.widget import Widget

from kiosk.core.staff import (
    Desk,
    Login,
    StaffState,
)
from kiosk.i18n import Translator
from kiosk.ui.staff.actions import StaffActions
from kiosk.ui.staff.desk import desk_screen
from kiosk.ui.staff.login import login_screen


def staff_screen(t: Translator, state: StaffState, actions: StaffActions) -> Widget:
    """The widget for the staff state (login keypad or desk)."""
    screen = state.screen
    if isinstance(screen, Login):
        return login_screen(t, screen, actions)
    if isinstance(screen, Desk):
        return desk_screen(t, screen, actions)
    raise ValueError("staff mode is closed: show the member screens")
