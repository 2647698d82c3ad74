"""Runs the core session against the outside world, on the UI thread.

Drivers, the API worker and the status server call ``post()`` from their own threads; the UI
calls ``pump()`` each frame, which feeds queued events to the session and carries out the
effects it returns. Blocking work (HTTP) goes to a worker pool and comes back as an event, so the
screen never freezes on a slow network.
"""

from __future__ import annotations

import logging
import math
import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from kiosk.client import ApiError, ApiUnavailable, PointsClient
from kiosk.core import payloads
from kiosk.core.alerts import AlertTracker, KioskEvent, led_status
from kiosk.core.events import (
    ActionFailed,
    ActionResult,
    ActionSucceeded,
    CheckIn,
    ClaimReceipt,
    DonePressed,
    Effect,
    Event,
    Feedback,
    Identify,
    IdentifyFailed,
    IdentifySucceeded,
    LoadRewards,
    LoadWheel,
    PrinterChanged,
    PrintFinished,
    PrintPrize,
    PrintVoucher,
    Problem,
    Redeem,
    Scanned,
    SetScanning,
    Spin,
    Tick,
    Touched,
    VerifyPin,
)
from kiosk.core.models import Redeemed
from kiosk.core.session import (
    Idle,
    RewardsScreen,
    Session,
    SessionState,
    VoucherScreen,
    WheelScreen,
)
from kiosk.core.staff import (
    KeySwitchChanged,
    StaffCardScanned,
    StaffEffect,
    StaffEvent,
    StaffLoginSucceeded,
    StaffMode,
    StaffModeChanged,
    StaffTick,
    StaffTouched,
)

log = logging.getLogger(__name__)

# API problem codes (docs/api.md) -> what the member is told. Codes not listed here are
# SERVER_ERROR: the kiosk cannot explain what it does not know, but it never crashes on them.
_PROBLEMS = {
    "member_not_found": Problem.MEMBER_NOT_FOUND,
    "code_expired": Problem.CODE_EXPIRED,
    "code_invalid": Problem.UNRECOGNISED,
    "card_invalid": Problem.UNRECOGNISED,
    "code_replayed": Problem.CODE_REPLAYED,
    "member_blocked": Problem.MEMBER_BLOCKED,
    "rate_limited": Problem.RATE_LIMITED,
    "payload_unrecognised": Problem.UNRECOGNISED,
    "member_session_expired": Problem.SESSION_EXPIRED,
    "member_session_invalid": Problem.SESSION_EXPIRED,
    "member_session_mismatch": Problem.SESSION_EXPIRED,
    "already_checked_in": Problem.ALREADY_CHECKED_IN,
    "receipt_already_claimed": Problem.RECEIPT_CLAIMED,
    "receipt_invalid": Problem.RECEIPT_INVALID,
    "receipt_expired": Problem.RECEIPT_EXPIRED,
    "insufficient_points": Problem.INSUFFICIENT_POINTS,
    "out_of_stock": Problem.OUT_OF_STOCK,
    "item_not_stocked": Problem.OUT_OF_STOCK,
    "limit_reached": Problem.LIMIT_REACHED,
    "item_unavailable": Problem.ITEM_UNAVAILABLE,
    "item_not_found": Problem.ITEM_UNAVAILABLE,
    "item_not_eligible": Problem.ITEM_UNAVAILABLE,
    "spend_not_allowed": Problem.SPEND_NEEDS_CODE,
    "pin_incorrect": Problem.PIN_INCORRECT,
    "pin_locked": Problem.PIN_LOCKED,
    "pin_not_set": Problem.PIN_NOT_SET,
    "pin_not_allowed": Problem.SPEND_NEEDS_CODE,
    "spin_limit_reached": Problem.SPIN_LIMIT_REACHED,
    "wheel_changed": Problem.WHEEL_CHANGED,
    "spin_cost_changed": Problem.WHEEL_CHANGED,
    "wheel_not_configured": Problem.WHEEL_UNAVAILABLE,
    "wheel_answer_invalid": Problem.WHEEL_UNAVAILABLE,
}


