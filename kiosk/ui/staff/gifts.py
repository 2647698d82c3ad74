"""The gifts tab: stock per gift, and the panel that adds to or sets a count."""

from __future__ import annotations

from functools import partial

from kivy.uix.anchorlayout import AnchorLayout
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.widget import Widget

from kiosk.core.staff import (
    ADD_REASONS,
    SET_REASONS,
    Adjusting,
    GiftsPanel,
    Notice,
    can_submit,
)
from kiosk.i18n import Translator, localised
from kiosk.ui import theme
from kiosk.ui.keypad import keypad
from kiosk.ui.staff.actions import StaffActions
from kiosk.ui.staff.parts import ROW, TAB_ACTIVE, list_row, notice_line, one_line, scrolled_rows
from kiosk.ui.widgets import WrappedLabel, button, filled


def gifts_panel(t: Translator, panel: GiftsPanel, actions: StaffActions) -> Widget:
    if panel.adjusting is not None:
        return adjust_panel(t, panel, panel.adjusting, actions)
    root = BoxLayout(orientation="vertical", spacing=6)
    gifts = panel.gifts
    if gifts is None:
        root.add_widget(WrappedLabel(text=t("staff.loading"), font_size=theme.BODY))
        root.add_widget(notice_line(t, panel.notice))
        return root
    root.add_widget(
        WrappedLabel(
            text=t("staff.gifts.title"),
            font_size=theme.BODY,
            bold=True,
            halign="left",
            size_hint=(1, None),
            height=32,
        )
    )
    if not gifts:
        root.add_widget(WrappedLabel(text=t("staff.gifts.empty"), font_size=theme.BODY))
    else:
        rows: list[Widget] = []
        for gift in gifts:
            row = list_row()
            row.add_widget(
                WrappedLabel(
                    text=localised(gift.names, t.lang),
                    font_size=theme.BODY,
                    bold=True,
                    halign="left",
                )
            )
            count = (
                t("staff.gifts.low", count=gift.quantity)
                if gift.low
                else t("staff.gifts.quantity", count=gift.quantity)
            )
            row.add_widget(
                WrappedLabel(
                    text=count, font_size=theme.BODY, color=theme.DANGER if gift.low else theme.OK
                )
            )
            row.add_widget(
                button(
                    t("staff.gifts.add"),
                    partial(actions.gift, gift.code, "add"),
                    action=f"gift:{gift.code}:add",
                    enabled=panel.busy is None,
                    size=(130, ROW - 10),
                    background_color=theme.ACCENT_BUTTON,
                )
            )
            row.add_widget(
                button(
                    t("staff.gifts.set"),
                    partial(actions.gift, gift.code, "set"),
                    action=f"gift:{gift.code}:set",
                    enabled=panel.busy is None,
                    size=(120, ROW - 10),
                )
            )
            rows.append(row)
        root.add_widget(scrolled_rows(rows))
    root.add_widget(notice_line(t, panel.notice))
    bottom = AnchorLayout(anchor_x="right", size_hint=(1, None), height=56)
    bottom.add_widget(
        button(
            t("staff.refresh"),
            actions.refresh,
            action="refresh",
            enabled=panel.loading is None,
            size=(160, 52),
        )
    )
    root.add_widget(bottom)
    return root


def adjust_panel(
    t: Translator, panel: GiftsPanel, adjusting: Adjusting, actions: StaffActions
) -> Widget:
    gift = adjusting.gift
    name = localised(gift.names, t.lang)
    adding = adjusting.mode == "add"
    root = BoxLayout(orientation="horizontal", spacing=24, padding=(8, 0))
    left = BoxLayout(orientation="vertical", spacing=8)
    title = t("staff.gifts.adding", name=name) if adding else t("staff.gifts.setting", name=name)
    left.add_widget(one_line(title, font_size=theme.BODY, bold=True, height=34))
    left.add_widget(
        WrappedLabel(
            text=t("staff.gifts.now", count=gift.quantity),
            font_size=theme.BODY,
            color=theme.MUTED,
            halign="left",
            size_hint=(1, None),
            height=24,
        )
    )
    amount_row = BoxLayout(orientation="horizontal", size_hint=(1, None), height=56, spacing=10)
    amount_row.add_widget(
        WrappedLabel(
            text=t("staff.gifts.amount_add") if adding else t("staff.gifts.amount_set"),
            font_size=theme.BODY,
            halign="left",
            size_hint=(0.45, 1),
        )
    )
    field = filled(BoxLayout(padding=6), theme.PANEL, radius=10)
    field.add_widget(
        WrappedLabel(
            text=adjusting.amount or "—", font_size=theme.TITLE, color=theme.ACCENT, bold=True
        )
    )
    amount_row.add_widget(field)
    left.add_widget(amount_row)
    left.add_widget(
        WrappedLabel(
            text=t("staff.gifts.reason"),
            font_size=theme.SMALL,
            color=theme.MUTED,
            halign="left",
            size_hint=(1, None),
            height=20,
        )
    )
    reasons = GridLayout(cols=2, spacing=6, size_hint=(1, None), height=2 * 44 + 6)
    idle = panel.busy is None
    for reason in ADD_REASONS if adding else SET_REASONS:
        chosen = reason == adjusting.reason
        reasons.add_widget(
            button(
                t(f"staff.reason.{reason}"),
                partial(actions.reason, reason),
                action=f"reason:{reason}",
                enabled=idle,
                size_hint=(1, None),
                size=(100, 44),
                background_color=TAB_ACTIVE if chosen else theme.BUTTON,
            )
        )
    left.add_widget(reasons)
    if panel.busy is not None:
        left.add_widget(notice_line(t, Notice("staff.working", ok=True)))
    else:
        left.add_widget(notice_line(t, panel.notice))
    left.add_widget(
        button(t("staff.cancel"), actions.cancel, action="cancel", enabled=idle, size=(160, 48))
    )
    root.add_widget(left)
    root.add_widget(
        keypad(
            digit=actions.digit,
            erase=actions.delete,
            ok=actions.save,
            erase_text=t("staff.keypad.delete"),
            ok_text=t("staff.gifts.save"),
            ok_enabled=can_submit(adjusting),
            enabled=idle,
        )
    )
    return root
