"""Staff mode state machine: every step with an explicit ``now``, effects checked as data."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from kiosk.core.staff import (
    AdjustStock,
    AdjustSubmit,
    Closed,
    Desk,
    GiftChosen,
    GiftStock,
    HealthReport,
    HiddenCornerHeld,
    KeypadDelete,
    KeypadDigit,
    KeypadSubmit,
    KeySwitchChanged,
    LoadGifts,
    LoadHealth,
    LoadPrinterInfo,
    LoadReprintJobs,
    Login,
    MarkPaperReplaced,
    Notice,
    PaperReplacedPressed,
    PrinterInfo,
    PrintTestPage,
    PrintTestPressed,
    PrintTestResult,
    ReasonChosen,
    RefreshPressed,
    Reprint,
    ReprintAllPressed,
    ReprintJob,
    ReprintOutcome,
    ReprintPressed,
    RestartApp,
    RestartConfirmed,
    RestartPressed,
    StaffAnswered,
    StaffCancel,
    StaffCardScanned,
    StaffDone,
    StaffFailed,
    StaffIdentity,
    StaffLogin,
    StaffLoginFailed,
    StaffLoginSucceeded,
    StaffLogout,
    StaffMode,
    StaffModeChanged,
    StaffProblem,
    StaffTick,
    StaffTouched,
    TabChosen,
    Timeouts,
    can_submit_login,
)

CARD = "S1:9001"
PIN = "4821"
IDENTITY = StaffIdentity("st_1", "Li W.", "staff")
TOKEN = "staff-token-abc"
T0 = 1000.0
LOCAL = dt.timezone(dt.timedelta(hours=8))

INFO = PrinterInfo(
    can_print=True, reason="paper_low_switch", sensor="adequate", low_switch=True,
    remaining_mm=1200.0, roll_length_mm=30000.0,
)  # fmt: skip
FRESH = PrinterInfo(
    can_print=True, reason="ok", sensor="adequate", low_switch=False,
    remaining_mm=30000.0, roll_length_mm=30000.0,
)  # fmt: skip
JOBS = (
    ReprintJob(7, "voucher", dt.datetime(2026, 11, 22, 9, 5, tzinfo=dt.UTC), "failed", "paper_out"),
    ReprintJob(9, "gift", dt.datetime(2026, 11, 22, 9, 40, tzinfo=dt.UTC), "pending"),
)
MUG = GiftStock("mug", {"en": "Mug", "zh": "马克杯"}, 3, low_threshold=5)
TOTE = GiftStock("tote", {"en": "Tote bag", "zh": "帆布袋"}, 20, low_threshold=5)


def type_digits(staff: StaffMode, digits: str, now: float) -> list[object]:
    effects: list[object] = []
    for d in digits:
        effects += staff.handle(KeypadDigit(d), now)
    return effects


def login(staff: StaffMode, now: float = T0) -> Desk:
    """Card + PIN + the API's yes: the desk on the printer tab, its info loading."""
    assert staff.handle(StaffCardScanned(CARD), now) == [StaffModeChanged(active=True)]
    type_digits(staff, PIN, now)
    (effect,) = staff.handle(KeypadSubmit(), now)
    assert isinstance(effect, StaffLogin)
    effects = staff.handle(StaffLoginSucceeded(effect.request_id, IDENTITY, TOKEN), now + 1)
    (load,) = effects
    assert isinstance(load, LoadPrinterInfo)
    staff.handle(StaffAnswered(load.request_id, INFO), now + 1)
    desk = staff.screen
    assert isinstance(desk, Desk)
    return desk


def desk(staff: StaffMode) -> Desk:
    screen = staff.screen
    assert isinstance(screen, Desk)
    return screen


def open_tab(staff: StaffMode, tab: str, now: float, answer: object) -> None:
    (load,) = staff.handle(TabChosen(tab), now)  # type: ignore[arg-type]
    staff.handle(StaffAnswered(load.request_id, answer), now)  # type: ignore[union-attr,arg-type]


