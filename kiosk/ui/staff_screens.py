"""Staff mode screens: the PIN keypad and the desk (printer, reprint, gifts, health tabs).

Builders in the style of ``kiosk/ui/screens.py``: staff state in, widget tree out, every touch
goes to one :class:`StaffActions` callback (each posts one event to ``kiosk.core.staff``). No
logic beyond formatting; buttons are disabled exactly when the core would ignore them. Nothing
here ever receives member data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from kivy.clock import Clock
from kivy.uix.anchorlayout import AnchorLayout
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.button import Button
from kivy.uix.gridlayout import GridLayout
from kivy.uix.label import Label
from kivy.uix.scrollview import ScrollView
from kivy.uix.widget import Widget

from kiosk.core.staff import (
    ADD_REASONS,
    SET_REASONS,
    TABS,
    Adjusting,
    AdjustMode,
    AdjustSubmit,
    Desk,
    GiftChosen,
    GiftsPanel,
    HealthPanel,
    HealthReport,
    KeypadDelete,
    KeypadDigit,
    KeypadSubmit,
    Login,
    Notice,
    PaperReplacedPressed,
    PrinterInfo,
    PrinterPanel,
    PrintTestPressed,
    ReasonChosen,
    RefreshPressed,
    ReprintAllPressed,
    ReprintPanel,
    ReprintPressed,
    RestartConfirmed,
    RestartPressed,
    StaffCancel,
    StaffDone,
    StaffEvent,
    StaffProblem,
    StaffState,
    TabChosen,
    can_submit,
    can_submit_login,
)
from kiosk.i18n import Translator, localised
from kiosk.ui import theme
from kiosk.ui.widgets import WrappedLabel, filled, kiosk_button

DISABLED_BUTTON = (0.22, 0.26, 0.36, 1)
TAB_ACTIVE = theme.ACCENT_BUTTON
ROW = 52


@dataclass(frozen=True)
class StaffActions:
    """What the staff screens' buttons do (each posts one event to ``StaffMode``)."""

    digit: Callable[[str], None]
    delete: Callable[[], None]
    submit: Callable[[], None]
    cancel: Callable[[], None]
    done: Callable[[], None]
    tab: Callable[[str], None]
    paper_replaced: Callable[[], None]
    test_print: Callable[[], None]
    reprint: Callable[[int], None]
    reprint_all: Callable[[], None]
    gift: Callable[[str, AdjustMode], None]
    reason: Callable[[str], None]
    save: Callable[[], None]
    refresh: Callable[[], None]
    restart: Callable[[], None]
    restart_confirm: Callable[[], None]

    @classmethod
    def posting(cls, send: Callable[[StaffEvent], None]) -> StaffActions:
        """Every button as one event handed to ``send`` (the app's dispatch to StaffMode)."""
        return cls(
            digit=lambda d: send(KeypadDigit(d)),
            delete=lambda: send(KeypadDelete()),
            submit=lambda: send(KeypadSubmit()),
            cancel=lambda: send(StaffCancel()),
            done=lambda: send(StaffDone()),
            tab=lambda tab: send(TabChosen(tab)),  # type: ignore[arg-type]
            paper_replaced=lambda: send(PaperReplacedPressed()),
            test_print=lambda: send(PrintTestPressed()),
            reprint=lambda job_id: send(ReprintPressed(job_id)),
            reprint_all=lambda: send(ReprintAllPressed()),
            gift=lambda code, mode: send(GiftChosen(code, mode)),
            reason=lambda reason: send(ReasonChosen(reason)),
            save=lambda: send(AdjustSubmit()),
            refresh=lambda: send(RefreshPressed()),
            restart=lambda: send(RestartPressed()),
            restart_confirm=lambda: send(RestartConfirmed()),
        )


def staff_screen(t: Translator, state: StaffState, actions: StaffActions) -> Widget:
    """The widget for the staff state (login keypad or desk)."""
    screen = state.screen
    if isinstance(screen, Login):
        return login_screen(t, screen, actions)
    if isinstance(screen, Desk):
        return desk_screen(t, screen, actions)
    raise ValueError("staff mode is closed: show the member screens")


