"""Runs the core session against the outside world, on the UI thread.

Drivers, the API worker and the status server call ``post()`` from their own threads; the UI
calls ``pump()`` each frame, which feeds queued events to the session and carries out the
effects it returns. Blocking work (HTTP) goes to a worker pool and comes back as an event, so the
screen never freezes on a slow network.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Executor
from datetime import UTC, datetime
from typing import Any

from kiosk.client import ApiError, ApiUnavailable, PointsClient
from kiosk.client.problems import problem_for, problem_params
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
    Session,
    SessionState,
)
from kiosk.core.staff import (
    KeySwitchChanged,
    StaffCardScanned,
    StaffEvent,
    StaffLoginSucceeded,
    StaffMode,
    StaffModeChanged,
    StaffTick,
    StaffTouched,
)
from kiosk.runtime.ports import (
    ApiReachability,
    FeedbackDevice,
    GpioInput,
    KioskPorts,
    QueuedEvent,
    ScanControl,
    StaffEffects,
    VoucherPrinter,
)
from kiosk.runtime.summaries import screen_summary

log = logging.getLogger(__name__)


class _PaperOut(Exception):
    pass


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
        return screen_summary(self.session.state)