# --- getting in -------------------------------------------------------------------------------


def test_card_then_pin_logs_in_and_the_pin_is_sent_once_then_wiped() -> None:
    staff = StaffMode()
    assert not staff.active
    staff.handle(StaffCardScanned(CARD), T0)
    screen = staff.screen
    assert isinstance(screen, Login) and screen.stage == "pin" and screen.has_card
    type_digits(staff, PIN, T0)
    screen = staff.screen
    assert isinstance(screen, Login) and screen.pin_length == 4 and can_submit_login(screen)
    assert PIN not in repr(staff.state) and CARD not in repr(staff.state)
    (effect,) = staff.handle(KeypadSubmit(), T0 + 1)
    assert effect == StaffLogin(effect.request_id, card=CARD, staff_no=None, pin=PIN)  # type: ignore[union-attr]
    assert PIN not in repr(effect) and CARD not in repr(effect)
    screen = staff.screen
    assert isinstance(screen, Login) and screen.pin == "" and screen.pin_length == 0
    assert screen.busy == effect.request_id  # type: ignore[union-attr]
    assert not can_submit_login(screen)
    # The keypad waits for the API: digits and a second submit do nothing.
    assert type_digits(staff, "12", T0 + 2) == []
    assert staff.handle(KeypadSubmit(), T0 + 2) == []
    staff.handle(StaffLoginSucceeded(effect.request_id, IDENTITY, TOKEN), T0 + 3)  # type: ignore[union-attr]
    assert isinstance(staff.screen, Desk) and staff.screen.identity == IDENTITY
    assert TOKEN not in repr(staff.state)


def test_key_switch_opens_staff_number_then_pin() -> None:
    staff = StaffMode()
    assert staff.handle(KeySwitchChanged(on=True), T0) == [StaffModeChanged(active=True)]
    screen = staff.screen
    assert isinstance(screen, Login) and screen.stage == "staff_no" and screen.via == "key"
    assert staff.handle(KeypadSubmit(), T0) == []  # nothing typed yet
    type_digits(staff, "9001", T0)
    staff.handle(KeypadDelete(), T0)
    type_digits(staff, "2", T0)
    staff.handle(KeypadSubmit(), T0)
    screen = staff.screen
    assert isinstance(screen, Login) and screen.stage == "pin" and screen.staff_no == "9002"
    type_digits(staff, "123", T0)
    assert staff.handle(KeypadSubmit(), T0) == []  # too short: 4 digits at least
    type_digits(staff, "45", T0)
    (effect,) = staff.handle(KeypadSubmit(), T0)
    assert isinstance(effect, StaffLogin)
    assert effect.staff_no == "9002" and effect.card is None and effect.pin == "12345"


def test_delete_on_an_empty_pin_goes_back_to_the_number_without_a_card() -> None:
    staff = StaffMode()
    staff.handle(HiddenCornerHeld(), T0)
    type_digits(staff, "77", T0)
    staff.handle(KeypadSubmit(), T0)
    staff.handle(KeypadDelete(), T0)
    screen = staff.screen
    assert isinstance(screen, Login) and screen.stage == "staff_no" and screen.via == "corner"


def test_a_card_scanned_on_the_keypad_replaces_the_typed_number() -> None:
    staff = StaffMode()
    staff.handle(HiddenCornerHeld(), T0)
    type_digits(staff, "123", T0)
    staff.handle(StaffCardScanned(CARD), T0)
    type_digits(staff, PIN, T0)
    (effect,) = staff.handle(KeypadSubmit(), T0)
    assert isinstance(effect, StaffLogin) and effect.card == CARD and effect.staff_no is None


def test_pin_length_is_capped_and_non_digits_ignored() -> None:
    staff = StaffMode()
    staff.handle(StaffCardScanned(CARD), T0)
    type_digits(staff, "1234567890", T0)
    staff.handle(KeypadDigit("x"), T0)
    staff.handle(KeypadDigit("12"), T0)
    screen = staff.screen
    assert isinstance(screen, Login) and screen.pin_length == 8