# --- small pieces ---------------------------------------------------------------------------------


def button(
    text: str, on_press: Callable[[], None], *, enabled: bool = True, **kwargs: Any
) -> Button:
    """A kiosk button that looks disabled when it is (a flat, dim colour)."""
    if not enabled:
        kwargs["background_color"] = DISABLED_BUTTON
    widget = kiosk_button(text, on_press, **kwargs)
    widget.background_disabled_normal = ""
    widget.disabled = not enabled
    widget.disabled_color = theme.MUTED
    return widget


def notice_line(t: Translator, notice: Notice | None, height: int = 30) -> Widget:
    text = ""
    if notice is not None:
        params = {k: reason_text(t, v) if k == "reason" else v for k, v in notice.params}
        text = t(notice.key, **params)
    colour = theme.OK if notice is not None and notice.ok else theme.DANGER
    return WrappedLabel(
        text=text, font_size=theme.BODY, color=colour, size_hint=(1, None), height=height
    )


def one_line(text: str, *, height: int, **kwargs: Any) -> Label:
    """A label kept to one line (cut with "…"), for headings above a fixed layout."""
    kwargs.setdefault("color", theme.TEXT)
    label = Label(text=text, size_hint=(1, None), height=height, halign="left", valign="middle",
                  shorten=True, shorten_from="right", **kwargs)  # fmt: skip
    label.bind(size=lambda *_: setattr(label, "text_size", label.size))
    return label


def reason_text(t: Translator, reason: str) -> str:
    """A printer reason word in words, or the word itself if we have none for it."""
    key = f"staff.paper.{reason}"
    text = t(key)
    return reason if text == key else text


def keypad(
    t: Translator,
    actions: StaffActions,
    *,
    ok_text: str,
    on_ok: Callable[[], None],
    ok_enabled: bool,
    enabled: bool = True,
) -> Widget:
    """Digits 1-9, then Delete, 0, OK: big keys for a finger."""
    grid = GridLayout(cols=3, spacing=8, size_hint=(None, 1), width=330)
    for digit in "123456789":
        grid.add_widget(
            button(digit, partial(actions.digit, digit), enabled=enabled,
                   size_hint=(1, 1), font_size=theme.HEADLINE)
        )  # fmt: skip
    grid.add_widget(
        button(t("staff.keypad.delete"), actions.delete, enabled=enabled, size_hint=(1, 1))
    )
    grid.add_widget(
        button("0", lambda: actions.digit("0"), enabled=enabled, size_hint=(1, 1),
               font_size=theme.HEADLINE)
    )  # fmt: skip
    grid.add_widget(
        button(ok_text, on_ok, enabled=enabled and ok_enabled, size_hint=(1, 1),
               background_color=theme.ACCENT_BUTTON)
    )  # fmt: skip
    return grid


# --- login ----------------------------------------------------------------------------------------


def login_problem_text(t: Translator, screen: Login) -> str:
    problem = screen.problem
    if problem is None:
        return ""
    if problem is StaffProblem.WRONG_PIN:
        if screen.attempts_left is None:
            return t("staff.problem.wrong_pin_no_count")
        return t("staff.problem.wrong_pin", attempts=screen.attempts_left)
    if problem is StaffProblem.LOCKED:
        if screen.locked_until is None:
            return t("staff.problem.locked_no_time")
        # Given by the API in the store's local time: shown as is.
        return t("staff.problem.locked", time=screen.locked_until.strftime("%H:%M"))
    return t(f"staff.problem.{problem.value}")