def wheel_summary(screen: WheelScreen) -> dict[str, Any]:
    wheel, result = screen.wheel, screen.result
    return {
        "version": None if wheel is None else wheel.version,
        "seed_hash": None if wheel is None else wheel.fairness.seed_hash,
        "spinning": screen.spinning is not None,
        "result": None
        if result is None
        else {
            "draw_id": result.draw_id,
            "segment_id": result.segment_id,
            "kind": result.kind.value,
            "seed_hash": result.seed_hash,
            "prints": result.voucher is not None,
        },
        "printed": screen.printed,
        "notice": None if screen.notice is None else screen.notice.key,
    }


def problem_params(exc: ApiError, now: datetime) -> tuple[tuple[str, str], ...]:
    """The numbers a message needs, from the problem's extra fields."""
    attempts = exc.extra.get("attempts_left")
    if isinstance(attempts, int) and not isinstance(attempts, bool):
        return (("attempts_left", str(attempts)),)
    locked_until = exc.extra.get("locked_until")
    if isinstance(locked_until, str):
        try:
            until = datetime.fromisoformat(locked_until)
            minutes = max(1, math.ceil((until - now).total_seconds() / 60))
        except (ValueError, TypeError):
            return ()
        return (("minutes", str(minutes)),)
    return ()


def problem_for(exc: ApiError) -> Problem:
    if isinstance(exc, ApiUnavailable):
        return Problem.OFFLINE
    return _PROBLEMS.get(exc.code, Problem.SERVER_ERROR)


class _PaperOut(Exception):
    pass


@dataclass(frozen=True, slots=True)
class GpioInput:
    """An edge on one of the kiosk's GPIO inputs (paper_low, door_open, staff_key, help)."""

    name: str
    active: bool


class StaffEffects(Protocol):
    def carry_out(self, effect: StaffEffect) -> None: ...


class KioskPorts(Protocol):
    """What the controller asks of the rest of the kiosk, beyond the session's own effects."""

    def report(self, events: list[KioskEvent]) -> None:
        """Send kiosk events (paper, door, help...) to the API, off the UI thread."""
        ...

    def check_paper(self) -> None:
        """Ask the printer about its paper now (a paper-low edge), off the UI thread."""
        ...

    def set_led(self, status: str) -> None: ...


QueuedEvent = Event | StaffEvent | GpioInput


class ScanControl(Protocol):
    def pause(self) -> None: ...
    def resume(self) -> None: ...


class FeedbackDevice(Protocol):
    def feedback_ok(self) -> None: ...
    def feedback_error(self) -> None: ...


class VoucherPrinter(Protocol):
    """Journal-then-print, as the printing service does it."""

    def can_print(self) -> bool:
        """Paper and printer ready now (asked again right before taking points)."""
        ...

    def print_voucher(self, request: PrintVoucher) -> bool:
        """True when it came out of the printer; False when it is saved for staff."""
        ...

    def print_prize(self, request: PrintPrize) -> bool:
        """A wheel prize's slip, with the draw id and the seed hash. As print_voucher."""
        ...


@dataclass
class ApiReachability:
    """What the kiosk last learned about the API, from probes and from real calls."""

    reachable: bool | None = None  # None: not known yet
    latency_ms: float | None = None
    checked_at: float | None = None  # monotonic seconds
    error: str = ""


def identify_text(payload: object) -> str:
    """What goes to the API for a member payload: the code as scanned, a card normalised."""
    if isinstance(payload, payloads.MemberCard):
        return payload.number
    raw = getattr(payload, "raw", None)
    if not isinstance(raw, str):
        raise TypeError(f"cannot identify with {type(payload).__name__}")
    return raw