def test_wrong_pin_shows_attempts_left_and_clears_the_pin() -> None:
    staff = StaffMode()
    staff.handle(StaffCardScanned(CARD), T0)
    type_digits(staff, "0000", T0)
    (effect,) = staff.handle(KeypadSubmit(), T0)
    staff.handle(StaffLoginFailed(effect.request_id, StaffProblem.WRONG_PIN, 3), T0 + 1)  # type: ignore[union-attr]
    screen = staff.screen
    assert isinstance(screen, Login)
    assert screen.problem is StaffProblem.WRONG_PIN and screen.attempts_left == 3
    assert screen.pin_length == 0 and screen.has_card and screen.busy is None
    # Typing again clears the refusal; the card is still there for the next try.
    type_digits(staff, "4", T0 + 2)
    screen = staff.screen
    assert isinstance(screen, Login) and screen.problem is None
    type_digits(staff, "821", T0 + 2)
    (again,) = staff.handle(KeypadSubmit(), T0 + 3)
    assert isinstance(again, StaffLogin) and again.card == CARD and again.pin == PIN


def test_locked_shows_until_when_and_stays_while_typing() -> None:
    staff = StaffMode()
    until = dt.datetime(2026, 11, 22, 14, 5, tzinfo=LOCAL)
    staff.handle(StaffCardScanned(CARD), T0)
    type_digits(staff, "0000", T0)
    (effect,) = staff.handle(KeypadSubmit(), T0)
    staff.handle(
        StaffLoginFailed(effect.request_id, StaffProblem.LOCKED, 0, until),  # type: ignore[union-attr]
        T0 + 1,
    )
    type_digits(staff, "1", T0 + 2)
    screen = staff.screen
    assert isinstance(screen, Login)
    assert screen.problem is StaffProblem.LOCKED and screen.locked_until == until


def test_a_late_login_answer_after_cancel_is_dropped() -> None:
    staff = StaffMode()
    staff.handle(StaffCardScanned(CARD), T0)
    type_digits(staff, PIN, T0)
    (effect,) = staff.handle(KeypadSubmit(), T0)
    assert staff.handle(StaffCancel(), T0 + 1) == []  # busy: the keypad waits for the answer
    timeouts = Timeouts()
    # The answer never comes: the guard gives the keypad back with "offline".
    staff.handle(StaffTick(), T0 + timeouts.request)
    screen = staff.screen
    assert isinstance(screen, Login) and screen.problem is StaffProblem.OFFLINE
    assert staff.handle(StaffCancel(), T0 + 21) == [StaffModeChanged(active=False)]
    staff.handle(StaffLoginSucceeded(effect.request_id, IDENTITY, TOKEN), T0 + 22)  # type: ignore[union-attr]
    assert isinstance(staff.screen, Closed) and not staff.active


def test_login_screen_closes_after_its_own_inactivity() -> None:
    staff = StaffMode(Timeouts(login=60))
    staff.handle(StaffCardScanned(CARD), T0)
    type_digits(staff, "12", T0 + 30)
    assert staff.handle(StaffTick(), T0 + 89) == []
    assert staff.handle(StaffTick(), T0 + 90) == [StaffModeChanged(active=False)]
    assert isinstance(staff.screen, Closed)


def test_touches_and_answers_while_closed_do_nothing() -> None:
    staff = StaffMode()
    for event in (KeypadDigit("1"), KeypadSubmit(), StaffDone(), TabChosen("gifts"),
                  StaffTouched(), StaffAnswered(1, INFO), StaffTick(),
                  KeySwitchChanged(on=False)):  # fmt: skip
        assert staff.handle(event, T0) == []  # type: ignore[arg-type]
    assert isinstance(staff.screen, Closed)