def login_screen(t: Translator, screen: Login, actions: StaffActions) -> Widget:
    root = BoxLayout(orientation="horizontal", padding=(30, 16), spacing=30)
    left = BoxLayout(orientation="vertical", spacing=10)
    left.add_widget(
        WrappedLabel(text=t("staff.login.title"), font_size=theme.TITLE, bold=True,
                     halign="left", size_hint=(1, None), height=56)
    )  # fmt: skip
    if screen.stage == "staff_no":
        prompt = t("staff.login.scan_or_number")
        shown = screen.staff_no or "—"
    else:
        prompt = t("staff.login.enter_pin")
        shown = "●" * screen.pin_length if screen.pin_length else "—"
    left.add_widget(
        WrappedLabel(text=prompt, font_size=theme.BODY, halign="left", size_hint=(1, None),
                     height=56)
    )  # fmt: skip
    who = ""
    if screen.stage == "pin":
        who = (
            t("staff.login.card_read")
            if screen.has_card
            else t("staff.login.staff_no", number=screen.staff_no)
        )
    left.add_widget(
        WrappedLabel(text=who, font_size=theme.SMALL, color=theme.MUTED, halign="left",
                     size_hint=(1, None), height=24)
    )  # fmt: skip
    field = filled(BoxLayout(size_hint=(1, None), height=72, padding=8), theme.PANEL, radius=12)
    field.add_widget(WrappedLabel(text=shown, font_size=theme.TITLE, color=theme.ACCENT, bold=True))
    left.add_widget(field)
    if screen.busy is not None:
        message, colour = t("staff.login.checking"), theme.MUTED
    else:
        message, colour = login_problem_text(t, screen), theme.DANGER
    left.add_widget(WrappedLabel(text=message, font_size=theme.BODY, color=colour, halign="left"))
    left.add_widget(
        button(t("staff.cancel"), actions.cancel, enabled=screen.busy is None, size=(180, 56))
    )
    root.add_widget(left)
    ok_text = t("staff.keypad.next") if screen.stage == "staff_no" else t("staff.keypad.ok")
    root.add_widget(
        keypad(t, actions, ok_text=ok_text, on_ok=actions.submit,
               ok_enabled=can_submit_login(screen), enabled=screen.busy is None)
    )  # fmt: skip
    return root


# --- the desk -------------------------------------------------------------------------------------


def desk_screen(t: Translator, desk: Desk, actions: StaffActions) -> Widget:
    root = BoxLayout(orientation="vertical", padding=(16, 8), spacing=8)
    bar = BoxLayout(orientation="horizontal", size_hint=(1, None), height=56, spacing=6)
    for tab in TABS:
        bar.add_widget(
            button(
                t(f"staff.tab.{tab}"),
                partial(actions.tab, tab),
                size=(118, 56),
                background_color=TAB_ACTIVE if tab == desk.tab else theme.BUTTON,
            )
        )
    bar.add_widget(
        WrappedLabel(text=t("staff.signed_in", name=desk.identity.display_name),
                     font_size=theme.SMALL, color=theme.MUTED)
    )  # fmt: skip
    bar.add_widget(
        button(t("staff.done"), actions.done, enabled=not desk.health.restarting, size=(100, 56))
    )
    root.add_widget(bar)
    if desk.tab == "printer":
        root.add_widget(printer_panel(t, desk.printer, actions))
    elif desk.tab == "reprint":
        root.add_widget(reprint_panel(t, desk.reprint, actions))
    elif desk.tab == "gifts":
        root.add_widget(gifts_panel(t, desk.gifts, actions))
    else:
        root.add_widget(health_panel(t, desk.health, actions))
    return root


def _facts(
    rows: list[tuple[str, str, tuple[float, ...]]],
    *,
    pairs_per_row: int = 1,
    value_font: str = theme.BODY,
) -> Widget:
    """Label / value pairs in a grid, one or two pairs to a row (labels narrow, values wide)."""
    cols = 2 * pairs_per_row
    grid = GridLayout(cols=cols, spacing=(10, 4), size_hint=(1, None), row_default_height=34,
                      row_force_default=True)  # fmt: skip
    if pairs_per_row == 2:
        grid.cols_minimum = {0: 130, 1: 230, 2: 130, 3: 230}
    grid.bind(minimum_height=grid.setter("height"))
    for label, value, colour in rows:
        grid.add_widget(
            WrappedLabel(text=label, font_size=theme.SMALL, color=theme.MUTED, halign="left")
        )
        grid.add_widget(WrappedLabel(text=value, font_size=value_font, color=colour,
                                     halign="left"))  # fmt: skip
    return grid


