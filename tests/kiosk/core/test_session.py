"""The session state machine, driven with explicit times: no sleeping, no threads."""

from __future__ import annotations

import pytest

from kiosk.client.parse import parse_identified
from kiosk.core.events import (
    DonePressed,
    Feedback,
    Identify,
    IdentifyFailed,
    IdentifySucceeded,
    LanguageChosen,
    Problem,
    Scanned,
    SetScanning,
    Tick,
    Touched,
)
from kiosk.core.payloads import classify
from kiosk.core.session import ErrorScreen, Identifying, Idle, MemberScreen, Session, Timeouts
from tests.kiosk.factories import identified_json

MEMBER_CODE = classify("M1:100001:12345678")
CARD = classify("0004123456")


def make_session() -> Session:
    return Session(default_language="en", timeouts=Timeouts(inactivity=30, error=8, request=15))


def identified_session(now: float = 0.0) -> Session:
    session = make_session()
    session.handle(Scanned(MEMBER_CODE), now)
    session.handle(IdentifySucceeded(1, parse_identified(identified_json())), now + 0.2)
    return session


def test_member_code_starts_a_lookup_with_feedback_and_pauses_scanning() -> None:
    session = make_session()
    effects = session.handle(Scanned(MEMBER_CODE), now=100.0)
    assert session.screen == Identifying(request_id=1, since=100.0)
    assert effects == [Feedback(ok=True), SetScanning(enabled=False), Identify(1, MEMBER_CODE)]


def test_card_also_identifies() -> None:
    session = make_session()
    effects = session.handle(Scanned(CARD), now=0.0)
    assert isinstance(session.screen, Identifying)
    assert Identify(1, CARD) in effects


def test_answer_shows_member_screen_in_members_language() -> None:
    session = identified_session()
    assert session.screen == MemberScreen()
    assert session.state.visit is not None
    assert session.state.visit.member.balance == 12345
    assert session.state.language == "zh"


def test_scans_while_looking_up_are_ignored() -> None:
    session = make_session()
    session.handle(Scanned(MEMBER_CODE), 0.0)
    assert session.handle(Scanned(CARD), 0.1) == []
    assert session.screen == Identifying(request_id=1, since=0.0)


@pytest.mark.parametrize("problem", list(Problem))
def test_failure_shows_the_problem_and_resumes_scanning(problem: Problem) -> None:
    session = make_session()
    session.handle(Scanned(MEMBER_CODE), 0.0)
    effects = session.handle(IdentifyFailed(1, problem), 1.0)
    assert session.screen == ErrorScreen(problem=problem, since=1.0)
    assert SetScanning(enabled=True) in effects
    assert Feedback(ok=False) in effects


def test_inactivity_returns_to_idle_and_touch_extends_it() -> None:
    session = identified_session(now=0.0)
    session.handle(Tick(), 29.0)
    assert isinstance(session.screen, MemberScreen)
    session.handle(Touched(), 29.0)
    session.handle(Tick(), 58.9)
    assert isinstance(session.screen, MemberScreen)
    session.handle(Tick(), 59.0)
    assert session.screen == Idle()
    assert session.state.language == "en"  # the next visitor gets the kiosk's language


def test_done_returns_to_idle_at_once() -> None:
    session = identified_session()
    session.handle(DonePressed(), 1.0)
    assert session.screen == Idle()


def test_error_screen_times_out() -> None:
    session = make_session()
    session.handle(Scanned(classify("not a code we know")), 0.0)
    assert session.screen == ErrorScreen(Problem.UNRECOGNISED, 0.0)
    session.handle(Tick(), 7.9)
    assert isinstance(session.screen, ErrorScreen)
    session.handle(Tick(), 8.0)
    assert session.screen == Idle()


def test_lost_answer_becomes_offline_after_guard_timeout() -> None:
    session = make_session()
    session.handle(Scanned(MEMBER_CODE), 0.0)
    session.handle(Tick(), 14.9)
    assert isinstance(session.screen, Identifying)
    effects = session.handle(Tick(), 15.0)
    assert session.screen == ErrorScreen(Problem.OFFLINE, 15.0)
    assert SetScanning(enabled=True) in effects


def test_late_answer_after_visitor_left_is_dropped() -> None:
    session = make_session()
    session.handle(Scanned(MEMBER_CODE), 0.0)
    session.handle(DonePressed(), 1.0)
    session.handle(IdentifySucceeded(1, parse_identified(identified_json())), 2.0)
    assert session.screen == Idle()


def test_answer_to_an_older_request_is_dropped() -> None:
    session = make_session()
    session.handle(Scanned(MEMBER_CODE), 0.0)
    session.handle(Tick(), 15.0)  # guard timeout: request 1 abandoned
    session.handle(Scanned(MEMBER_CODE), 16.0)  # request 2
    session.handle(IdentifySucceeded(1, parse_identified(identified_json())), 16.5)
    assert session.screen == Identifying(request_id=2, since=16.0)


def test_unreadable_code_on_member_screen_keeps_the_session() -> None:
    session = identified_session()
    effects = session.handle(Scanned(classify("garbage")), 1.0)
    assert isinstance(session.screen, MemberScreen)
    assert effects == [Feedback(ok=False)]


@pytest.mark.parametrize(
    ("raw", "problem"),
    [("S1:9001", Problem.STAFF_CARD), ("R1.abcd.efgh", Problem.SCAN_MEMBER_FIRST)],
)
def test_other_codes_on_idle(raw: str, problem: Problem) -> None:
    session = make_session()
    session.handle(Scanned(classify(raw)), 0.0)
    assert session.screen == ErrorScreen(problem, 0.0)


def test_another_member_can_scan_over_a_member_screen() -> None:
    session = identified_session()
    effects = session.handle(Scanned(CARD), 5.0)
    assert Identify(2, CARD) in effects


def test_language_choice_sticks_until_idle() -> None:
    session = make_session()
    session.handle(LanguageChosen("zh"), 0.0)
    assert session.state.language == "zh"
    session.handle(DonePressed(), 1.0)
    assert session.state.language == "en"


def test_the_members_own_code_seen_again_is_not_a_new_lookup() -> None:
    session = identified_session(now=0.0)
    assert session.handle(Scanned(MEMBER_CODE), 20.0) == []
    assert isinstance(session.screen, MemberScreen)
    session.handle(Tick(), 49.0)  # the sighting counted as activity
    assert isinstance(session.screen, MemberScreen)