# --- leaving ----------------------------------------------------------------------------------


def test_done_logs_out_and_wipes_the_token() -> None:
    staff = StaffMode()
    login(staff)
    effects = staff.handle(StaffDone(), T0 + 5)
    assert effects == [StaffLogout(TOKEN, "done"), StaffModeChanged(active=False)]
    assert staff.screen == Closed()  # the token went with the desk


def test_inactivity_logs_out_but_not_while_an_answer_is_awaited() -> None:
    staff = StaffMode(Timeouts(inactivity=120, request=20))
    login(staff)  # last touch at T0 + 1
    staff.handle(StaffTouched(), T0 + 50)
    assert staff.handle(StaffTick(), T0 + 169) == []
    assert staff.handle(StaffTick(), T0 + 170) == [
        StaffLogout(TOKEN, "inactivity"),
        StaffModeChanged(active=False),
    ]


def test_key_switch_turned_back_ends_staff_mode_whatever_opened_it() -> None:
    staff = StaffMode()
    login(staff)
    assert staff.handle(KeySwitchChanged(on=True), T0 + 2) == []  # already in
    assert staff.handle(KeySwitchChanged(on=False), T0 + 3) == [
        StaffLogout(TOKEN, "key_switch"),
        StaffModeChanged(active=False),
    ]
    staff.handle(KeySwitchChanged(on=True), T0 + 4)
    assert isinstance(staff.screen, Login)
    assert staff.handle(KeySwitchChanged(on=False), T0 + 5) == [StaffModeChanged(active=False)]


def test_an_expired_staff_session_closes_staff_mode() -> None:
    staff = StaffMode()
    login(staff)
    (load,) = staff.handle(TabChosen("gifts"), T0 + 2)
    effects = staff.handle(StaffFailed(load.request_id, StaffProblem.SESSION_EXPIRED), T0 + 3)  # type: ignore[union-attr]
    assert effects == [StaffModeChanged(active=False)]
    assert isinstance(staff.screen, Closed)


def test_a_card_on_the_desk_does_not_change_who_is_logged_in() -> None:
    staff = StaffMode()
    login(staff)
    assert staff.handle(StaffCardScanned("S1:9002"), T0 + 2) == []
    assert desk(staff).identity == IDENTITY


# --- printer tab ------------------------------------------------------------------------------


def test_paper_replaced_records_and_shows_the_fresh_estimate() -> None:
    staff = StaffMode()
    d = login(staff)
    assert d.tab == "printer" and d.printer.info == INFO
    (effect,) = staff.handle(PaperReplacedPressed(), T0 + 2)
    assert effect == MarkPaperReplaced(effect.request_id, TOKEN)  # type: ignore[union-attr]
    assert staff.handle(PaperReplacedPressed(), T0 + 2) == []  # one at a time
    staff.handle(StaffAnswered(effect.request_id, FRESH), T0 + 3)  # type: ignore[union-attr]
    panel = desk(staff).printer
    assert panel.info == FRESH and panel.busy is None
    assert panel.notice == Notice("staff.printer.restocked", True)
    assert staff.state.request_started is None


def test_test_print_then_reloads_the_printer_info() -> None:
    staff = StaffMode()
    login(staff)
    (effect,) = staff.handle(PrintTestPressed(), T0 + 2)
    assert isinstance(effect, PrintTestPage) and effect.token == TOKEN
    (reload,) = staff.handle(StaffAnswered(effect.request_id, PrintTestResult(False, "paper_out")),
                             T0 + 3)  # fmt: skip
    assert isinstance(reload, LoadPrinterInfo)
    panel = desk(staff).printer
    assert panel.notice == Notice("staff.printer.test_failed", False, (("reason", "paper_out"),))
    assert panel.loading == reload.request_id
    staff.handle(StaffAnswered(reload.request_id, FRESH), T0 + 4)
    panel = desk(staff).printer
    assert panel.info == FRESH and panel.notice is not None  # the test's result stays up