def verdict_text(t: Translator, info: PrinterInfo) -> str:
    """One short line: ready, paper low, or why it cannot print."""
    if not info.can_print:
        return reason_text(t, info.reason)
    return t("staff.printer.ready") if info.reason == "ok" else t("staff.printer.low")


def printer_facts(t: Translator, info: PrinterInfo) -> list[tuple[str, str, tuple[float, ...]]]:
    sensor_key = f"staff.sensor.{info.sensor}"
    sensor = t(sensor_key)
    sensor_ok = info.sensor == "adequate"
    if info.low_switch is None:
        switch, switch_colour = t("staff.printer.not_fitted"), theme.MUTED
    elif info.low_switch:
        switch, switch_colour = t("staff.printer.switch_tripped"), theme.DANGER
    else:
        switch, switch_colour = t("staff.printer.switch_ok"), theme.OK
    if info.remaining_mm is None or info.roll_length_mm <= 0:
        estimate = t("staff.printer.unknown")
        estimate_colour: tuple[float, ...] = theme.MUTED
    else:
        percent = round(100 * info.remaining_mm / info.roll_length_mm)
        estimate = t(
            "staff.printer.estimate_value",
            left=f"{info.remaining_mm / 1000:.1f}",
            roll=f"{info.roll_length_mm / 1000:.0f}",
            percent=percent,
        )
        estimate_colour = theme.DANGER if percent <= 10 else theme.TEXT
    error = reason_text(t, info.last_error) if info.last_error else t("staff.printer.none")
    return [
        (t("staff.printer.sensor"), sensor, theme.OK if sensor_ok else theme.DANGER),
        (t("staff.printer.low_switch"), switch, switch_colour),
        (t("staff.printer.estimate"), estimate, estimate_colour),
        (t("staff.printer.last_error"), error, theme.DANGER if info.last_error else theme.MUTED),
    ]


def printer_panel(t: Translator, panel: PrinterPanel, actions: StaffActions) -> Widget:
    root = BoxLayout(orientation="vertical", spacing=8)
    info = panel.info
    if info is None:
        root.add_widget(WrappedLabel(text=t("staff.loading"), font_size=theme.BODY))
        root.add_widget(notice_line(t, panel.notice))
        return root
    if not info.can_print:
        verdict_colour: tuple[float, ...] = theme.DANGER
    elif info.reason == "ok":
        verdict_colour = theme.OK
    else:
        verdict_colour = theme.ACCENT
    root.add_widget(
        WrappedLabel(
            text=verdict_text(t, info),
            font_size=theme.HEADLINE,
            color=verdict_colour,
            halign="left",
            size_hint=(1, None),
            height=48,
        )
    )
    root.add_widget(_facts(printer_facts(t, info)))
    if panel.busy is not None:
        root.add_widget(notice_line(t, Notice("staff.working", ok=True)))
    else:
        root.add_widget(notice_line(t, panel.notice))
    root.add_widget(Widget())
    buttons = BoxLayout(orientation="horizontal", size_hint=(1, None), height=64, spacing=16)
    idle = panel.busy is None
    buttons.add_widget(
        button(t("staff.printer.paper_replaced"), actions.paper_replaced, enabled=idle,
               size_hint=(1, 1), background_color=theme.ACCENT_BUTTON)
    )  # fmt: skip
    buttons.add_widget(
        button(t("staff.printer.test_print"), actions.test_print, enabled=idle, size_hint=(1, 1))
    )
    buttons.add_widget(
        button(t("staff.refresh"), actions.refresh, enabled=idle and panel.loading is None,
               size_hint=(0.6, 1))
    )  # fmt: skip
    root.add_widget(buttons)
    return root


def _local_time(when: dt.datetime) -> str:
    # The Pi's clock zone is the store's (set at install); journal times are UTC.
    return when.astimezone().strftime("%m-%d %H:%M")


