"""Staff screens' words, without Kivy: every text and colour the staff widgets show is made
here from core state, so it is tested without a window."""

from __future__ import annotations

import datetime as dt

from kiosk.core.staff import (
    HealthReport,
    Login,
    Notice,
    PrinterInfo,
    StaffProblem,
)
from kiosk.i18n import Translator
from kiosk.ui import theme


def reason_text(t: Translator, reason: str) -> str:
    """A printer reason word in words, or the word itself if we have none for it."""
    key = f"staff.paper.{reason}"
    text = t(key)
    return reason if text == key else text


def notice_text(t: Translator, notice: Notice | None) -> str:
    """A staff notice in words; a printer reason among its values in words too."""
    if notice is None:
        return ""
    params = {k: reason_text(t, v) if k == "reason" else v for k, v in notice.params}
    return t(notice.key, **params)


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


def verdict_text(t: Translator, info: PrinterInfo) -> str:
    """One short line: ready, paper low, or why it cannot print."""
    if not info.can_print:
        return reason_text(t, info.reason)
    return t("staff.printer.ready") if info.reason == "ok" else t("staff.printer.low")


def verdict_colour(info: PrinterInfo) -> tuple[float, ...]:
    """Green when ready, amber when the paper is low, red when it cannot print."""
    if not info.can_print:
        return theme.DANGER
    return theme.OK if info.reason == "ok" else theme.ACCENT


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


def local_time(when: dt.datetime) -> str:
    # The Pi's clock zone is the store's (set at install); journal times are UTC.
    return when.astimezone().strftime("%m-%d %H:%M")


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
            (
                t("staff.health.disk"),
                t("staff.health.disk_value", gb=f"{gb:.1f}"),
                bad if gb < 0.5 else theme.TEXT,
            )
        )
    if report.cpu_temp_c is None:
        rows.append((t("staff.health.temperature"), not_reported, muted))
    else:
        celsius = report.cpu_temp_c
        rows.append(
            (
                t("staff.health.temperature"),
                t("staff.health.temperature_value", celsius=f"{celsius:.1f}"),
                bad if celsius >= 80 else theme.TEXT,
            )
        )
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
