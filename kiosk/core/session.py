"""The kiosk session: idle -> identifying -> member -> idle, as a pure state machine.

``Session.handle(event, now)`` changes the state and returns the effects the app must carry out
(call the API, beep, pause the camera). Time is an argument, so timeouts are tested without
sleeping; nothing here touches Kivy, hardware or the network.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from kiosk.core import payloads
from kiosk.core.events import (
    DonePressed,
    Effect,
    Event,
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
from kiosk.core.models import Identified


@dataclass(frozen=True, slots=True)
class Idle:
    name = "idle"


@dataclass(frozen=True, slots=True)
class Identifying:
    request_id: int
    since: float
    name = "identifying"


@dataclass(frozen=True, slots=True)
class MemberScreen:
    identified: Identified
    last_activity: float
    name = "member"


@dataclass(frozen=True, slots=True)
class ErrorScreen:
    problem: Problem
    since: float
    name = "error"


Screen = Idle | Identifying | MemberScreen | ErrorScreen


@dataclass(frozen=True, slots=True)
class Timeouts:
    """Seconds. ``inactivity``: member screen back to idle with no touch (privacy on a public
    screen). ``error``: how long an error stays up. ``identify``: a guard above the HTTP client's
    own timeout, so a lost answer can never leave the kiosk stuck on "looking you up"."""

    inactivity: float = 30.0
    error: float = 8.0
    identify: float = 15.0


@dataclass(frozen=True, slots=True)
class SessionState:
    screen: Screen
    language: str


class Session:
    """One kiosk's visitor session. Not thread-safe: the app drives it from the UI thread."""

    def __init__(self, *, default_language: str, timeouts: Timeouts | None = None) -> None:
        self.default_language = default_language
        self.timeouts = timeouts or Timeouts()
        self.state = SessionState(screen=Idle(), language=default_language)
        self._last_request_id = 0

    @property
    def screen(self) -> Screen:
        return self.state.screen

    def handle(self, event: Event, now: float) -> list[Effect]:
        match event:
            case Scanned(payload=payload):
                return self._on_scan(payload, now)
            case IdentifySucceeded(request_id=rid, result=result):
                return self._on_identified(rid, result, now)
            case IdentifyFailed(request_id=rid, problem=problem):
                return self._on_identify_failed(rid, problem, now)
            case Touched():
                if isinstance(self.screen, MemberScreen):
                    self._show(replace(self.screen, last_activity=now))
                return []
            case DonePressed():
                return self._to_idle()
            case LanguageChosen(language=language):
                self.state = replace(self.state, language=language)
                return []
            case Tick():
                return self._on_tick(now)
        return []

    # --- transitions ----------------------------------------------------------------------------

    def _on_scan(self, payload: object, now: float) -> list[Effect]:
        screen = self.screen
        if isinstance(screen, Identifying):
            return []  # one lookup at a time; the camera is paused anyway
        match payload:
            case payloads.MemberCode() | payloads.MemberCard():
                self._last_request_id += 1
                self._show(Identifying(request_id=self._last_request_id, since=now))
                return [
                    Feedback(ok=True),
                    SetScanning(enabled=False),
                    Identify(request_id=self._last_request_id, payload=payload),
                ]
            case payloads.StaffCard():
                return self._fail(Problem.STAFF_CARD, now)
            case payloads.Receipt() | payloads.VoucherCode():
                if isinstance(screen, MemberScreen):
                    # Claiming receipts and checking vouchers come with the points engine.
                    return [Feedback(ok=False)]
                return self._fail(Problem.SCAN_MEMBER_FIRST, now)
            case _:
                if isinstance(screen, MemberScreen):
                    # Don't throw a member out of their session for a stray unreadable code.
                    return [Feedback(ok=False)]
                return self._fail(Problem.UNRECOGNISED, now)

    def _on_identified(self, request_id: int, result: Identified, now: float) -> list[Effect]:
        if not self._is_pending(request_id):
            return []  # the visitor left (done / timeout) before the answer came: drop it
        self._show(MemberScreen(identified=result, last_activity=now))
        self.state = replace(self.state, language=result.member.language or self.state.language)
        return [SetScanning(enabled=True)]

    def _on_identify_failed(self, request_id: int, problem: Problem, now: float) -> list[Effect]:
        if not self._is_pending(request_id):
            return []
        return [*self._fail(problem, now), SetScanning(enabled=True)]

    def _on_tick(self, now: float) -> list[Effect]:
        screen = self.screen
        t = self.timeouts
        if isinstance(screen, MemberScreen) and now - screen.last_activity >= t.inactivity:
            return self._to_idle()
        if isinstance(screen, ErrorScreen) and now - screen.since >= t.error:
            return self._to_idle()
        if isinstance(screen, Identifying) and now - screen.since >= t.identify:
            return [*self._fail(Problem.OFFLINE, now), SetScanning(enabled=True)]
        return []

    # --- helpers --------------------------------------------------------------------------------

    def _is_pending(self, request_id: int) -> bool:
        return isinstance(self.screen, Identifying) and self.screen.request_id == request_id

    def _show(self, screen: Screen) -> None:
        self.state = replace(self.state, screen=screen)

    def _fail(self, problem: Problem, now: float) -> list[Effect]:
        self._show(ErrorScreen(problem=problem, since=now))
        return [Feedback(ok=False)]

    def _to_idle(self) -> list[Effect]:
        was_identifying = isinstance(self.screen, Identifying)
        # Back to the kiosk's language: the next visitor should not inherit the last one's.
        self.state = SessionState(screen=Idle(), language=self.default_language)
        return [SetScanning(enabled=True)] if was_identifying else []