def reprint_panel(t: Translator, panel: ReprintPanel, actions: StaffActions) -> Widget:
    root = BoxLayout(orientation="vertical", spacing=6)
    jobs = panel.jobs
    if jobs is None:
        root.add_widget(WrappedLabel(text=t("staff.loading"), font_size=theme.BODY))
        root.add_widget(notice_line(t, panel.notice))
        return root
    root.add_widget(
        WrappedLabel(text=t("staff.reprint.title", count=len(jobs)), font_size=theme.BODY,
                     bold=True, halign="left", size_hint=(1, None), height=32)
    )  # fmt: skip
    idle = panel.busy is None
    if not jobs:
        root.add_widget(
            WrappedLabel(text=t("staff.reprint.empty"), font_size=theme.BODY, color=theme.OK)
        )
    else:
        rows = GridLayout(cols=1, spacing=6, size_hint_y=None)
        rows.bind(minimum_height=rows.setter("height"))
        for job in jobs:
            row = filled(
                BoxLayout(orientation="horizontal", size_hint_y=None, height=ROW, padding=(10, 4),
                          spacing=10),
                theme.PANEL, radius=10,
            )  # fmt: skip
            row.add_widget(
                WrappedLabel(
                    text=t("staff.reprint.row", job=job.job_id, kind=t(f"staff.kind.{job.kind}"),
                           time=_local_time(job.created_at)),
                    font_size=theme.BODY, halign="left",
                )
            )  # fmt: skip
            why = t(
                "staff.reprint.why",
                status=t(f"staff.status.{job.status}"),
                error=reason_text(t, job.last_error) if job.last_error else "—",
            )
            row.add_widget(
                WrappedLabel(text=why, font_size=theme.SMALL, color=theme.DANGER, halign="left")
            )
            printing = job.job_id in panel.printing
            row.add_widget(
                button(
                    t("staff.reprint.printing") if printing else t("staff.reprint.one"),
                    partial(actions.reprint, job.job_id),
                    enabled=idle,
                    size=(140, ROW - 10),
                )
            )
            rows.add_widget(row)
        scroll = ScrollView(do_scroll_x=False)
        scroll.add_widget(rows)
        root.add_widget(scroll)
    if panel.busy is not None:
        root.add_widget(notice_line(t, Notice("staff.reprint.printing", ok=True)))
    else:
        root.add_widget(notice_line(t, panel.notice))
    bottom = BoxLayout(orientation="horizontal", size_hint=(1, None), height=60, spacing=16)
    bottom.add_widget(
        button(t("staff.reprint.all", count=len(jobs)), actions.reprint_all,
               enabled=idle and bool(jobs), size_hint=(1, 1),
               background_color=theme.ACCENT_BUTTON)
    )  # fmt: skip
    bottom.add_widget(
        button(t("staff.refresh"), actions.refresh, enabled=idle and panel.loading is None,
               size_hint=(0.5, 1))
    )  # fmt: skip
    root.add_widget(bottom)
    return root


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
        WrappedLabel(text=t("staff.gifts.title"), font_size=theme.BODY, bold=True, halign="left",
                     size_hint=(1, None), height=32)
    )  # fmt: skip
    if not gifts:
        root.add_widget(WrappedLabel(text=t("staff.gifts.empty"), font_size=theme.BODY))
    else:
        rows = GridLayout(cols=1, spacing=6, size_hint_y=None)
        rows.bind(minimum_height=rows.setter("height"))
        for gift in gifts:
            row = filled(
                BoxLayout(orientation="horizontal", size_hint_y=None, height=ROW, padding=(10, 4),
                          spacing=10),
                theme.PANEL, radius=10,
            )  # fmt: skip
            row.add_widget(
                WrappedLabel(text=localised(gift.names, t.lang), font_size=theme.BODY, bold=True,
                             halign="left")
            )  # fmt: skip
            count = (
                t("staff.gifts.low", count=gift.quantity)
                if gift.low
                else t("staff.gifts.quantity", count=gift.quantity)
            )
            row.add_widget(
                WrappedLabel(text=count, font_size=theme.BODY,
                             color=theme.DANGER if gift.low else theme.OK)
            )  # fmt: skip
            row.add_widget(
                button(t("staff.gifts.add"), partial(actions.gift, gift.code, "add"),
                       enabled=panel.busy is None, size=(130, ROW - 10),
                       background_color=theme.ACCENT_BUTTON)
            )  # fmt: skip
            row.add_widget(
                button(t("staff.gifts.set"), partial(actions.gift, gift.code, "set"),
                       enabled=panel.busy is None, size=(120, ROW - 10))
            )  # fmt: skip
            rows.add_widget(row)
        scroll = ScrollView(do_scroll_x=False)
        scroll.add_widget(rows)
        root.add_widget(scroll)
    root.add_widget(notice_line(t, panel.notice))
    bottom = AnchorLayout(anchor_x="right", size_hint=(1, None), height=56)
    bottom.add_widget(
        button(t("staff.refresh"), actions.refresh, enabled=panel.loading is None,
               size=(160, 52))
    )  # fmt: skip
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
        WrappedLabel(text=t("staff.gifts.now", count=gift.quantity), font_size=theme.BODY,
                     color=theme.MUTED, halign="left", size_hint=(1, None), height=24)
    )  # fmt: skip
    amount_row = BoxLayout(orientation="horizontal", size_hint=(1, None), height=56, spacing=10)
    amount_row.add_widget(
        WrappedLabel(
            text=t("staff.gifts.amount_add") if adding else t("staff.gifts.amount_set"),
            font_size=theme.BODY, halign="left", size_hint=(0.45, 1),
        )
    )  # fmt: skip
    field = filled(BoxLayout(padding=6), theme.PANEL, radius=10)
    field.add_widget(
        WrappedLabel(text=adjusting.amount or "—", font_size=theme.TITLE, color=theme.ACCENT,
                     bold=True)
    )  # fmt: skip
    amount_row.add_widget(field)
    left.add_widget(amount_row)
    left.add_widget(
        WrappedLabel(text=t("staff.gifts.reason"), font_size=theme.SMALL, color=theme.MUTED,
                     halign="left", size_hint=(1, None), height=20)
    )  # fmt: skip
    reasons = GridLayout(cols=2, spacing=6, size_hint=(1, None), height=2 * 44 + 6)
    idle = panel.busy is None
    for reason in ADD_REASONS if adding else SET_REASONS:
        chosen = reason == adjusting.reason
        reasons.add_widget(
            button(t(f"staff.reason.{reason}"), partial(actions.reason, reason),
                   enabled=idle, size_hint=(1, None), size=(100, 44),
                   background_color=TAB_ACTIVE if chosen else theme.BUTTON)
        )  # fmt: skip
    left.add_widget(reasons)
    if panel.busy is not None:
        left.add_widget(notice_line(t, Notice("staff.working", ok=True)))
    else:
        left.add_widget(notice_line(t, panel.notice))
    left.add_widget(button(t("staff.cancel"), actions.cancel, enabled=idle, size=(160, 48)))
    root.add_widget(left)
    root.add_widget(
        keypad(t, actions, ok_text=t("staff.gifts.save"), on_ok=actions.save,
               ok_enabled=can_submit(adjusting), enabled=idle)
    )  # fmt: skip
    return root


