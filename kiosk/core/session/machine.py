"""``Session``: a member's visit as a state machine (the package docstring tells the story)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from kiosk.core import payloads
from kiosk.core.events import (
    ActionFailed,
    ActionResult,
    ActionSucceeded,
    BackPressed,
    CheckIn,
    CheckInPressed,
    ClaimReceipt,
    ConfirmPressed,
    DonePressed,
    Effect,
    Event,
    Feedback,
    Identify,
    IdentifyFailed,
    IdentifySucceeded,
    LanguageChosen,
    LoadRewards,
    LoadWheel,
    OddsPressed,
    PinDigit,
    PinErase,
    PinSubmitted,
    PrinterChanged,
    PrintFinished,
    PrintPrize,
    PrintVoucher,
    Problem,
    Redeem,
    RewardChosen,
    RewardsPressed,
    Scanned,
    SetScanning,
    Spin,
    SpinPressed,
    Tick,
    VerifyPin,
    WheelPressed,
)
from kiosk.core.models import (
    CheckinResult,
    Identified,
    MemberSession,
    MemberSummary,
    ReceiptResult,
    Redeemed,
    Spun,
)
from kiosk.core.session.state import (
    PIN_LENGTHS,
    ConfirmScreen,
    ErrorScreen,
    Identifying,
    Idle,
    MemberScreen,
    Notice,
    OddsScreen,
    PinScreen,
    Printer,
    RewardsScreen,
    Screen,
    SessionState,
    Timeouts,
    Visit,
    VoucherScreen,
    WheelScreen,
    scans_wanted,
    waiting_for,
)
from kiosk.core.session.wheel import (
    after_failed_spin,
    member_after_spin,
    spin_cost,
    spin_refusal,
)
from kiosk.core.wheel import Wheel
from kiosk.core.wheel import new_draw_id as wheel_draw_id


class Session:
    """One kiosk's visitor session. Not thread-safe: the app drives it from the UI thread."""

    def __init__(
        self,
        *,
        default_language: str,
        timeouts: Timeouts | None = None,
        new_draw_id: Callable[[], str] = wheel_draw_id,
    ) -> None:
        self.default_language = default_language
        self.timeouts = timeouts or Timeouts()
        self._new_draw_id = new_draw_id
        self.state = SessionState(screen=Idle(), language=default_language)
        self._last_request_id = 0

    @property
    def screen(self) -> Screen:
        return self.state.screen

    def handle(self, event: Event, now: float) -> list[Effect]:
        before = self.state.screen
        effects = self._handle(event, now)
        # Scanning costs CPU: the camera rests while a scan could do nothing (a lookup under
        # way, the wheel turning) and wakes when the screen can use one again.
        wanted = scans_wanted(self.state.screen)
        changed = scans_wanted(before) != wanted
        if changed and not any(isinstance(effect, SetScanning) for effect in effects):
            effects.append(SetScanning(enabled=wanted))
        return effects

    def _handle(self, event: Event, now: float) -> list[Effect]:
        match event:
            case Scanned(payload=payload, seen_at=seen_at):
                return self._on_scan(payload, now, seen_at)
            case IdentifySucceeded(request_id=rid, result=result):
                return self._on_identified(rid, result, now)
            case IdentifyFailed(request_id=rid, problem=problem):
                return self._on_identify_failed(rid, problem, now)
            case ActionSucceeded(request_id=rid, result=result):
                return self._on_action_done(rid, result, now)
            case ActionFailed(request_id=rid, problem=problem, params=params):
                return self._on_action_failed(rid, problem, now, params)
            case PrintFinished(request_id=rid, printed=printed):
                screen = self.screen
                if isinstance(screen, VoucherScreen | WheelScreen) and screen.printing == rid:
                    self._show(replace(screen, printing=None, printed=printed))
                    self.state = replace(self.state, request_started=None)
                return []
            case PrinterChanged(can_print=can_print, reason=reason):
                self.state = replace(self.state, printer=Printer(can_print, reason))
                return []
            case LanguageChosen(language=language):
                self.state = replace(self.state, language=language)
                return []
            case Tick():
                return self._on_tick(now)
        if self.state.visit is None:
            return self._to_idle() if isinstance(event, DonePressed) else []
        # Everything below is a member's touch: it keeps the visit alive.
        self.state = replace(self.state, visit=replace(self.state.visit, last_activity=now))
        return self._on_member_touch(event, now)

    # --- identifying ----------------------------------------------------------------------------

    def _on_scan(self, payload: object, now: float, seen_at: float | None = None) -> list[Effect]:
        screen = self.screen
        if isinstance(screen, Identifying):
            return []  # one lookup at a time; the camera is paused anyway
        match payload:
            case payloads.MemberCode(raw=raw) | payloads.MemberCard(raw=raw):
                visit = self.state.visit
                if visit is not None and visit.source == raw:
                    self.state = replace(self.state, visit=replace(visit, last_activity=now))
                    return []  # the same member's code again: they are still here
                rid = self._request(now)
                self._show(Identifying(request_id=rid, since=now, source=raw, seen_at=seen_at))
                return [Feedback(ok=True), SetScanning(enabled=False), Identify(rid, payload)]
            case payloads.StaffCard():
                return self._fail(Problem.STAFF_CARD, now)
            case payloads.Receipt(raw=raw) if self.state.visit is not None:
                return self._claim_receipt(raw, now)
            case payloads.Receipt() | payloads.VoucherCode() if self.state.visit is None:
                return self._fail(Problem.SCAN_MEMBER_FIRST, now)
            case _:
                if self.state.visit is not None:
                    # Don't throw a member out of their visit for a stray unreadable code.
                    return [Feedback(ok=False)]
                return self._fail(Problem.UNRECOGNISED, now)

    def _on_identified(self, request_id: int, result: Identified, now: float) -> list[Effect]:
        screen = self.screen
        if not isinstance(screen, Identifying) or screen.request_id != request_id:
            return []  # the visitor left (done / timeout) before the answer came: drop it
        self.state = replace(
            self.state,
            screen=MemberScreen(),
            visit=Visit(result, last_activity=now, source=screen.source, seen_at=screen.seen_at),
            language=result.member.language or self.state.language,
            request_started=None,
        )
        return [SetScanning(enabled=True)]

    def _on_identify_failed(self, request_id: int, problem: Problem, now: float) -> list[Effect]:
        if not self._is_identifying(request_id):
            return []
        return [*self._fail(problem, now), SetScanning(enabled=True)]

    # --- member actions -------------------------------------------------------------------------

    def _on_member_touch(self, event: Event, now: float) -> list[Effect]:
        visit = self.state.visit
        assert visit is not None
        token = visit.identified.session.token
        screen = self.screen
        if isinstance(event, DonePressed):
            return self._done(screen)
        if isinstance(screen, PinScreen):
            return self._on_pin(event, screen, token, now)
        if isinstance(screen, WheelScreen | OddsScreen):
            return self._on_wheel_touch(event, screen, visit, now)
        match event, screen:
            case BackPressed(), ConfirmScreen():
                self._show(RewardsScreen(items=screen.items))
            case BackPressed(), VoucherScreen() if screen.printing is None:
                self._show(MemberScreen())
            case BackPressed(), RewardsScreen():
                self._show(MemberScreen())
            case CheckInPressed(), MemberScreen() if screen.busy is None:
                rid = self._request(now)
                self._show(MemberScreen(busy=rid))
                return [CheckIn(rid, token)]
            case RewardsPressed(), MemberScreen() if screen.busy is None:
                rid = self._request(now)
                self._show(RewardsScreen(loading=rid))
                return [LoadRewards(rid, token)]
            case WheelPressed(), MemberScreen() if screen.busy is None:
                rid = self._request(now)
                self._show(WheelScreen(loading=rid))
                return [LoadWheel(rid, token)]
            case RewardChosen(code=code), RewardsScreen(items=items) if items is not None:
                chosen = next((item for item in items if item.code == code), None)
                if chosen is not None:
                    self._show(ConfirmScreen(item=chosen, items=items))
            case ConfirmPressed(), ConfirmScreen() if screen.busy is None:
                return self._confirm(screen, visit, now)
        return []

    def _done(self, screen: Screen) -> list[Effect]:
        printing = isinstance(screen, VoucherScreen | WheelScreen) and screen.printing is not None
        if printing or (isinstance(screen, WheelScreen) and screen.spinning is not None):
            return []  # stay until the printer (or the draw) has answered
        return self._to_idle()

    def _on_wheel_touch(
        self, event: Event, screen: WheelScreen | OddsScreen, visit: Visit, now: float
    ) -> list[Effect]:
        if isinstance(screen, OddsScreen):
            if isinstance(event, BackPressed):
                self._show(screen.back_to)
            return []
        busy = screen.loading or screen.spinning or screen.printing
        match event:
            case OddsPressed() if screen.wheel is not None:
                self._show(OddsScreen(back_to=screen))
            case BackPressed() if busy is None:
                self._show(MemberScreen())
            case SpinPressed() if busy is None and screen.wheel is not None:
                return self._spin(screen, screen.wheel, visit, now)
        return []

    def _spin(self, screen: WheelScreen, wheel: Wheel, visit: Visit, now: float) -> list[Effect]:
        if not visit.identified.session.can_spend:
            self._show(PinScreen(item=None, items=()))
            return []
        notice = spin_refusal(screen, wheel, paper_ok=self.state.printer.can_print)
        if notice is not None:
            self._show(replace(screen, notice=notice))
            return [Feedback(ok=False)]
        draw_id = screen.retry_draw or self._new_draw_id()
        rid = self._request(now)
        self._show(replace(screen, spinning=rid, retry_draw=draw_id, notice=None))
        cost = spin_cost(screen, wheel)
        return [Spin(rid, visit.identified.session.token, draw_id, wheel, cost)]

    def _on_pin(self, event: Event, screen: PinScreen, token: str, now: float) -> list[Effect]:
        if screen.busy is not None:
            return []
        match event:
            case BackPressed() if screen.item is None:
                return self._back_to_wheel(token, now)
            case BackPressed() if screen.item is not None:
                self._show(ConfirmScreen(item=screen.item, items=screen.items))
            case PinDigit(digit=digit):
                if digit.isdigit() and len(digit) == 1 and len(screen.digits) < max(PIN_LENGTHS):
                    self._show(replace(screen, digits=screen.digits + digit, notice=None))
            case PinErase():
                self._show(replace(screen, digits=screen.digits[:-1]))
            case PinSubmitted():
                if len(screen.digits) not in PIN_LENGTHS:
                    return [Feedback(ok=False)]
                rid = self._request(now)
                # The PIN leaves the state as it is sent: nothing keeps it afterwards.
                self._show(replace(screen, digits="", busy=rid))
                return [VerifyPin(rid, token, screen.digits)]
        return []

    def _back_to_wheel(self, token: str, now: float) -> list[Effect]:
        rid = self._request(now)
        self._show(WheelScreen(loading=rid))
        return [LoadWheel(rid, token)]

    def _confirm(self, screen: ConfirmScreen, visit: Visit, now: float) -> list[Effect]:
        if not visit.identified.session.can_spend:
            # A card identifies; spending needs the member's PIN (or their phone's code).
            self._show(PinScreen(item=screen.item, items=screen.items))
            return []
        problem = None
        if not self.state.printer.can_print:
            problem = Problem.PAPER_OUT  # check before taking points for anything that prints
        elif not screen.item.available:
            problem = Problem.ITEM_UNAVAILABLE
        if problem is not None:
            self._show(replace(screen, notice=Notice.problem(problem)))
            return [Feedback(ok=False)]
        rid = self._request(now)
        self._show(replace(screen, busy=rid, notice=None))
        return [Redeem(rid, visit.identified.session.token, screen.item.code)]

    def _claim_receipt(self, raw: str, now: float) -> list[Effect]:
        visit = self.state.visit
        assert visit is not None
        if waiting_for(self.screen) is not None:
            return []
        rid = self._request(now)
        self.state = replace(self.state, visit=replace(visit, last_activity=now))
        self._show(MemberScreen(busy=rid))
        return [Feedback(ok=True), ClaimReceipt(rid, visit.identified.session.token, raw)]

    def _on_action_done(
        self,
        request_id: int,
        result: ActionResult,
        now: float,
    ) -> list[Effect]:
        if request_id != waiting_for(self.screen) or self.state.visit is None:
            return []
        visit = self.state.visit
        self.state = replace(self.state, request_started=None)
        match result:
            case CheckinResult():
                self._update_member(visit, result.member)
                params = (
                    ("points", str(result.points + result.bonus)),
                    ("streak", str(result.streak)),
                )
                self._show(MemberScreen(notice=Notice("notice.checked_in", True, params)))
            case ReceiptResult():
                self._update_member(visit, result.member)
                self._show(
                    MemberScreen(
                        notice=Notice("notice.receipt", True, (("points", str(result.points)),))
                    )
                )
            case Redeemed():
                self._update_member(visit, result.member)
                rid = self._request(now)
                self._show(VoucherScreen(voucher=result.voucher, printing=rid))
                return [
                    Feedback(ok=True),
                    PrintVoucher(
                        rid, result.voucher, visit.member.member_no_masked, self.state.language
                    ),
                ]
            case tuple():
                self._show(RewardsScreen(items=result))
            case Wheel():
                self._show(WheelScreen(wheel=result))
            case Spun():
                return self._on_spun(result, visit, now)
            case MemberSession():
                # PIN accepted: this visit may spend now. Go on with the confirmed reward.
                self.state = replace(
                    self.state,
                    visit=replace(visit, identified=replace(visit.identified, session=result)),
                )
                screen = self.screen
                if isinstance(screen, PinScreen) and screen.item is None:
                    return self._back_to_wheel(result.token, now)
                if isinstance(screen, PinScreen) and screen.item is not None:
                    confirm = ConfirmScreen(item=screen.item, items=screen.items)
                    self._show(confirm)
                    assert self.state.visit is not None
                    return self._confirm(confirm, self.state.visit, now)
        return []

    def _on_spun(self, spun: Spun, visit: Visit, now: float) -> list[Effect]:
        screen = self.screen
        assert isinstance(screen, WheelScreen)
        result = spun.result
        self._update_member(visit, member_after_spin(spun, visit.member))
        done = replace(screen, spinning=None, retry_draw=None, result=result, printed=None)
        if result.voucher is None:
            self._show(done)
            return []
        rid = self._request(now)
        self._show(replace(done, printing=rid))
        return [PrintPrize(rid, result, visit.member.member_no_masked, self.state.language)]

    def _on_action_failed(
        self,
        request_id: int,
        problem: Problem,
        now: float,
        params: tuple[tuple[str, str], ...] = (),
    ) -> list[Effect]:
        if request_id != waiting_for(self.screen):
            return []
        self.state = replace(self.state, request_started=None)
        if problem is Problem.SESSION_EXPIRED:
            return self._fail(problem, now)
        notice = Notice.problem(problem, params)
        screen = self.screen
        if isinstance(screen, WheelScreen):
            return self._wheel_failed(screen, problem, notice, now)
        if isinstance(screen, ConfirmScreen | PinScreen):
            self._show(replace(screen, busy=None, notice=notice))
        elif isinstance(screen, RewardsScreen):
            self._show(RewardsScreen(items=screen.items or (), notice=notice))
        else:
            self._show(MemberScreen(notice=notice))
        return [Feedback(ok=False)]

    def _wheel_failed(
        self, screen: WheelScreen, problem: Problem, notice: Notice, now: float
    ) -> list[Effect]:
        if screen.loading is not None or screen.wheel is None:
            self._show(MemberScreen(notice=notice))
            return [Feedback(ok=False)]
        if problem is Problem.WHEEL_CHANGED:
            # The odds changed under the member: fetch the wheel again; they press again.
            visit = self.state.visit
            assert visit is not None
            rid = self._request(now)
            self._show(replace(screen, loading=rid, spinning=None, retry_draw=None, notice=notice))
            return [LoadWheel(rid, visit.identified.session.token)]
        self._show(after_failed_spin(screen, problem, notice))
        return [Feedback(ok=False)]

    def _update_member(self, visit: Visit, member: MemberSummary) -> None:
        self.state = replace(self.state, visit=visit.with_member(member))

    # --- time -----------------------------------------------------------------------------------

    def _on_tick(self, now: float) -> list[Effect]:
        screen = self.screen
        t = self.timeouts
        started = self.state.request_started
        if isinstance(screen, Identifying) and now - screen.since >= t.request:
            return [*self._fail(Problem.OFFLINE, now), SetScanning(enabled=True)]
        if (
            waiting_for(self.screen) is not None
            and started is not None
            and now - started >= t.request
        ):
            # An answer that never came: say so, never leave a spinner forever.
            if isinstance(screen, VoucherScreen | WheelScreen) and screen.printing is not None:
                # The journal holds the voucher whatever the printer does now: staff can print it.
                self._show(replace(screen, printing=None, printed=False))
                self.state = replace(self.state, request_started=None)
                return []
            return self._on_action_failed(waiting_for(self.screen) or 0, Problem.OFFLINE, now)
        if isinstance(screen, ErrorScreen) and now - screen.since >= t.error:
            return self._to_idle()
        visit = self.state.visit
        if (
            visit is not None
            and waiting_for(self.screen) is None
            and now - visit.last_activity >= t.inactivity
        ):
            return self._to_idle()
        return []

    # --- helpers --------------------------------------------------------------------------------

    def _request(self, now: float) -> int:
        self._last_request_id += 1
        self.state = replace(self.state, request_started=now)
        return self._last_request_id

    def _is_identifying(self, request_id: int) -> bool:
        return isinstance(self.screen, Identifying) and self.screen.request_id == request_id

    def _show(self, screen: Screen) -> None:
        self.state = replace(self.state, screen=screen)

    def _fail(self, problem: Problem, now: float) -> list[Effect]:
        self.state = replace(
            self.state,
            screen=ErrorScreen(problem=problem, since=now),
            visit=None,
            request_started=None,
        )
        return [Feedback(ok=False)]

    def _to_idle(self) -> list[Effect]:
        was_identifying = isinstance(self.screen, Identifying)
        # Back to the kiosk's language: the next visitor should not inherit the last one's.
        self.state = SessionState(
            screen=Idle(), language=self.default_language, printer=self.state.printer
        )
        return [SetScanning(enabled=True)] if was_identifying else []