def test_a_failed_paper_replaced_says_why() -> None:
    staff = StaffMode()
    login(staff)
    (effect,) = staff.handle(PaperReplacedPressed(), T0 + 2)
    staff.handle(StaffFailed(effect.request_id, StaffProblem.OFFLINE), T0 + 3)  # type: ignore[union-attr]
    panel = desk(staff).printer
    assert panel.notice == Notice("staff.problem.offline", False) and panel.busy is None


# --- reprint tab ------------------------------------------------------------------------------


def test_reprint_one_then_the_list_is_read_again() -> None:
    staff = StaffMode()
    login(staff)
    open_tab(staff, "reprint", T0 + 2, JOBS)
    assert desk(staff).reprint.jobs == JOBS
    assert staff.handle(ReprintPressed(99), T0 + 3) == []  # not in the list
    (effect,) = staff.handle(ReprintPressed(7), T0 + 3)
    assert effect == Reprint(effect.request_id, TOKEN, (7,))  # type: ignore[union-attr]
    # Pressed again while printing: not sent twice.
    assert staff.handle(ReprintPressed(7), T0 + 3) == []
    assert staff.handle(ReprintAllPressed(), T0 + 3) == []
    assert desk(staff).reprint.printing == (7,)
    (reload,) = staff.handle(StaffAnswered(effect.request_id, (ReprintOutcome(7, True),)), T0 + 4)  # type: ignore[union-attr]
    assert isinstance(reload, LoadReprintJobs)
    panel = desk(staff).reprint
    assert panel.notice == Notice("staff.reprint.done", True, (("printed", "1"), ("failed", "0")))
    staff.handle(StaffAnswered(reload.request_id, JOBS[1:]), T0 + 5)
    assert desk(staff).reprint.jobs == JOBS[1:] and desk(staff).reprint.notice is not None


def test_reprint_all_sends_every_listed_job_once() -> None:
    staff = StaffMode()
    login(staff)
    open_tab(staff, "reprint", T0 + 2, JOBS)
    (effect,) = staff.handle(ReprintAllPressed(), T0 + 3)
    assert isinstance(effect, Reprint) and effect.job_ids == (7, 9)
    outcomes = (ReprintOutcome(7, True), ReprintOutcome(9, False, "paper_out"))
    staff.handle(StaffAnswered(effect.request_id, outcomes), T0 + 4)
    assert desk(staff).reprint.notice == Notice(
        "staff.reprint.some_failed", False, (("printed", "1"), ("failed", "1"))
    )


def test_reprint_with_an_empty_list_does_nothing() -> None:
    staff = StaffMode()
    login(staff)
    open_tab(staff, "reprint", T0 + 2, ())
    assert staff.handle(ReprintAllPressed(), T0 + 3) == []


def test_a_reprint_that_never_answers_gets_the_long_print_guard() -> None:
    staff = StaffMode(Timeouts(request=20, printing=120))
    login(staff)
    open_tab(staff, "reprint", T0 + 2, JOBS)
    (effect,) = staff.handle(ReprintAllPressed(), T0 + 3)
    assert isinstance(effect, Reprint)
    assert staff.handle(StaffTick(), T0 + 100) == []  # printing many takes a while
    (reload,) = staff.handle(StaffTick(), T0 + 123)
    assert isinstance(reload, LoadReprintJobs)
    assert desk(staff).reprint.notice == Notice("staff.problem.offline", False)


# --- gifts tab --------------------------------------------------------------------------------