def state_text(t: Translator, state: str) -> str:
    """A driver's state word in words, or the word itself if we have none for it."""
    key = f"staff.state.{state}"
    text = t(key)
    return state if text == key else text


def health_facts(t: Translator, report: HealthReport) -> list[tuple[str, str, tuple[float, ...]]]:
    muted, ok, bad = theme.MUTED, theme.OK, theme.DANGER
    if report.api_reachable is None:
        api = (t("staff.health.unknown"), muted)
    elif report.api_reachable:
        ms = "?" if report.api_latency_ms is None else f"{report.api_latency_ms:.0f}"
        api = (t("staff.health.api_ok", ms=ms), ok)
    else:
        api = (t("staff.health.api_down"), bad)
    rows: list[tuple[str, str, tuple[float, ...]]] = [(t("staff.health.api"), *api)]
    for reading in report.devices:
        colour = muted if reading.ok is None else ok if reading.ok else bad
        # The state word only: details (paper left, active inputs) are on their own tabs.
        rows.append((t(f"staff.health.{reading.key}"), state_text(t, reading.state), colour))
    hours, rest = divmod(int(report.uptime_s), 3600)
    rows += [
        (t("staff.health.config_version"), report.config_version, theme.TEXT),
        (t("staff.health.app_version"), report.app_version, theme.TEXT),
        (
            t("staff.health.uptime"),
            t("staff.health.uptime_value", hours=hours, minutes=rest // 60),
            theme.TEXT,
        ),
    ]
    not_reported = t("staff.health.not_reported")
    if report.free_disk_bytes is None:
        rows.append((t("staff.health.disk"), not_reported, muted))
    else:
        gb = report.free_disk_bytes / 1e9
        rows.append(
            (t("staff.health.disk"), t("staff.health.disk_value", gb=f"{gb:.1f}"),
             bad if gb < 0.5 else theme.TEXT)
        )  # fmt: skip
    if report.cpu_temp_c is None:
        rows.append((t("staff.health.temperature"), not_reported, muted))
    else:
        celsius = report.cpu_temp_c
        rows.append(
            (t("staff.health.temperature"),
             t("staff.health.temperature_value", celsius=f"{celsius:.1f}"),
             bad if celsius >= 80 else theme.TEXT)
        )  # fmt: skip
    rows.append((t("staff.health.power"), *power_text(t, report)))
    return rows


def power_text(t: Translator, report: HealthReport) -> tuple[str, tuple[float, ...]]:
    """The power supply line: under-voltage now, since boot, or fine (None: not reported)."""
    power: tuple[str, tuple[float, ...]]
    if report.under_voltage_now is None:
        power = (t("staff.health.not_reported"), theme.MUTED)
    elif report.under_voltage_now:
        power = (t("staff.health.power_low_now"), theme.DANGER)
    elif report.under_voltage_since_boot:
        power = (t("staff.health.power_low_before"), theme.ACCENT)
    else:
        power = (t("staff.health.power_ok"), theme.OK)
    if report.throttled_now:
        power = (f"{power[0]}; {t('staff.health.throttled')}", theme.DANGER)
    return power


def health_panel(t: Translator, panel: HealthPanel, actions: StaffActions) -> Widget:
    root = BoxLayout(orientation="vertical", spacing=6)
    if panel.restarting:
        root.add_widget(WrappedLabel(text=t("staff.health.restarting"), font_size=theme.HEADLINE))
        return root
    if panel.report is None:
        root.add_widget(WrappedLabel(text=t("staff.loading"), font_size=theme.BODY))
    else:
        scroll = ScrollView(do_scroll_x=False)
        facts = _facts(health_facts(t, panel.report), pairs_per_row=2, value_font=theme.SMALL)
        scroll.add_widget(facts)
        root.add_widget(scroll)
    bottom = BoxLayout(orientation="horizontal", size_hint=(1, None), height=60, spacing=16)
    if panel.confirm_restart:
        bottom.add_widget(
            WrappedLabel(text=t("staff.health.restart_confirm"), font_size=theme.SMALL,
                         color=theme.DANGER, halign="left")
        )  # fmt: skip
        bottom.add_widget(
            button(t("staff.health.restart_yes"), actions.restart_confirm, size=(170, 56),
                   background_color=theme.ACCENT_BUTTON)
        )  # fmt: skip
        bottom.add_widget(button(t("staff.cancel"), actions.cancel, size=(130, 56)))
    else:
        bottom.add_widget(
            button(t("staff.refresh"), actions.refresh, enabled=panel.loading is None,
                   size_hint=(1, 1))
        )  # fmt: skip
        bottom.add_widget(
            button(t("staff.health.restart"), actions.restart, size_hint=(1, 1),
                   background_color=theme.ACCENT_BUTTON)
        )  # fmt: skip
    root.add_widget(bottom)
    return root


class HiddenCorner(Widget):
    """An invisible square that calls ``on_hold`` after a finger rests on it for ``hold_s``.

    Put it in a corner of the idle screen (e.g. ``size=(80, 80)``); a short tap does nothing,
    so members do not stumble into the staff keypad.
    """

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