class Controller:
    def __init__(
        self,
        session: Session,
        client: PointsClient,
        executor: Executor,
        *,
        scanner: ScanControl | None = None,
        feedback: FeedbackDevice | None = None,
        printer: VoucherPrinter | None = None,
        staff: StaffMode | None = None,
        staff_effects: StaffEffects | None = None,
        ports: KioskPorts | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.session = session
        self._client = client
        self._executor = executor
        self._scanner = scanner
        self._feedback = feedback
        self._printer = printer
        self.staff = staff
        self._staff_effects = staff_effects
        self._ports = ports
        self.alerts = AlertTracker()
        self._led = ""
        self._clock = clock
        self._events: queue.SimpleQueue[QueuedEvent] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._api = ApiReachability()
        # Set by the UI: asks for a frame now rather than at the next frame-clock tick, so an
        # answer from a worker is on screen one frame later, not up to one tick + one frame.
        self.wakeup: Callable[[], None] | None = None
        # Scan-to-screen times (ms) of recent visits: frame delivered -> member screen drawn.
        self._scan_to_screen: deque[float] = deque(maxlen=200)

    # --- any thread -----------------------------------------------------------------------------

    def post(self, event: QueuedEvent) -> None:
        self._events.put(event)
        wakeup = self.wakeup
        if wakeup is not None:
            wakeup()

    @property
    def api(self) -> ApiReachability:
        with self._lock:
            return ApiReachability(**vars(self._api))

    def record_api(self, reachable: bool, latency_ms: float | None = None, error: str = "") -> None:
        with self._lock:
            self._api = ApiReachability(reachable, latency_ms, self._clock(), error)

    def probe_api(self) -> None:
        """One health probe (blocking: call from a worker thread)."""
        try:
            latency = self._client.health()
        except ApiError as exc:
            self.record_api(False, error=exc.detail or exc.code)
        else:
            self.record_api(True, latency)

    def celebrate(self) -> None:
        """A prize landed on the wheel: the buzzer's jingle, where there is one."""
        jingle = getattr(self._feedback, "prize_jingle", None)
        if callable(jingle):
            self._safely(jingle)

    def record_scan_to_screen(self, seen_at: float, drawn_at: float) -> None:
        with self._lock:
            self._scan_to_screen.append((drawn_at - seen_at) * 1000.0)

    def timings(self) -> dict[str, Any]:
        with self._lock:
            recent = [round(ms, 1) for ms in self._scan_to_screen]
        return {"scan_to_screen_ms": recent}

    # --- UI thread ------------------------------------------------------------------------------

    @property
    def state(self) -> SessionState:
        return self.session.state

    def pump(self) -> bool:
        """Handle queued events and timeouts; True when the screen should be redrawn."""
        before = self.session.state
        while True:
            try:
                event = self._events.get_nowait()
            except queue.Empty:
                break
            self._dispatch(event)
        self._dispatch(Tick())
        if self.staff is not None:
            self._staff_handle(StaffTick())
        self._update_led()
        return self.session.state != before

    def dispatch(self, event: QueuedEvent) -> None:
        """For UI handlers already on the UI thread (touches, buttons)."""
        self._dispatch(event)

    @property
    def staff_active(self) -> bool:
        return self.staff is not None and self.staff.active

    def _dispatch(self, event: QueuedEvent) -> None:
        # Staff mode and member visits never mix: while staff mode is open, scans and touches
        # are staff mode's; a staff card opens it from any member screen.
        if isinstance(event, GpioInput):
            self._on_gpio(event)
            return
        if isinstance(event, StaffEvent):
            self._staff_handle(event)
            return
        if self.staff is not None:
            if isinstance(event, Scanned) and (
                self.staff.active or isinstance(event.payload, payloads.StaffCard)
            ):
                raw = getattr(event.payload, "raw", None)
                if isinstance(raw, str):
                    self._staff_handle(StaffCardScanned(raw))
                return
            if self.staff.active and isinstance(event, Touched):
                self._staff_handle(StaffTouched())
                return
        if isinstance(event, PrinterChanged):
            self._report(self.alerts.paper(event.can_print, event.reason))
        try:
            effects = self.session.handle(event, self._clock())
        except Exception:  # a bug in the core must not take the kiosk down
            log.exception("session failed to handle %s", type(event).__name__)
            return
        for effect in effects:
            self._carry_out(effect)

    def _staff_handle(self, event: StaffEvent) -> None:
        if self.staff is None:
            return
        if isinstance(event, StaffLoginSucceeded):
            self.alerts.staff_arrived()
        try:
            effects = self.staff.handle(event, self._clock())
        except Exception:
            log.exception("staff mode failed to handle %s", type(event).__name__)
            return
        for effect in effects:
            if isinstance(effect, StaffModeChanged) and effect.active:
                # Staff at the kiosk: whoever was using it is done; no member data stays up.
                self._dispatch(DonePressed())
                if self._scanner is not None:
                    self._safely(self._scanner.resume)  # staff cards are read by the camera too
            if self._staff_effects is not None:
                try:
                    self._staff_effects.carry_out(effect)
                except Exception:
                    log.exception("staff effect %s failed", type(effect).__name__)

    def _on_gpio(self, event: GpioInput) -> None:
        now = self._clock()
        if event.name == "staff_key":
            self._staff_handle(KeySwitchChanged(event.active))
        elif event.name == "paper_low" and self._ports is not None:
            self._ports.check_paper()  # the switch moved: re-read the paper state now
        self._report(self.alerts.input(event.name, event.active, now))

    def _report(self, events: list[KioskEvent]) -> None:
        if events and self._ports is not None:
            self._ports.report(events)

    def _update_led(self) -> None:
        if self._ports is None:
            return
        state = self.session.state
        status = led_status(
            can_print=state.printer.can_print,
            api_reachable=self.api.reachable,
            paper_low=self.alerts.paper_low is not None,
            door_open=self.alerts.door_open,
            help_pending=self.alerts.help_pending(self._clock()),
            in_use=not isinstance(state.screen, Idle) or self.staff_active,
        )
        if status != self._led:
            self._led = status
            self._safely(lambda: self._ports.set_led(status) if self._ports else None)

    def _carry_out(self, effect: Effect) -> None:
        api_call = self._api_call(effect)
        if api_call is not None:
            self._call(*api_call)
            return
        match effect:
            case Identify(request_id=rid, payload=payload):
                self._executor.submit(self._identify, rid, payload)
            case PrintPrize() | PrintVoucher():
                self._executor.submit(self._print, effect)
            case Feedback(ok=ok):
                if self._feedback is not None:
                    device = self._feedback
                    self._safely(device.feedback_ok if ok else device.feedback_error)
            case SetScanning(enabled=enabled):
                if self._scanner is not None:
                    self._safely(self._scanner.resume if enabled else self._scanner.pause)

    def _api_call(self, effect: Effect) -> tuple[int, Callable[[], ActionResult]] | None:
        """The request id and API call a member action stands for (run on a worker)."""
        client = self._client
        match effect:
            case CheckIn(request_id=rid, session_token=token):
                return rid, lambda: client.check_in(token)
            case ClaimReceipt(request_id=rid, session_token=token, receipt=receipt):
                return rid, lambda: client.claim_receipt(token, receipt)
            case LoadRewards(request_id=rid, session_token=token):
                return rid, lambda: client.rewards(token)
            case Redeem(request_id=rid, session_token=token, item_code=code):
                return rid, lambda: self._redeem(token, code)
            case VerifyPin(request_id=rid, session_token=token, pin=pin):
                return rid, lambda: client.verify_pin(token, pin)
            case LoadWheel(request_id=rid, session_token=token):
                return rid, lambda: client.wheel(token)
            case Spin(request_id=rid, session_token=token, draw_id=draw_id, wheel=wheel) as spin:
                return rid, lambda: client.spin(token, draw_id, wheel, spin.cost_points)
        return None

    def _safely(self, action: Callable[[], None] | None) -> None:
        if action is None:
            return
        try:
            action()
        except Exception:  # a beeper fault is logged, never shown to a member
            log.exception("driver action failed")

    # --- worker threads -------------------------------------------------------------------------

    def _call(self, request_id: int, call: Callable[[], ActionResult]) -> None:
        """Run one API call on a worker; its answer comes back as an event."""

        def work() -> None:
            try:
                result = call()
            except _PaperOut:
                self.post(ActionFailed(request_id, Problem.PAPER_OUT))
            except ApiError as exc:
                self.record_api(not isinstance(exc, ApiUnavailable), error=exc.detail)
                log.info("API refused an action: %s", exc.code)
                params = problem_params(exc, datetime.now(UTC))
                self.post(ActionFailed(request_id, problem_for(exc), params))
            except Exception:
                log.exception("API call failed unexpectedly")
                self.post(ActionFailed(request_id, Problem.SERVER_ERROR))
            else:
                self.record_api(True)
                self.post(ActionSucceeded(request_id, result))

        self._executor.submit(work)

    def _redeem(self, token: str, item_code: str) -> Redeemed:
        # The paper can run out between the confirmation screen and now: ask once more before
        # the API takes the points for something we could not print.
        if self._printer is not None and not self._printer.can_print():
            raise _PaperOut
        return self._client.redeem(token, item_code)

    def _print(self, request: PrintVoucher | PrintPrize) -> None:
        printed = False
        try:
            if self._printer is not None:
                if isinstance(request, PrintPrize):
                    printed = self._printer.print_prize(request)
                else:
                    printed = self._printer.print_voucher(request)
        except Exception:  # the journal has it; staff will print it
            log.exception("printing a %s failed", type(request).__name__)
        self.post(PrintFinished(request.request_id, printed))

    def _identify(self, request_id: int, payload: object) -> None:
        try:
            result = self._client.identify(identify_text(payload))
        except ApiError as exc:
            self.record_api(not isinstance(exc, ApiUnavailable), error=exc.detail)
            log.info("identify refused: %s", exc.code)  # the code only: no personal data
            if exc.extra.get("kind") == "staff_card" and self.staff is not None:
                # A staff member's card read as a plain card number: open the staff keypad.
                self.post(IdentifyFailed(request_id, Problem.STAFF_CARD))
                self.post(StaffCardScanned(identify_text(payload)))
                return
            self.post(IdentifyFailed(request_id, problem_for(exc)))
        except Exception:
            log.exception("identify failed unexpectedly")
            self.post(IdentifyFailed(request_id, Problem.SERVER_ERROR))
        else:
            self.record_api(True)
            self.post(IdentifySucceeded(request_id, result))

    # --- status ---------------------------------------------------------------------------------

    def screen_summary(self) -> dict[str, Any]:
        """What the status endpoint says about the screen: no names or member numbers."""
        state = self.session.state
        screen = state.screen
        summary: dict[str, Any] = {"screen": screen.name, "language": state.language}
        if state.visit is not None:
            summary["member"] = {
                "balance": state.visit.member.balance,
                "tier": state.visit.member.tier.code,
                "can_spend": state.visit.identified.session.can_spend,
            }
        problem = getattr(screen, "problem", None)
        notice = getattr(screen, "notice", None)
        if problem is not None:
            summary["problem"] = str(problem)
        if notice is not None:
            summary["notice"] = notice.key
        if isinstance(screen, RewardsScreen) and screen.items is not None:
            summary["rewards"] = [
                {"code": item.code, "points": item.points, "available": item.available}
                for item in screen.items
            ]
        if isinstance(screen, VoucherScreen):
            summary["voucher_id"] = screen.voucher.voucher_id
            summary["printed"] = screen.printed
        if isinstance(screen, WheelScreen):
            summary["wheel"] = wheel_summary(screen)
        summary["printer_can_print"] = state.printer.can_print
        return summary
