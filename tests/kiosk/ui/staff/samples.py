"""Staff states for the screen tests, made by driving the real StaffMode with events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from kiosk.core.staff import (
    GiftChosen,
    GiftStock,
    HealthReport,
    HiddenCornerHeld,
    KeypadDigit,
    KeypadSubmit,
    PaperReplacedPressed,
    PrinterInfo,
    Reading,
    ReasonChosen,
    ReprintJob,
    ReprintPressed,
    RestartPressed,
    StaffAnswered,
    StaffCardScanned,
    StaffIdentity,
    StaffLogin,
    StaffLoginFailed,
    StaffLoginSucceeded,
    StaffMode,
    StaffProblem,
    StaffState,
    TabChosen,
)

T0 = 5000.0
LOCAL = dt.timezone(dt.timedelta(hours=8))

INFO = PrinterInfo(
    can_print=True, reason="paper_low_switch", sensor="adequate", low_switch=True,
    remaining_mm=1800.0, roll_length_mm=30000.0, last_error="paper_out",
)  # fmt: skip
FRESH = PrinterInfo(
    can_print=True, reason="ok", sensor="adequate", low_switch=False,
    remaining_mm=30000.0, roll_length_mm=30000.0,
)  # fmt: skip
JOBS = (
    ReprintJob(7, "voucher", dt.datetime(2026, 11, 22, 9, 5, tzinfo=dt.UTC), "failed", "paper_out"),
    ReprintJob(9, "gift", dt.datetime(2026, 11, 22, 9, 40, tzinfo=dt.UTC), "pending"),
    ReprintJob(12, "checkin", dt.datetime(2026, 11, 22, 10, 2, tzinfo=dt.UTC), "sending",
               "interrupted"),
)  # fmt: skip
GIFTS = (
    GiftStock("mug", {"en": "Mug", "zh": "马克杯"}, 3, 5),
    GiftStock("tote", {"en": "Tote bag", "zh": "帆布袋"}, 20, 5),
    GiftStock("umbrella", {"en": "Folding umbrella", "zh": "折叠伞"}, 0, 2),
)
REPORT = HealthReport(
    api_reachable=True, api_latency_ms=23.4,
    devices=(
        Reading("camera", True, "ready", "simulated"),
        Reading("card_reader", True, "ready"),
        Reading("printer", True, "paper_low", "paper_low_switch; about 1800 mm of paper left"),
        Reading("gpio", True, "ready", "gpiozero; active: paper_low"),
    ),
    config_version="store-12/v7", app_version="0.1.0", uptime_s=3 * 3600 + 25 * 60,
    free_disk_bytes=11_400_000_000, cpu_temp_c=52.1, under_voltage_now=False,
    under_voltage_since_boot=True, throttled_now=False,
)  # fmt: skip
IDENTITY = StaffIdentity("stf_31c0", "Li W.", "staff")


def _typed(staff: StaffMode, digits: str) -> None:
    for d in digits:
        staff.handle(KeypadDigit(d), T0)


def _submit_login(staff: StaffMode) -> int:
    (effect,) = staff.handle(KeypadSubmit(), T0)
    assert isinstance(effect, StaffLogin)
    return effect.request_id


def _desk(staff: StaffMode) -> StaffMode:
    staff.handle(StaffCardScanned("S1:9001"), T0)
    _typed(staff, "4821")
    rid = _submit_login(staff)
    (load,) = staff.handle(StaffLoginSucceeded(rid, IDENTITY, "token"), T0)
    staff.handle(StaffAnswered(load.request_id, INFO), T0)  # type: ignore[union-attr]
    return staff


def _tab(staff: StaffMode, tab: str, answer: object) -> StaffMode:
    (load,) = staff.handle(TabChosen(tab), T0)  # type: ignore[arg-type]
    staff.handle(StaffAnswered(load.request_id, answer), T0)  # type: ignore[union-attr,arg-type]
    return staff


def login_number() -> StaffState:
    staff = StaffMode()
    staff.handle(HiddenCornerHeld(), T0)
    _typed(staff, "90")
    return staff.state


def login_pin_short() -> StaffState:
    staff = StaffMode()
    staff.handle(StaffCardScanned("S1:9001"), T0)
    _typed(staff, "482")
    return staff.state


def login_pin_ready() -> StaffState:
    staff = StaffMode()
    staff.handle(StaffCardScanned("S1:9001"), T0)
    _typed(staff, "4821")
    return staff.state


def login_checking() -> StaffState:
    staff = StaffMode()
    staff.handle(StaffCardScanned("S1:9001"), T0)
    _typed(staff, "4821")
    _submit_login(staff)
    return staff.state


def login_wrong_pin() -> StaffState:
    staff = StaffMode()
    staff.handle(StaffCardScanned("S1:9001"), T0)
    _typed(staff, "1111")
    rid = _submit_login(staff)
    staff.handle(StaffLoginFailed(rid, StaffProblem.WRONG_PIN, 3), T0)
    return staff.state


def login_locked() -> StaffState:
    staff = StaffMode()
    staff.handle(StaffCardScanned("S1:9001"), T0)
    _typed(staff, "1111")
    rid = _submit_login(staff)
    until = dt.datetime(2026, 11, 22, 22, 17, tzinfo=LOCAL)
    staff.handle(StaffLoginFailed(rid, StaffProblem.LOCKED, 0, until), T0)
    return staff.state


def printer() -> StaffState:
    return _desk(StaffMode()).state


def printer_busy() -> StaffState:
    staff = _desk(StaffMode())
    staff.handle(PaperReplacedPressed(), T0)
    return staff.state


def printer_restocked() -> StaffState:
    staff = _desk(StaffMode())
    (effect,) = staff.handle(PaperReplacedPressed(), T0)
    staff.handle(StaffAnswered(effect.request_id, FRESH), T0)  # type: ignore[union-attr]
    return staff.state


def reprint() -> StaffState:
    return _tab(_desk(StaffMode()), "reprint", JOBS).state


def reprint_busy() -> StaffState:
    staff = _tab(_desk(StaffMode()), "reprint", JOBS)
    staff.handle(ReprintPressed(7), T0)
    return staff.state


def reprint_empty() -> StaffState:
    return _tab(_desk(StaffMode()), "reprint", ()).state


def gifts() -> StaffState:
    return _tab(_desk(StaffMode()), "gifts", GIFTS).state


def gifts_adjust() -> StaffState:
    staff = _tab(_desk(StaffMode()), "gifts", GIFTS)
    staff.handle(GiftChosen("mug", "set"), T0)
    _typed(staff, "17")
    staff.handle(ReasonChosen("count"), T0)
    return staff.state


def gifts_add_empty() -> StaffState:
    staff = _tab(_desk(StaffMode()), "gifts", GIFTS)
    staff.handle(GiftChosen("tote", "add"), T0)
    return staff.state


def health() -> StaffState:
    return _tab(_desk(StaffMode()), "health", REPORT).state


def health_confirm() -> StaffState:
    staff = _tab(_desk(StaffMode()), "health", REPORT)
    staff.handle(RestartPressed(), T0)
    return staff.state


STATES: dict[str, Callable[[], StaffState]] = {
    "login_number": login_number,
    "login_pin_short": login_pin_short,
    "login_pin_ready": login_pin_ready,
    "login_checking": login_checking,
    "login_wrong_pin": login_wrong_pin,
    "login_locked": login_locked,
    "printer": printer,
    "printer_busy": printer_busy,
    "printer_restocked": printer_restocked,
    "reprint": reprint,
    "reprint_busy": reprint_busy,
    "reprint_empty": reprint_empty,
    "gifts": gifts,
    "gifts_adjust": gifts_adjust,
    "gifts_add_empty": gifts_add_empty,
    "health": health,
    "health_confirm": health_confirm,
}
