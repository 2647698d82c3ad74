"""The odds screen, reachable from the wheel: today's chance of each prize as the server
computed it, what happens when a gift runs out, and the published seed hash (provable fairness).
"""

from __future__ import annotations

from collections.abc import Callable

from kivy.graphics import Color, Rectangle
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label
from kivy.uix.scrollview import ScrollView
from kivy.uix.widget import Widget
from kivy.utils import escape_markup

from kiosk.core.wheel import Segment, SegmentKind, Wheel
from kiosk.i18n import Translator, localised
from kiosk.ui import theme
from kiosk.ui.wheel.paint import rgba
from kiosk.ui.wheel.text import grouped_hash, odds_rows
from kiosk.ui.widgets import WrappedLabel, filled, kiosk_button

ROW_HEIGHT = 40


def _swatch(colour: str) -> Widget:
    swatch = Widget(size_hint=(None, None), size=(22, 22))
    with swatch.canvas:
        Color(*rgba(colour))
        rect = Rectangle(size=swatch.size)

    def follow(*_: object) -> None:
        rect.pos, rect.size = swatch.pos, swatch.size

    swatch.bind(pos=follow, size=follow)
    return swatch


def _row(t: Translator, segment: Segment, chance: str, note: str) -> Widget:
    height = ROW_HEIGHT + (22 if note else 0)
    row = BoxLayout(
        orientation="horizontal",
        size_hint=(1, None),
        height=height,
        spacing=10,
        padding=(0, 0, 12, 0),
    )
    holder = BoxLayout(size_hint=(None, 1), width=26, padding=(0, 9))
    holder.add_widget(_swatch(segment.colour))
    row.add_widget(holder)
    muted = segment.out_of_stock
    name = localised(segment.label, t.lang)
    text = (
        f"{escape_markup(name)}\n[size=13sp]{escape_markup(note)}[/size]"
        if note
        else escape_markup(name)
    )
    name_label = Label(
        text=text,
        markup=True,
        font_size=theme.BODY,
        color=theme.MUTED if muted else theme.TEXT,
        halign="left",
        valign="middle",
    )
    # Wrap and align inside the label's own box (a fixed text_size would overflow its left edge).
    name_label.bind(size=lambda label, size: setattr(label, "text_size", size))
    row.add_widget(name_label)
    row.add_widget(
        Label(
            text=chance,
            font_size=theme.BODY,
            bold=True,
            color=theme.MUTED if muted else theme.ACCENT,
            size_hint=(None, 1),
            width=90,
            halign="right",
            valign="middle",
            text_size=(90, height),
        )
    )
    return row


def odds_screen(t: Translator, wheel: Wheel, on_back: Callable[[], None]) -> Widget:
    root = BoxLayout(orientation="horizontal", padding=(20, 10), spacing=20)

    left = BoxLayout(orientation="vertical", spacing=6, size_hint=(0.55, 1))
    left.add_widget(
        WrappedLabel(
            text=t("odds.title"), font_size=theme.HEADLINE, bold=True, size_hint=(1, None),
            height=44, halign="left",
        )
    )  # fmt: skip
    table = BoxLayout(orientation="vertical", size_hint=(1, None), spacing=2)
    table.bind(minimum_height=table.setter("height"))
    for segment, chance, note in odds_rows(t, wheel):
        table.add_widget(_row(t, segment, chance, note))
    scroller = ScrollView(do_scroll_x=False, bar_width=6)
    scroller.add_widget(table)
    left.add_widget(scroller)
    root.add_widget(left)

    right = filled(
        BoxLayout(orientation="vertical", padding=14, spacing=8, size_hint=(0.45, 1)),
        theme.PANEL,
        radius=16,
    )
    fallback = localised(wheel.fallback.label, t.lang)
    notes = [t("odds.equal_slices")]
    if any(s.kind is SegmentKind.GIFT for s in wheel.segments):
        notes.append(t("odds.fallback_rule", fallback=fallback))
    notes.append(t("odds.cost", points=f"{wheel.spin_cost_points:,}", limit=wheel.daily_limit))
    for note in notes:
        right.add_widget(WrappedLabel(text=note, font_size=theme.SMALL, halign="left"))
    right.add_widget(
        WrappedLabel(
            text=t("odds.seed_title", day=wheel.fairness.store_day.isoformat()),
            font_size=theme.SMALL,
            color=theme.MUTED,
            halign="left",
        )
    )
    right.add_widget(
        WrappedLabel(
            text=grouped_hash(wheel.fairness.seed_hash),
            font_size="14sp",
            color=theme.ACCENT,
            halign="left",
        )
    )
    right.add_widget(
        WrappedLabel(text=t("odds.fairness"), font_size="13sp", color=theme.MUTED, halign="left")
    )
    right.add_widget(
        kiosk_button(t("odds.back"), on_back, action="back", size_hint=(1, None), height=56)
    )
    root.add_widget(right)
    return root
