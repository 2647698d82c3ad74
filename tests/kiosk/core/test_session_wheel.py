"""The wheel in the session: the server decides, the kiosk never spins before it answers, a lost
answer is retried with the same draw, and prizes print."""

from __future__ import annotations

from kiosk.client.parse import parse_identified
from kiosk.core.events import (
    ActionFailed,
    ActionSucceeded,
    BackPressed,
    DonePressed,
    Feedback,
    IdentifySucceeded,
    LoadWheel,
    OddsPressed,
    PrinterChanged,
    PrintFinished,
    PrintPrize,
    Problem,
    Scanned,
    SetScanning,
    Spin,
    SpinPressed,
    Tick,
    WheelPressed,
)
from kiosk.core.models import Spun
from kiosk.core.payloads import classify
from kiosk.core.session import (
    MemberScreen,
    Notice,
    OddsScreen,
    PinScreen,
    Session,
    Timeouts,
    WheelScreen,
)
from kiosk.core.wheel import parse_spin, parse_wheel
from tests.kiosk.factories import identified_json
from tests.kiosk.ui.samples import spin_json, wheel_json

WHEEL_JSON = wheel_json(8)
WHEEL = parse_wheel(WHEEL_JSON)
GIFT = next(i for i, s in enumerate(WHEEL_JSON["segments"]) if s["kind"] == "gift")
THANKS = next(i for i, s in enumerate(WHEEL_JSON["segments"]) if s["kind"] == "thanks")


def on_wheel(can_spend: bool = True) -> tuple[Session, list[str]]:
    draws = iter(f"d_draw{n:012d}" for n in range(100))
    made: list[str] = []

    def new_draw_id() -> str:
        made.append(next(draws))
        return made[-1]

    session = Session(default_language="en", timeouts=Timeouts(request=15), new_draw_id=new_draw_id)
    session.handle(Scanned(classify("M1:100001:12345678")), 0.0)
    session.handle(IdentifySucceeded(1, parse_identified(identified_json(can_spend))), 0.1)
    # The camera rests on the wheel: nothing to scan there, and the spin wants the CPU.
    assert session.handle(WheelPressed(), 1.0) == [LoadWheel(2, "sess-1"), SetScanning(False)]
    session.handle(ActionSucceeded(2, WHEEL), 1.2)
    assert session.screen == WheelScreen(wheel=WHEEL)
    return session, made


def spun(index: int) -> Spun:
    return Spun(parse_spin(spin_json(WHEEL_JSON, index), WHEEL), member=None)


def test_spin_waits_for_the_server_then_shows_its_answer() -> None:
    session, made = on_wheel()
    effects = session.handle(SpinPressed(), 2.0)
    assert effects == [Spin(3, "sess-1", made[0], WHEEL, 0)]  # a free spin: cost 0
    screen = session.screen
    assert isinstance(screen, WheelScreen)
    assert screen.spinning == 3
    assert screen.result is None  # nothing to animate until the server has decided
    assert session.handle(SpinPressed(), 2.1) == []  # one spin at a time
    assert session.handle(DonePressed(), 2.2) == []  # the draw is under way: stay
    session.handle(ActionSucceeded(3, spun(THANKS)), 2.5)
    screen = session.screen
    assert isinstance(screen, WheelScreen)
    assert screen.result is not None
    assert screen.result.segment_index == THANKS
    assert screen.spinning is None
    assert screen.printing is None  # thanks for playing prints nothing
    assert session.state.visit is not None
    assert session.state.visit.member.spins_left == 2


def test_a_gift_prints_its_claim_ticket() -> None:
    session, _ = on_wheel()
    session.handle(SpinPressed(), 2.0)
    effects = session.handle(ActionSucceeded(3, spun(GIFT)), 2.5)
    (effect,) = effects
    assert isinstance(effect, PrintPrize)
    assert effect.result.voucher is not None
    assert effect.result.seed_hash == WHEEL.fairness.seed_hash
    session.handle(PrintFinished(effect.request_id, printed=True), 4.0)
    screen = session.screen
    assert isinstance(screen, WheelScreen)
    assert screen.printed is True


def test_a_lost_answer_is_retried_with_the_same_draw() -> None:
    session, made = on_wheel()
    session.handle(SpinPressed(), 2.0)
    session.handle(Tick(), 17.0)  # no answer within the guard
    screen = session.screen
    assert isinstance(screen, WheelScreen)
    assert screen.notice == Notice.problem(Problem.OFFLINE)
    assert screen.result is None  # the wheel never moved
    effects = session.handle(SpinPressed(), 18.0)
    assert effects == [Spin(4, "sess-1", made[0], WHEEL, 0)]
    assert len(made) == 1  # the same draw id: the server can only answer with the same draw


def test_a_refusal_starts_a_new_draw_next_time() -> None:
    session, made = on_wheel()
    session.handle(SpinPressed(), 2.0)
    session.handle(ActionFailed(3, Problem.SPIN_LIMIT_REACHED), 2.2)
    session.handle(SpinPressed(), 3.0)
    assert len(made) == 2


def test_changed_odds_reload_the_wheel() -> None:
    session, _ = on_wheel()
    session.handle(SpinPressed(), 2.0)
    effects = session.handle(ActionFailed(3, Problem.WHEEL_CHANGED), 2.2)
    assert effects == [LoadWheel(4, "sess-1")]


def test_no_spin_without_paper_when_a_prize_prints() -> None:
    session, made = on_wheel()
    session.handle(PrinterChanged(can_print=False, reason="paper_out"), 1.5)
    assert session.handle(SpinPressed(), 2.0) == [Feedback(ok=False)]
    screen = session.screen
    assert isinstance(screen, WheelScreen)
    assert screen.notice == Notice("wheel.block.printer_out_of_paper", ok=False)
    assert made == []


def test_a_card_visit_needs_the_pin_to_spin() -> None:
    session, _ = on_wheel(can_spend=False)
    assert session.handle(SpinPressed(), 2.0) == [SetScanning(True)]  # the phone code would do too
    assert session.screen == PinScreen(item=None, items=())
    effects = session.handle(BackPressed(), 2.1)
    assert effects == [LoadWheel(3, "sess-1"), SetScanning(False)]


def test_odds_and_back() -> None:
    session, _ = on_wheel()
    assert session.handle(OddsPressed(), 2.0) == []
    assert session.screen == OddsScreen(back_to=WheelScreen(wheel=WHEEL))
    session.handle(BackPressed(), 2.1)
    assert session.screen == WheelScreen(wheel=WHEEL)
    assert session.handle(BackPressed(), 2.2) == [SetScanning(True)]  # back to scanning
    assert session.screen == MemberScreen()