def test_add_received_stock() -> None:
    staff = StaffMode()
    login(staff)
    (load,) = staff.handle(TabChosen("gifts"), T0 + 2)
    assert load == LoadGifts(load.request_id, TOKEN)  # type: ignore[union-attr]
    staff.handle(StaffAnswered(load.request_id, (MUG, TOTE)), T0 + 2)  # type: ignore[union-attr]
    staff.handle(GiftChosen("mug", "add"), T0 + 3)
    adjusting = desk(staff).gifts.adjusting
    assert adjusting is not None and adjusting.reason == "delivery"
    assert staff.handle(AdjustSubmit(), T0 + 3) == []  # no number yet
    type_digits(staff, "024", T0 + 4)
    (effect,) = staff.handle(AdjustSubmit(), T0 + 5)
    assert effect == AdjustStock(effect.request_id, TOKEN, "mug", "add", 24, "delivery")  # type: ignore[union-attr]
    updated = GiftStock("mug", MUG.names, 27, 5)
    staff.handle(StaffAnswered(effect.request_id, updated), T0 + 6)  # type: ignore[union-attr]
    panel = desk(staff).gifts
    assert panel.gifts == (updated, TOTE) and panel.adjusting is None
    assert panel.notice == Notice("staff.gifts.saved", True, (("count", "27"),))


def test_set_a_counted_number_needs_a_reason_and_zero_is_allowed() -> None:
    staff = StaffMode()
    login(staff)
    open_tab(staff, "gifts", T0 + 2, (MUG, TOTE))
    staff.handle(GiftChosen("tote", "set"), T0 + 3)
    type_digits(staff, "0", T0 + 3)
    assert staff.handle(AdjustSubmit(), T0 + 3) == []  # no reason chosen
    staff.handle(ReasonChosen("delivery"), T0 + 3)  # not a reason for a count
    assert staff.handle(AdjustSubmit(), T0 + 3) == []
    staff.handle(ReasonChosen("damaged"), T0 + 3)
    (effect,) = staff.handle(AdjustSubmit(), T0 + 4)
    assert isinstance(effect, AdjustStock)
    assert (effect.mode, effect.quantity, effect.reason) == ("set", 0, "damaged")


def test_adding_zero_is_refused_and_a_refused_adjustment_keeps_the_panel() -> None:
    staff = StaffMode()
    login(staff)
    open_tab(staff, "gifts", T0 + 2, (MUG,))
    staff.handle(GiftChosen("mug", "add"), T0 + 3)
    type_digits(staff, "0", T0 + 3)
    assert staff.handle(AdjustSubmit(), T0 + 3) == []
    type_digits(staff, "5", T0 + 3)
    (effect,) = staff.handle(AdjustSubmit(), T0 + 4)
    staff.handle(StaffFailed(effect.request_id, StaffProblem.NOT_ALLOWED), T0 + 5)  # type: ignore[union-attr]
    panel = desk(staff).gifts
    assert panel.adjusting is not None and panel.adjusting.amount == "5"
    assert panel.notice == Notice("staff.problem.not_allowed", False)
    staff.handle(StaffCancel(), T0 + 6)
    assert desk(staff).gifts.adjusting is None


def test_quantity_is_capped() -> None:
    staff = StaffMode()
    login(staff)
    open_tab(staff, "gifts", T0 + 2, (MUG,))
    staff.handle(GiftChosen("mug", "set"), T0 + 3)
    type_digits(staff, "1234567", T0 + 3)
    adjusting = desk(staff).gifts.adjusting
    assert adjusting is not None and adjusting.amount == "12345"


def test_gift_low_flag() -> None:
    assert MUG.low and not TOTE.low


# --- health tab -------------------------------------------------------------------------------


REPORT = HealthReport(
    api_reachable=True, api_latency_ms=12.5, devices=(), config_version="v7", app_version="0.1.0",
    uptime_s=3600, free_disk_bytes=2_000_000_000, cpu_temp_c=51.2, under_voltage_now=False,
    under_voltage_since_boot=True, throttled_now=False,
)  # fmt: skip


