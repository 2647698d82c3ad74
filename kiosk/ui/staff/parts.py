"""Pieces the staff screens share: a notice line, a one-line heading, a facts grid, list rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.label import Label
from kivy.uix.scrollview import ScrollView
from kivy.uix.widget import Widget

from kiosk.core.staff import Notice
from kiosk.i18n import Translator
from kiosk.ui import theme
from kiosk.ui.staff.text import notice_text
from kiosk.ui.widgets import WrappedLabel, filled

TAB_ACTIVE = theme.ACCENT_BUTTON


ROW = 52


def notice_line(t: Translator, notice: Notice | None, height: int = 30) -> Widget:
    colour = theme.OK if notice is not None and notice.ok else theme.DANGER
    return WrappedLabel(
        text=notice_text(t, notice),
        font_size=theme.BODY,
        color=colour,
        size_hint=(1, None),
        height=height,
    )


def one_line(text: str, *, height: int, **kwargs: Any) -> Label:
    """A label kept to one line (cut with "…"), for headings above a fixed layout."""
    kwargs.setdefault("color", theme.TEXT)
    label = Label(
        text=text,
        size_hint=(1, None),
        height=height,
        halign="left",
        valign="middle",
        shorten=True,
        shorten_from="right",
        **kwargs,
    )
    label.bind(size=lambda *_: setattr(label, "text_size", label.size))
    return label


def facts(
    rows: list[tuple[str, str, tuple[float, ...]]],
    *,
    pairs_per_row: int = 1,
    value_font: str = theme.BODY,
) -> Widget:
    """Label / value pairs in a grid, one or two pairs to a row (labels narrow, values wide)."""
    cols = 2 * pairs_per_row
    grid = GridLayout(
        cols=cols,
        spacing=(10, 4),
        size_hint=(1, None),
        row_default_height=34,
        row_force_default=True,
    )
    if pairs_per_row == 2:
        grid.cols_minimum = {0: 130, 1: 230, 2: 130, 3: 230}
    grid.bind(minimum_height=grid.setter("height"))
    for label, value, colour in rows:
        grid.add_widget(
            WrappedLabel(text=label, font_size=theme.SMALL, color=theme.MUTED, halign="left")
        )
        grid.add_widget(WrappedLabel(text=value, font_size=value_font, color=colour, halign="left"))
    return grid


def list_row() -> Widget:
    """One row of a staff list (a job, a gift): a panel-coloured strip, ROW high."""
    return filled(
        BoxLayout(
            orientation="horizontal", size_hint_y=None, height=ROW, padding=(10, 4), spacing=10
        ),
        theme.PANEL,
        radius=10,
    )


def scrolled_rows(rows: Sequence[Widget]) -> Widget:
    """List rows stacked in a vertical scroll view."""
    grid = GridLayout(cols=1, spacing=6, size_hint_y=None)
    grid.bind(minimum_height=grid.setter("height"))
    for row in rows:
        grid.add_widget(row)
    scroll = ScrollView(do_scroll_x=False)
    scroll.add_widget(grid)
    return scroll
