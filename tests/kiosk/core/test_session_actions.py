"""Member actions in the session: check-in, receipts, rewards, redeem and print."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from kiosk.client.parse import parse_identified, parse_member_summary
from kiosk.core.events import (
    ActionFailed,
    ActionSucceeded,
    BackPressed,
    CheckIn,
    CheckInPressed,
    ClaimReceipt,
    ConfirmPressed,
    DonePressed,
    Feedback,
    IdentifySucceeded,
    LoadRewards,
    PinDigit,
    PinErase,
    PinSubmitted,
    PrinterChanged,
    PrintFinished,
    PrintVoucher,
    Problem,
    Redeem,
    RewardChosen,
    RewardsPressed,
    Scanned,
    Tick,
    Touched,
    VerifyPin,
)
from kiosk.core.models import (
    CheckinResult,
    IssuedVoucher,
    MemberSession,
    ReceiptResult,
    Redeemed,
    RewardItem,
)
from kiosk.core.payloads import classify
from kiosk.core.session import (
    ConfirmScreen,
    ErrorScreen,
    Idle,
    MemberScreen,
    Notice,
    PinScreen,
    RewardsScreen,
    Session,
    Timeouts,
    VoucherScreen,
)
from tests.kiosk.factories import identified_json, summary_json

ITEM = RewardItem(
    code="V10",
    kind="voucher",
    names={"en": "10 yuan voucher", "zh": "10元代金券"},
    points=1000,
    cash_minor=0,
    value_minor=1000,
    currency="CNY",
    affordable=True,
    stock=None,
    remaining_for_member=None,
)
VOUCHER = IssuedVoucher(
    voucher_id="v_1",
    code="V1.abc.def",
    kind="voucher",
    names=ITEM.names,
    points=1000,
    value_minor=1000,
    cash_due_minor=0,
    currency="CNY",
    issued_at=datetime(2026, 11, 22, 4, 0, tzinfo=UTC),
    expires_at=datetime(2026, 12, 22, 4, 0, tzinfo=UTC),
)
AFTER = parse_member_summary(summary_json(balance=11345))


def member_session(can_spend: bool = True) -> Session:
    session = Session(default_language="en", timeouts=Timeouts(inactivity=30, request=15))
    effects = session.handle(Scanned(classify("M1:100001:12345678")), 0.0)
    rid = effects[-1].request_id  # type: ignore[attr-defined]
    session.handle(IdentifySucceeded(rid, parse_identified(identified_json(can_spend))), 0.1)
    return session


def test_check_in_updates_the_member_and_says_so() -> None:
    session = member_session()
    effects = session.handle(CheckInPressed(), 1.0)
    assert effects == [CheckIn(2, "sess-1")]
    assert session.screen == MemberScreen(busy=2)
    assert session.handle(CheckInPressed(), 1.1) == []  # no double check-in while waiting
    session.handle(ActionSucceeded(2, CheckinResult(5, 10, 7, AFTER)), 1.5)
    assert session.screen == MemberScreen(
        notice=Notice("notice.checked_in", True, (("points", "15"), ("streak", "7")))
    )
    assert session.state.visit is not None
    assert session.state.visit.member.balance == 11345


def test_check_in_refused_shows_why() -> None:
    session = member_session()
    session.handle(CheckInPressed(), 1.0)
    effects = session.handle(ActionFailed(2, Problem.ALREADY_CHECKED_IN), 1.2)
    assert session.screen == MemberScreen(notice=Notice.problem(Problem.ALREADY_CHECKED_IN))
    assert effects == [Feedback(ok=False)]


def test_receipt_scan_on_member_screen_claims_it() -> None:
    session = member_session()
    effects = session.handle(Scanned(classify("R1.payload.sig")), 2.0)
    assert effects == [Feedback(ok=True), ClaimReceipt(2, "sess-1", "R1.payload.sig")]
    session.handle(ActionSucceeded(2, ReceiptResult(120, 12000, "CNY", AFTER)), 2.5)
    assert session.screen == MemberScreen(
        notice=Notice("notice.receipt", True, (("points", "120"),))
    )


def test_redeem_flow_prints_the_voucher() -> None:
    session = member_session()
    assert session.handle(RewardsPressed(), 1.0) == [LoadRewards(2, "sess-1")]
    assert session.screen == RewardsScreen(loading=2)
    session.handle(ActionSucceeded(2, (ITEM,)), 1.2)
    assert session.screen == RewardsScreen(items=(ITEM,))
    session.handle(RewardChosen("V10"), 2.0)
    assert session.screen == ConfirmScreen(item=ITEM, items=(ITEM,))
    assert session.handle(ConfirmPressed(), 3.0) == [Redeem(3, "sess-1", "V10")]
    assert session.handle(ConfirmPressed(), 3.1) == []  # a second press spends nothing more
    effects = session.handle(ActionSucceeded(3, Redeemed(VOUCHER, AFTER)), 3.5)
    assert effects == [Feedback(ok=True), PrintVoucher(4, VOUCHER, "1****1", "zh")]
    assert session.screen == VoucherScreen(voucher=VOUCHER, printing=4)
    assert session.handle(DonePressed(), 3.6) == []  # wait for the paper
    session.handle(PrintFinished(4, printed=True), 4.0)
    assert session.screen == VoucherScreen(voucher=VOUCHER, printing=None, printed=True)
    session.handle(DonePressed(), 5.0)
    assert session.screen == Idle()


def test_print_failure_is_saved_for_staff() -> None:
    session = member_session()
    session.handle(RewardsPressed(), 1.0)
    session.handle(ActionSucceeded(2, (ITEM,)), 1.1)
    session.handle(RewardChosen("V10"), 1.2)
    session.handle(ConfirmPressed(), 1.3)
    session.handle(ActionSucceeded(3, Redeemed(VOUCHER, AFTER)), 1.4)
    session.handle(PrintFinished(4, printed=False), 1.5)
    assert session.screen == VoucherScreen(voucher=VOUCHER, printing=None, printed=False)


def test_no_spending_while_the_printer_is_out_of_paper() -> None:
    session = member_session()
    session.handle(PrinterChanged(can_print=False, reason="paper_out"), 0.5)
    session.handle(RewardsPressed(), 1.0)
    session.handle(ActionSucceeded(2, (ITEM,)), 1.1)
    session.handle(RewardChosen("V10"), 1.2)
    effects = session.handle(ConfirmPressed(), 1.3)
    assert effects == [Feedback(ok=False)]
    assert isinstance(session.screen, ConfirmScreen)
    assert session.screen.notice == Notice.problem(Problem.PAPER_OUT)
    # Paper back: the same confirmation goes through.
    session.handle(PrinterChanged(can_print=True), 2.0)
    assert session.handle(ConfirmPressed(), 2.1) == [Redeem(3, "sess-1", "V10")]


def card_visit_on_pin_screen() -> Session:
    session = member_session(can_spend=False)
    session.handle(RewardsPressed(), 1.0)
    session.handle(ActionSucceeded(2, (ITEM,)), 1.1)
    session.handle(RewardChosen("V10"), 1.2)
    assert session.handle(ConfirmPressed(), 1.3) == []
    assert session.screen == PinScreen(item=ITEM, items=(ITEM,))
    return session


def test_a_card_visit_spends_after_the_pin() -> None:
    session = card_visit_on_pin_screen()
    for digit in "97531864":  # at most six digits are taken
        session.handle(PinDigit(digit), 2.0)
    session.handle(PinErase(), 2.1)
    effects = session.handle(PinSubmitted(), 2.2)
    assert effects == [VerifyPin(3, "sess-1", "97531")]
    assert isinstance(session.screen, PinScreen)
    assert session.screen.digits == ""  # not kept once sent
    assert "97531" not in repr(session.state)
    granted = MemberSession(token="sess-1", can_spend=True, via="pin")
    effects = session.handle(ActionSucceeded(3, granted), 2.5)
    assert effects == [Redeem(4, "sess-1", "V10")]  # the confirmed reward goes ahead
    assert session.screen == ConfirmScreen(item=ITEM, items=(ITEM,), busy=4)


def test_a_wrong_pin_says_how_many_tries_are_left() -> None:
    session = card_visit_on_pin_screen()
    for digit in "0000":
        session.handle(PinDigit(digit), 2.0)
    session.handle(PinSubmitted(), 2.1)
    session.handle(ActionFailed(3, Problem.PIN_INCORRECT, (("attempts_left", "2"),)), 2.2)
    assert session.screen == PinScreen(
        item=ITEM,
        items=(ITEM,),
        notice=Notice("problem.pin_incorrect", False, (("attempts_left", "2"),)),
    )
    assert session.handle(PinSubmitted(), 2.3) == [Feedback(ok=False)]  # too short: not sent
    session.handle(BackPressed(), 2.4)
    assert session.screen == ConfirmScreen(item=ITEM, items=(ITEM,))


def test_unaffordable_item_is_not_sent() -> None:
    session = member_session()
    poor = replace(ITEM, affordable=False)
    session.handle(RewardsPressed(), 1.0)
    session.handle(ActionSucceeded(2, (poor,)), 1.1)
    session.handle(RewardChosen("V10"), 1.2)
    assert session.handle(ConfirmPressed(), 1.3) == [Feedback(ok=False)]


def test_redeem_refused_by_the_server_stays_on_confirm() -> None:
    session = member_session()
    session.handle(RewardsPressed(), 1.0)
    session.handle(ActionSucceeded(2, (ITEM,)), 1.1)
    session.handle(RewardChosen("V10"), 1.2)
    session.handle(ConfirmPressed(), 1.3)
    session.handle(ActionFailed(3, Problem.OUT_OF_STOCK), 1.4)
    assert session.screen == ConfirmScreen(
        item=ITEM, items=(ITEM,), notice=Notice.problem(Problem.OUT_OF_STOCK)
    )
    session.handle(BackPressed(), 1.5)
    assert session.screen == RewardsScreen(items=(ITEM,))
    session.handle(BackPressed(), 1.6)
    assert session.screen == MemberScreen()


def test_expired_server_session_ends_the_visit() -> None:
    session = member_session()
    session.handle(CheckInPressed(), 1.0)
    session.handle(ActionFailed(2, Problem.SESSION_EXPIRED), 1.1)
    assert session.screen == ErrorScreen(Problem.SESSION_EXPIRED, 1.1)
    assert session.state.visit is None


def test_lost_answer_to_an_action_becomes_a_notice() -> None:
    session = member_session()
    session.handle(RewardsPressed(), 1.0)
    session.handle(Tick(), 15.9)
    assert session.screen == RewardsScreen(loading=2)
    session.handle(Tick(), 16.0)
    assert session.screen == RewardsScreen(items=(), notice=Notice.problem(Problem.OFFLINE))
    session.handle(ActionSucceeded(2, (ITEM,)), 16.5)  # too late: dropped
    assert session.screen == RewardsScreen(items=(), notice=Notice.problem(Problem.OFFLINE))


def test_no_inactivity_timeout_while_waiting_for_an_answer_or_paper() -> None:
    session = member_session()
    session.handle(RewardsPressed(), 1.0)
    session.handle(ActionSucceeded(2, (ITEM,)), 1.1)
    session.handle(RewardChosen("V10"), 1.2)
    session.handle(ConfirmPressed(), 1.3)
    session.handle(ActionSucceeded(3, Redeemed(VOUCHER, AFTER)), 1.4)
    session.handle(Tick(), 14.0)  # printing takes long; the guard is 15 s, not 30 s
    assert session.screen == VoucherScreen(voucher=VOUCHER, printing=4)
    session.handle(Tick(), 16.5)  # the printer never answered: saved for staff
    assert session.screen == VoucherScreen(voucher=VOUCHER, printing=None, printed=False)


def test_touch_keeps_member_actions_alive() -> None:
    session = member_session()
    session.handle(Touched(), 25.0)
    session.handle(Tick(), 54.0)
    assert session.screen == MemberScreen()
    session.handle(Tick(), 55.0)
    assert session.screen == Idle()


def test_answers_for_a_left_visitor_are_dropped() -> None:
    session = member_session()
    session.handle(CheckInPressed(), 1.0)
    session.handle(DonePressed(), 1.1)
    session.handle(ActionSucceeded(2, CheckinResult(5, 0, 1, AFTER)), 1.2)
    assert session.screen == Idle()
    assert session.state.visit is None