def test_health_loads_and_refreshes() -> None:
    staff = StaffMode()
    login(staff)
    (load,) = staff.handle(TabChosen("health"), T0 + 2)
    assert isinstance(load, LoadHealth)
    assert staff.handle(TabChosen("health"), T0 + 2) == []  # already loading
    staff.handle(StaffAnswered(load.request_id, REPORT), T0 + 3)
    assert desk(staff).health.report == REPORT
    (again,) = staff.handle(RefreshPressed(), T0 + 4)
    assert isinstance(again, LoadHealth) and again.request_id != load.request_id


def test_restart_needs_a_confirmation_and_then_waits() -> None:
    staff = StaffMode(Timeouts(inactivity=120))
    login(staff)
    open_tab(staff, "health", T0 + 2, REPORT)
    assert staff.handle(RestartConfirmed(), T0 + 3) == []  # not asked yet
    staff.handle(RestartPressed(), T0 + 3)
    assert desk(staff).health.confirm_restart
    staff.handle(StaffCancel(), T0 + 4)
    assert not desk(staff).health.confirm_restart
    staff.handle(RestartPressed(), T0 + 5)
    assert staff.handle(RestartConfirmed(), T0 + 6) == [RestartApp(TOKEN)]
    assert desk(staff).health.restarting
    assert staff.handle(StaffDone(), T0 + 7) == []
    assert staff.handle(StaffTick(), T0 + 500) == []  # the app is going down: stay put


# --- answers and tabs -------------------------------------------------------------------------


def test_a_stale_answer_for_a_replaced_request_is_dropped() -> None:
    staff = StaffMode()
    login(staff)
    (first,) = staff.handle(TabChosen("gifts"), T0 + 2)
    staff.handle(StaffAnswered(first.request_id, (MUG,)), T0 + 3)  # type: ignore[union-attr]
    (second,) = staff.handle(RefreshPressed(), T0 + 4)
    staff.handle(StaffAnswered(first.request_id, (TOTE,)), T0 + 5)  # type: ignore[union-attr]
    assert desk(staff).gifts.gifts == (MUG,)
    staff.handle(StaffAnswered(second.request_id, (TOTE,)), T0 + 6)  # type: ignore[union-attr]
    assert desk(staff).gifts.gifts == (TOTE,)


def test_buttons_of_other_tabs_do_nothing() -> None:
    staff = StaffMode()
    login(staff)
    open_tab(staff, "health", T0 + 2, REPORT)
    for event in (PaperReplacedPressed(), PrintTestPressed(), ReprintAllPressed(),
                  GiftChosen("mug", "add")):  # fmt: skip
        assert staff.handle(event, T0 + 3) == []  # type: ignore[arg-type]


def test_a_load_that_never_answers_is_reported_offline() -> None:
    staff = StaffMode(Timeouts(request=20))
    login(staff)
    staff.handle(TabChosen("gifts"), T0 + 2)
    staff.handle(StaffTick(), T0 + 22)
    panel = desk(staff).gifts
    assert panel.loading is None and panel.notice == Notice("staff.problem.offline", False)


def _classes(value: object, seen: set[str]) -> set[str]:
    """Every dataclass and field name reachable from ``value``."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        seen.add(type(value).__module__ + "." + type(value).__name__)
        for f in dataclasses.fields(value):
            seen.add(f.name)
            _classes(getattr(value, f.name), seen)
    elif isinstance(value, tuple):
        for item in value:
            _classes(item, seen)
    return seen


@pytest.mark.parametrize("tab", ["printer", "reprint", "gifts", "health"])
def test_staff_state_never_holds_member_data(tab: str) -> None:
    staff = StaffMode()
    login(staff)
    answers = {"printer": INFO, "reprint": JOBS, "gifts": (MUG, TOTE), "health": REPORT}
    if tab != "printer":
        open_tab(staff, tab, T0 + 2, answers[tab])
    names = _classes(staff.state, set())
    assert "kiosk.core.staff.state.Desk" in names  # the walk did reach the desk
    assert not {n for n in names if "member" in n.lower() or "ticket" in n.lower()}
    assert not {n for n in names if n.startswith(("kiosk.core.models", "kiosk.core.session"))}
