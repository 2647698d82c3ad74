"""The staff login: card or staff number, then the PIN on the keypad."""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout
from kivy.uix.widget import Widget

from kiosk.core.staff import (
    Login,
    can_submit_login,
)
from kiosk.i18n import Translator
from kiosk.ui import theme
from kiosk.ui.keypad import keypad
from kiosk.ui.staff.actions import StaffActions
from kiosk.ui.staff.text import login_problem_text
from kiosk.ui.widgets import WrappedLabel, button, filled


def login_screen(t: Translator, screen: Login, actions: StaffActions) -> Widget:
    root = BoxLayout(orientation="horizontal", padding=(30, 16), spacing=30)
    left = BoxLayout(orientation="vertical", spacing=10)
    left.add_widget(
        WrappedLabel(
            text=t("staff.login.title"),
            font_size=theme.TITLE,
            bold=True,
            halign="left",
            size_hint=(1, None),
            height=56,
        )
    )
    if screen.stage == "staff_no":
        prompt = t("staff.login.scan_or_number")
        shown = screen.staff_no or "—"
    else:
        prompt = t("staff.login.enter_pin")
        shown = "●" * screen.pin_length if screen.pin_length else "—"
    left.add_widget(
        WrappedLabel(
            text=prompt, font_size=theme.BODY, halign="left", size_hint=(1, None), height=56
        )
    )
    who = ""
    if screen.stage == "pin":
        who = (
            t("staff.login.card_read")
            if screen.has_card
            else t("staff.login.staff_no", number=screen.staff_no)
        )
    left.add_widget(
        WrappedLabel(
            text=who,
            font_size=theme.SMALL,
            color=theme.MUTED,
            halign="left",
            size_hint=(1, None),
            height=24,
        )
    )
    field = filled(BoxLayout(size_hint=(1, None), height=72, padding=8), theme.PANEL, radius=12)
    field.add_widget(WrappedLabel(text=shown, font_size=theme.TITLE, color=theme.ACCENT, bold=True))
    left.add_widget(field)
    if screen.busy is not None:
        message, colour = t("staff.login.checking"), theme.MUTED
    else:
        message, colour = login_problem_text(t, screen), theme.DANGER
    left.add_widget(WrappedLabel(text=message, font_size=theme.BODY, color=colour, halign="left"))
    left.add_widget(
        button(
            t("staff.cancel"),
            actions.cancel,
            action="cancel",
            enabled=screen.busy is None,
            size=(180, 56),
        )
    )
    root.add_widget(left)
    ok_text = t("staff.keypad.next") if screen.stage == "staff_no" else t("staff.keypad.ok")
    root.add_widget(
        keypad(
            digit=actions.digit,
            erase=actions.delete,
            ok=actions.submit,
            erase_text=t("staff.keypad.delete"),
            ok_text=ok_text,
            ok_enabled=can_submit_login(screen),
            enabled=screen.busy is None,
        )
    )
    return root
