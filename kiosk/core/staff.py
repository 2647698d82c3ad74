"""Staff mode as a pure state machine: log in with card (or staff number) and PIN, then four tabs.

    closed -> login (card / staff no., PIN on the keypad) -> desk [printer | reprint | gifts |
    health] -> closed

``StaffMode.handle(event, now)`` changes the state and returns effects (plain data) for the app to
carry out: log in through the API, mark paper replaced, print, load lists, adjust stock, restart.
Like the member session it takes time as an argument, tags every request with an id and drops
answers nobody waits for any more.

Privacy and safety rules kept here:

* The PIN lives in the login screen only while it is typed (``repr=False``, never compared, never
  logged), goes out once in :class:`StaffLogin`, and is wiped from the state the moment it is sent.
  The kiosk never checks it: the API does, and counts wrong tries per card and per kiosk.
* Nothing in a staff state is member data: the reprint list carries a job's id, kind, time and
  error, not the ticket.
* Staff mode ends on "done", after ``Timeouts.inactivity`` without a touch, when the key switch
  turns back, and when the API says the staff session is over. :class:`StaffModeChanged` tells
  the app to end any member visit when staff mode opens and to resume normal service when it ends.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Literal

PIN_MIN = 4
PIN_MAX = 8
STAFF_NO_MAX = 10
QUANTITY_MAX = 99_999

EntryVia = Literal["card", "key", "corner"]
Tab = Literal["printer", "reprint", "gifts", "health"]
TABS: tuple[Tab, ...] = ("printer", "reprint", "gifts", "health")
AdjustMode = Literal["add", "set"]

#: Why stock is adjusted (the API records the code; the screen shows ``staff.reason.<code>``).
ADD_REASONS = ("delivery", "returned")
SET_REASONS = ("count", "damaged", "lost", "correction")


class StaffProblem(StrEnum):
    """Why something did not work. The value is the message key suffix (``staff.problem.*``)."""

    # An unknown card or number is answered as a wrong PIN (docs/staff-api.md): no enumeration.
    WRONG_PIN = "wrong_pin"  # attempts left in the screen
    LOCKED = "locked"  # locked until a time
    WRONG_STORE = "wrong_store"  # staff of another store
    CREDENTIAL_DISABLED = "credential_disabled"
    OFFLINE = "offline"
    SERVER_ERROR = "server_error"
    SESSION_EXPIRED = "session_expired"
    NOT_ALLOWED = "not_allowed"  # the staff member's role may not do this
    INVALID_QUANTITY = "invalid_quantity"
    GIFT_NOT_FOUND = "gift_not_found"
    PRINTER = "printer"  # the printer refused (paper out, offline): the reason is in the notice


# --- what the app reports back (results) ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StaffIdentity:
    """Who is logged in, as the API says (a display name safe for the screen)."""

    staff_id: str
    display_name: str
    role: str  # "staff" | "manager"


@dataclass(frozen=True, slots=True)
class PrinterInfo:
    """The printer tab: each paper source on its own, plus the combined verdict.

    ``sensor``: the printer's own status (``adequate``, ``near_end``, ``out``, ``no_reply``,
    ``unsupported``, ``offline``); ``low_switch``: the GPIO switch (None: not fitted);
    ``remaining_mm`` of ``roll_length_mm``: the estimate from what was printed since the restock.
    """

    can_print: bool
    reason: str
    sensor: str
    low_switch: bool | None
    remaining_mm: float | None
    roll_length_mm: float
    last_error: str = ""


@dataclass(frozen=True, slots=True)
class ReprintJob:
    """A journaled ticket that was not printed. No member data: id, kind, time, why."""

    job_id: int
    kind: str  # voucher | gift | checkin
    created_at: dt.datetime
    status: str  # pending | sending | failed
    last_error: str = ""


@dataclass(frozen=True, slots=True)
class ReprintOutcome:
    job_id: int
    printed: bool
    reason: str = ""  # the printer's reason when not printed


@dataclass(frozen=True, slots=True)
class GiftStock:
    """One physical gift of this store (wheel prizes and catalogue gifts)."""

    code: str
    names: dict[str, str]
    quantity: int
    low_threshold: int = 0

    @property
    def low(self) -> bool:
        return self.quantity <= self.low_threshold


@dataclass(frozen=True, slots=True)
class Reading:
    """One line of the health tab: ``ok`` None means "not known / not reported here"."""

    key: str  # camera, card_reader, printer, gpio ...
    ok: bool | None
    state: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class HealthReport:
    api_reachable: bool | None
    api_latency_ms: float | None
    devices: tuple[Reading, ...]
    config_version: str
    app_version: str
    uptime_s: float
    free_disk_bytes: int | None
    cpu_temp_c: float | None  # None where the board does not report it
    under_voltage_now: bool | None  # None where ``vcgencmd get_throttled`` is absent
    under_voltage_since_boot: bool | None
    throttled_now: bool | None


@dataclass(frozen=True, slots=True)
class PrintTestResult:
    printed: bool
    reason: str = ""


# --- events ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StaffCardScanned:
    """A staff card was scanned (``S1:...`` classified as StaffCard, or any card while the login
    screen is open). ``payload`` goes to the API as scanned."""

    payload: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class KeySwitchChanged:
    on: bool


@dataclass(frozen=True, slots=True)
class HiddenCornerHeld:
    """The hidden corner was long-pressed."""


@dataclass(frozen=True, slots=True)
class KeypadDigit:
    digit: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class KeypadDelete:
    pass


@dataclass(frozen=True, slots=True)
class KeypadSubmit:
    pass


@dataclass(frozen=True, slots=True)
class StaffCancel:
    """Cancel on the login screen; "back" from a sub-panel on the desk."""


@dataclass(frozen=True, slots=True)
class StaffDone:
    """Done: log out."""


@dataclass(frozen=True, slots=True)
class StaffTouched:
    """Any touch while staff mode is open: keeps it alive."""


@dataclass(frozen=True, slots=True)
class TabChosen:
    tab: Tab


@dataclass(frozen=True, slots=True)
class PaperReplacedPressed:
    pass


@dataclass(frozen=True, slots=True)
class PrintTestPressed:
    pass


@dataclass(frozen=True, slots=True)
class ReprintPressed:
    job_id: int


@dataclass(frozen=True, slots=True)
class ReprintAllPressed:
    pass


@dataclass(frozen=True, slots=True)
class GiftChosen:
    """Open the adjust panel for one gift, adding received stock or setting a counted number."""

    code: str
    mode: AdjustMode


@dataclass(frozen=True, slots=True)
class ReasonChosen:
    reason: str


@dataclass(frozen=True, slots=True)
class AdjustSubmit:
    pass


@dataclass(frozen=True, slots=True)
class RefreshPressed:
    pass


@dataclass(frozen=True, slots=True)
class RestartPressed:
    """First press asks for a confirmation; ``RestartConfirmed`` does it."""


@dataclass(frozen=True, slots=True)
class RestartConfirmed:
    pass


@dataclass(frozen=True, slots=True)
class StaffLoginSucceeded:
    request_id: int
    identity: StaffIdentity
    token: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class StaffLoginFailed:
    request_id: int
    problem: StaffProblem
    attempts_left: int | None = None
    locked_until: dt.datetime | None = None  # store-local time with offset, as the API says


StaffResult = (
    PrinterInfo
    | tuple[ReprintJob, ...]
    | tuple[GiftStock, ...]
    | GiftStock
    | HealthReport
    | PrintTestResult
    | tuple[ReprintOutcome, ...]
)


@dataclass(frozen=True, slots=True)
class StaffAnswered:
    """A request's answer. For a reprint the result is the outcomes; the app then reloads."""

    request_id: int
    result: StaffResult


@dataclass(frozen=True, slots=True)
class StaffFailed:
    request_id: int
    problem: StaffProblem
    reason: str = ""  # e.g. the printer's reason word


@dataclass(frozen=True, slots=True)
class StaffTick:
    pass


StaffEvent = (
    StaffCardScanned
    | KeySwitchChanged
    | HiddenCornerHeld
    | KeypadDigit
    | KeypadDelete
    | KeypadSubmit
    | StaffCancel
    | StaffDone
    | StaffTouched
    | TabChosen
    | PaperReplacedPressed
    | PrintTestPressed
    | ReprintPressed
    | ReprintAllPressed
    | GiftChosen
    | ReasonChosen
    | AdjustSubmit
    | RefreshPressed
    | RestartPressed
    | RestartConfirmed
    | StaffLoginSucceeded
    | StaffLoginFailed
    | StaffAnswered
    | StaffFailed
    | StaffTick
)


# --- effects --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StaffModeChanged:
    """``active``: end any member visit, route scans to staff mode, pause member service.
    Not active: back to normal service."""

    active: bool


@dataclass(frozen=True, slots=True)
class StaffLogin:
    """``POST /v1/kiosk/staff/sessions``: exactly one of ``card`` / ``staff_no``. The PIN is
    sent once and must never be logged; answer: StaffLoginSucceeded / StaffLoginFailed."""

    request_id: int
    card: str | None = field(repr=False)
    staff_no: str | None
    pin: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class StaffLogout:
    """``DELETE /v1/kiosk/staff/sessions/current`` (best effort; no answer needed)."""

    token: str = field(repr=False)
    why: Literal["done", "inactivity", "key_switch"]


@dataclass(frozen=True, slots=True)
class LoadPrinterInfo:
    """Read the printer (paper_state, meter, last error): answer PrinterInfo."""

    request_id: int


@dataclass(frozen=True, slots=True)
class MarkPaperReplaced:
    """``printer.paper_restocked()`` then ``POST /v1/kiosk/staff/actions/paper-replaced``;
    answer: a fresh PrinterInfo."""

    request_id: int
    token: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class PrintTestPage:
    """Print a test slip and record it: answer PrintTestResult."""

    request_id: int
    token: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class LoadReprintJobs:
    """``print_service.unprinted()``: answer tuple[ReprintJob, ...]."""

    request_id: int


@dataclass(frozen=True, slots=True)
class Reprint:
    """``print_service.reprint(job_id)`` once for each id, in order, then record it: answer
    tuple[ReprintOutcome, ...]."""

    request_id: int
    token: str = field(repr=False)
    job_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class LoadGifts:
    """``GET /v1/kiosk/staff/gifts``: answer tuple[GiftStock, ...]."""

    request_id: int
    token: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class AdjustStock:
    """``POST /v1/kiosk/staff/gifts/{code}/adjustments``: answer the gift's new GiftStock."""

    request_id: int
    token: str = field(repr=False)
    gift_code: str
    mode: AdjustMode
    quantity: int  # "add": how many arrived (>= 1); "set": the counted number (>= 0)
    reason: str


@dataclass(frozen=True, slots=True)
class LoadHealth:
    """Gather the health report (API probe, drivers, versions, disk, temperature): HealthReport."""

    request_id: int


@dataclass(frozen=True, slots=True)
class RestartApp:
    """Record ``restart-requested`` (best effort), log out, then exit for systemd to restart."""

    token: str = field(repr=False)


StaffEffect = (
    StaffModeChanged
    | StaffLogin
    | StaffLogout
    | LoadPrinterInfo
    | MarkPaperReplaced
    | PrintTestPage
    | LoadReprintJobs
    | Reprint
    | LoadGifts
    | AdjustStock
    | LoadHealth
    | RestartApp
)


# --- screens --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Closed:
    name = "closed"


@dataclass(frozen=True, slots=True)
class Login:
    """The keypad. Without a card, the staff number is typed first (``stage = "staff_no"``)."""

    via: EntryVia
    stage: Literal["staff_no", "pin"]
    staff_no: str = ""
    has_card: bool = False
    pin_length: int = 0  # what the screen shows (dots); the digits themselves are below
    busy: int | None = None  # the login request under way
    problem: StaffProblem | None = None
    attempts_left: int | None = None
    locked_until: dt.datetime | None = None
    # Never shown, logged or compared: see the module docstring.
    card: str = field(default="", repr=False, compare=False)
    pin: str = field(default="", repr=False, compare=False)
    name = "login"


@dataclass(frozen=True, slots=True)
class Notice:
    """A one-line result: ``key`` is a message key, ``params`` fill it."""

    key: str
    ok: bool
    params: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class PrinterPanel:
    info: PrinterInfo | None = None
    loading: int | None = None
    busy: int | None = None  # paper replaced / test print under way
    notice: Notice | None = None


@dataclass(frozen=True, slots=True)
class ReprintPanel:
    jobs: tuple[ReprintJob, ...] | None = None
    loading: int | None = None
    busy: int | None = None
    printing: tuple[int, ...] = ()  # the job ids of the reprint under way
    notice: Notice | None = None


@dataclass(frozen=True, slots=True)
class Adjusting:
    """The adjust panel for one gift: a number typed on the keypad and a reason."""

    gift: GiftStock
    mode: AdjustMode
    amount: str = ""
    reason: str = ""


@dataclass(frozen=True, slots=True)
class GiftsPanel:
    gifts: tuple[GiftStock, ...] | None = None
    loading: int | None = None
    adjusting: Adjusting | None = None
    busy: int | None = None
    notice: Notice | None = None


@dataclass(frozen=True, slots=True)
class HealthPanel:
    report: HealthReport | None = None
    loading: int | None = None
    confirm_restart: bool = False
    restarting: bool = False


@dataclass(frozen=True, slots=True)
class Desk:
    identity: StaffIdentity
    tab: Tab = "printer"
    printer: PrinterPanel = PrinterPanel()
    reprint: ReprintPanel = ReprintPanel()
    gifts: GiftsPanel = GiftsPanel()
    health: HealthPanel = HealthPanel()
    token: str = field(default="", repr=False)
    name = "desk"


StaffScreen = Closed | Login | Desk


@dataclass(frozen=True, slots=True)
class Timeouts:
    """Seconds. ``inactivity``: the desk logs out without a touch; ``login``: the keypad closes;
    ``request``: a guard above the HTTP timeout; ``printing``: the same for print jobs (a
    reprint of every job takes a while)."""

    inactivity: float = 120.0
    login: float = 60.0
    request: float = 20.0
    printing: float = 120.0


@dataclass(frozen=True, slots=True)
class StaffState:
    screen: StaffScreen = Closed()
    last_activity: float = 0.0
    request_started: float | None = None  # when the request the screen waits for was sent
    key_on: bool = False

    @property
    def active(self) -> bool:
        return not isinstance(self.screen, Closed)


class StaffMode:
    """One kiosk's staff mode. Not thread-safe: the app drives it from the UI thread."""

    def __init__(self, timeouts: Timeouts | None = None) -> None:
        self.timeouts = timeouts or Timeouts()
        self.state = StaffState()
        self._last_request_id = 0

    @property
    def active(self) -> bool:
        return self.state.active

    @property
    def screen(self) -> StaffScreen:
        return self.state.screen

    # One branch per event, like the member session.
    def handle(self, event: StaffEvent, now: float) -> list[StaffEffect]:  # noqa: PLR0912
        screen = self.screen
        match event:
            case StaffTick():
                return self._on_tick(now)
            case KeySwitchChanged(on=on):
                self.state = replace(self.state, key_on=on)
                if on and isinstance(screen, Closed):
                    return self._open_login("key", now)
                if not on and not isinstance(screen, Closed):
                    return self._close("key_switch")
                return []
            case StaffCardScanned(payload=payload):
                return self._on_card(payload, now)
            case HiddenCornerHeld():
                if isinstance(screen, Closed):
                    return self._open_login("corner", now)
                return []
            case StaffLoginSucceeded(request_id=rid, identity=identity, token=token):
                if isinstance(screen, Login) and screen.busy == rid:
                    self._show(Desk(identity=identity, token=token), now)
                    self.state = replace(self.state, request_started=None)
                    return self._load_tab("printer", now)
                return []
            case StaffLoginFailed(request_id=rid):
                if not isinstance(screen, Login) or screen.busy != rid:
                    return []
                self.state = replace(self.state, request_started=None)
                self._show(
                    Login(
                        via=screen.via,
                        stage="pin",
                        staff_no=screen.staff_no,
                        has_card=screen.has_card,
                        card=screen.card,
                        problem=event.problem,
                        attempts_left=event.attempts_left,
                        locked_until=event.locked_until,
                    ),
                    now,
                )
                return []
            case StaffAnswered() | StaffFailed():
                return self._on_answer(event, now)
        if isinstance(screen, Closed):
            return []
        # Everything below is a touch on a staff screen: it keeps staff mode alive.
        self.state = replace(self.state, last_activity=now)
        if isinstance(screen, Login):
            return self._on_login_touch(screen, event, now)
        return self._on_desk_touch(screen, event, now)

    # --- getting in -----------------------------------------------------------------------------

    def _open_login(self, via: EntryVia, now: float, card: str = "") -> list[StaffEffect]:
        stage: Literal["staff_no", "pin"] = "pin" if card else "staff_no"
        self._show(Login(via=via, stage=stage, has_card=bool(card), card=card), now)
        return [StaffModeChanged(active=True)]

    def _on_card(self, payload: str, now: float) -> list[StaffEffect]:
        screen = self.screen
        if not payload:
            return []
        if isinstance(screen, Closed):
            return self._open_login("card", now, card=payload)
        if isinstance(screen, Login) and screen.busy is None:
            # A card scanned on the keypad (opened by key or corner) replaces a typed number.
            self._show(Login(via=screen.via, stage="pin", has_card=True, card=payload), now)
        return []  # on the desk a card changes nothing: log out first to change who is in

    def _on_login_touch(  # noqa: PLR0912 - one branch per keypad key
        self, screen: Login, event: StaffEvent, now: float
    ) -> list[StaffEffect]:
        if screen.busy is not None:
            return []  # the API is checking: the keypad waits
        match event:
            case StaffCancel():
                return self._close(None)
            case KeypadDigit(digit=digit) if len(digit) == 1 and digit in "0123456789":
                if screen.stage == "staff_no":
                    if len(screen.staff_no) < STAFF_NO_MAX:
                        self._show(replace(screen, staff_no=screen.staff_no + digit), now)
                elif len(screen.pin) < PIN_MAX:
                    pin = screen.pin + digit
                    # Typing again clears the last refusal (but not the lock: the API decides).
                    self._show(
                        replace(screen, pin=pin, pin_length=len(pin), problem=_keep_lock(screen)),
                        now,
                    )
            case KeypadDelete():
                if screen.stage == "pin" and screen.pin:
                    pin = screen.pin[:-1]
                    self._show(replace(screen, pin=pin, pin_length=len(pin)), now)
                elif screen.stage == "pin" and not screen.has_card:
                    self._show(replace(screen, stage="staff_no"), now)  # back to the number
                elif screen.stage == "staff_no" and screen.staff_no:
                    self._show(replace(screen, staff_no=screen.staff_no[:-1]), now)
            case KeypadSubmit():
                if screen.stage == "staff_no":
                    if screen.staff_no:
                        self._show(replace(screen, stage="pin", problem=None), now)
                    return []
                if not PIN_MIN <= len(screen.pin) <= PIN_MAX:
                    return []
                rid = self._request(now)
                pin = screen.pin
                # The PIN leaves the state as it leaves the kiosk.
                self._show(replace(screen, pin="", pin_length=0, busy=rid, problem=None), now)
                card = screen.card if screen.has_card else None
                staff_no = None if screen.has_card else screen.staff_no
                return [StaffLogin(rid, card=card, staff_no=staff_no, pin=pin)]
        return []

    # --- the desk -------------------------------------------------------------------------------

    def _on_desk_touch(  # noqa: PLR0912 - one branch per button
        self, desk: Desk, event: StaffEvent, now: float
    ) -> list[StaffEffect]:
        match event:
            case StaffDone():
                if desk.health.restarting:
                    return []
                return self._close("done")
            case TabChosen(tab=tab) if tab in TABS:
                self._show(replace(desk, tab=tab), now)
                return self._load_tab(tab, now)
            case RefreshPressed():
                return self._load_tab(desk.tab, now)
            case PaperReplacedPressed() if desk.tab == "printer" and desk.printer.busy is None:
                rid = self._request(now)
                self._show(replace(desk, printer=replace(desk.printer, busy=rid, notice=None)))
                return [MarkPaperReplaced(rid, desk.token)]
            case PrintTestPressed() if desk.tab == "printer" and desk.printer.busy is None:
                rid = self._request(now)
                self._show(replace(desk, printer=replace(desk.printer, busy=rid, notice=None)))
                return [PrintTestPage(rid, desk.token)]
            case ReprintPressed() | ReprintAllPressed() as pressed:
                return self._reprint(desk, pressed, now)
            case GiftChosen() | ReasonChosen() | KeypadDigit() | KeypadDelete() | AdjustSubmit():
                return self._on_gifts(desk, event, now)
            case StaffCancel():
                if desk.gifts.adjusting is not None:
                    self._show(replace(desk, gifts=replace(desk.gifts, adjusting=None)))
                elif desk.health.confirm_restart:
                    self._show(replace(desk, health=replace(desk.health, confirm_restart=False)))
            case RestartPressed() if desk.tab == "health" and not desk.health.restarting:
                self._show(replace(desk, health=replace(desk.health, confirm_restart=True)))
            case RestartConfirmed() if desk.health.confirm_restart:
                self._show(
                    replace(
                        desk,
                        health=replace(desk.health, confirm_restart=False, restarting=True),
                    )
                )
                return [RestartApp(desk.token)]
        return []

    def _reprint(
        self, desk: Desk, pressed: ReprintPressed | ReprintAllPressed, now: float
    ) -> list[StaffEffect]:
        panel = desk.reprint
        if desk.tab != "reprint" or panel.busy is not None or not panel.jobs:
            return []
        known = tuple(job.job_id for job in panel.jobs)
        if isinstance(pressed, ReprintPressed):
            if pressed.job_id not in known:
                return []
            ids: tuple[int, ...] = (pressed.job_id,)
        else:
            ids = known
        rid = self._request(now)
        self._show(replace(desk, reprint=replace(panel, busy=rid, printing=ids, notice=None)))
        return [Reprint(rid, desk.token, ids)]

    def _on_gifts(self, desk: Desk, event: StaffEvent, now: float) -> list[StaffEffect]:
        panel = desk.gifts
        if desk.tab != "gifts" or panel.busy is not None:
            return []
        adjusting = panel.adjusting
        match event:
            case GiftChosen(code=code, mode=mode) if panel.gifts is not None:
                gift = next((g for g in panel.gifts if g.code == code), None)
                if gift is not None and mode in ("add", "set"):
                    reason = "delivery" if mode == "add" else ""
                    chosen = Adjusting(gift=gift, mode=mode, reason=reason)
                    self._show(replace(desk, gifts=replace(panel, adjusting=chosen, notice=None)))
            case ReasonChosen(reason=reason) if adjusting is not None:
                allowed = ADD_REASONS if adjusting.mode == "add" else SET_REASONS
                if reason in allowed:
                    self._set_adjusting(desk, replace(adjusting, reason=reason))
            case KeypadDigit(digit=digit) if adjusting is not None:
                if len(digit) == 1 and digit in "0123456789":
                    amount = (adjusting.amount + digit).lstrip("0") or "0"
                    if int(amount) <= QUANTITY_MAX:
                        self._set_adjusting(desk, replace(adjusting, amount=amount))
            case KeypadDelete() if adjusting is not None:
                self._set_adjusting(desk, replace(adjusting, amount=adjusting.amount[:-1]))
            case AdjustSubmit() if adjusting is not None and can_submit(adjusting):
                rid = self._request(now)
                self._show(replace(desk, gifts=replace(panel, busy=rid, notice=None)))
                return [
                    AdjustStock(
                        rid,
                        desk.token,
                        adjusting.gift.code,
                        adjusting.mode,
                        int(adjusting.amount),
                        adjusting.reason,
                    )
                ]
        return []

    def _set_adjusting(self, desk: Desk, adjusting: Adjusting) -> None:
        self._show(replace(desk, gifts=replace(desk.gifts, adjusting=adjusting)))

    def _load_tab(self, tab: Tab, now: float) -> list[StaffEffect]:
        desk = self.screen
        assert isinstance(desk, Desk)
        if _busy(desk, tab):
            return []  # a change under way reloads when it is done
        rid = self._request(now)
        if tab == "printer":
            self._show(replace(desk, printer=replace(desk.printer, loading=rid)))
            return [LoadPrinterInfo(rid)]
        if tab == "reprint":
            self._show(replace(desk, reprint=replace(desk.reprint, loading=rid)))
            return [LoadReprintJobs(rid)]
        if tab == "gifts":
            self._show(replace(desk, gifts=replace(desk.gifts, loading=rid, adjusting=None)))
            return [LoadGifts(rid, desk.token)]
        self._show(replace(desk, health=replace(desk.health, loading=rid)))
        return [LoadHealth(rid)]

    # --- answers --------------------------------------------------------------------------------

    def _on_answer(self, event: StaffAnswered | StaffFailed, now: float) -> list[StaffEffect]:
        desk = self.screen
        if not isinstance(desk, Desk):
            return []
        rid = event.request_id
        if rid not in _waiting(desk):
            return []  # staff left, or asked again since: only the newest request counts
        if isinstance(event, StaffFailed) and event.problem is StaffProblem.SESSION_EXPIRED:
            return self._close(None)  # the API ended the staff session
        if isinstance(event, StaffFailed):
            params = (("reason", event.reason),) if event.reason else ()
            answer: StaffResult | Notice = Notice(
                f"staff.problem.{event.problem.value}", False, params
            )
        else:
            answer = event.result
        effects: list[StaffEffect] = []
        if rid in (desk.printer.loading, desk.printer.busy):
            desk = replace(desk, printer=self._printer_answer(desk.printer, rid, answer, effects))
        elif rid in (desk.reprint.loading, desk.reprint.busy):
            desk = replace(desk, reprint=self._reprint_answer(desk.reprint, rid, answer, effects))
        elif rid in (desk.gifts.loading, desk.gifts.busy):
            desk = replace(desk, gifts=_gifts_answer(desk.gifts, rid, answer))
        else:
            report = answer if isinstance(answer, HealthReport) else desk.health.report
            desk = replace(desk, health=replace(desk.health, report=report, loading=None))
        self._show(desk)
        if not _waiting(desk):
            self.state = replace(self.state, request_started=None)
        elif effects:
            self.state = replace(self.state, request_started=now)
        return effects

    def _printer_answer(
        self,
        panel: PrinterPanel,
        rid: int,
        answer: StaffResult | Notice,
        effects: list[StaffEffect],
    ) -> PrinterPanel:
        if rid == panel.loading:
            if isinstance(answer, PrinterInfo):
                return replace(panel, info=answer, loading=None)
            notice = answer if isinstance(answer, Notice) else panel.notice
            return replace(panel, loading=None, notice=notice)
        # The answer to "paper replaced" (a fresh PrinterInfo) or to a test print.
        if isinstance(answer, PrinterInfo):
            return replace(
                panel, info=answer, busy=None, notice=Notice("staff.printer.restocked", True)
            )
        if isinstance(answer, PrintTestResult):
            key = "staff.printer.test_printed" if answer.printed else "staff.printer.test_failed"
            params = (("reason", answer.reason),) if answer.reason else ()
            reload = LoadPrinterInfo(self._next_id())
            effects.append(reload)  # the test used paper: show the new estimate
            return replace(
                panel,
                busy=None,
                loading=reload.request_id,
                notice=Notice(key, answer.printed, params),
            )
        notice = answer if isinstance(answer, Notice) else None
        return replace(panel, busy=None, notice=notice)

    def _reprint_answer(
        self,
        panel: ReprintPanel,
        rid: int,
        answer: StaffResult | Notice,
        effects: list[StaffEffect],
    ) -> ReprintPanel:
        if rid == panel.loading:
            if isinstance(answer, Notice):
                return replace(panel, loading=None, notice=answer)
            jobs = (
                tuple(j for j in answer if isinstance(j, ReprintJob))
                if isinstance(answer, tuple)
                else panel.jobs
            )
            return replace(panel, jobs=jobs, loading=None)
        if isinstance(answer, Notice):
            notice = answer
        else:
            outcomes = (
                [o for o in answer if isinstance(o, ReprintOutcome)]
                if isinstance(answer, tuple)
                else []
            )
            printed = sum(1 for o in outcomes if o.printed)
            failed = len(outcomes) - printed
            notice = Notice(
                "staff.reprint.done" if not failed else "staff.reprint.some_failed",
                not failed,
                (("printed", str(printed)), ("failed", str(failed))),
            )
        # Printed or not, the list changed (or may have): read it again from the journal.
        reload = LoadReprintJobs(self._next_id())
        effects.append(reload)
        return replace(panel, busy=None, printing=(), loading=reload.request_id, notice=notice)

    # --- time -----------------------------------------------------------------------------------

    def _on_tick(self, now: float) -> list[StaffEffect]:
        screen = self.screen
        t = self.timeouts
        started = self.state.request_started
        if isinstance(screen, Closed):
            return []
        waiting = _waiting(screen)
        if waiting and started is not None:
            limit = t.printing if _printing(screen) else t.request
            if now - started >= limit:
                # An answer that never came: say so, never leave a spinner forever.
                if isinstance(screen, Login):
                    self._show(replace(screen, busy=None, problem=StaffProblem.OFFLINE), now)
                    self.state = replace(self.state, request_started=None)
                    return []
                effects: list[StaffEffect] = []
                for rid in waiting:
                    effects += self._on_answer(StaffFailed(rid, StaffProblem.OFFLINE), now)
                return effects
            return []  # no inactivity timeout while an answer is awaited
        idle = now - self.state.last_activity
        if isinstance(screen, Login) and idle >= t.login:
            return self._close(None)
        if isinstance(screen, Desk) and idle >= t.inactivity and not screen.health.restarting:
            return self._close("inactivity")
        return []

    # --- helpers --------------------------------------------------------------------------------

    def _close(self, why: Literal["done", "inactivity", "key_switch"] | None) -> list[StaffEffect]:
        screen = self.screen
        effects: list[StaffEffect] = []
        if isinstance(screen, Desk) and why is not None:  # None: the API already ended it
            effects.append(StaffLogout(screen.token, why))
        self.state = StaffState(key_on=self.state.key_on)  # wipes the PIN, token, everything
        effects.append(StaffModeChanged(active=False))
        return effects

    def _request(self, now: float) -> int:
        self.state = replace(self.state, request_started=now)
        return self._next_id()

    def _next_id(self) -> int:
        self._last_request_id += 1
        return self._last_request_id

    def _show(self, screen: StaffScreen, now: float | None = None) -> None:
        self.state = replace(self.state, screen=screen)
        if now is not None:
            self.state = replace(self.state, last_activity=now)


def _gifts_answer(panel: GiftsPanel, rid: int, answer: StaffResult | Notice) -> GiftsPanel:
    if rid == panel.loading:
        if isinstance(answer, tuple):
            gifts = tuple(g for g in answer if isinstance(g, GiftStock))
            return replace(panel, gifts=gifts, loading=None)
        notice = answer if isinstance(answer, Notice) else panel.notice
        return replace(panel, loading=None, notice=notice)
    if isinstance(answer, GiftStock):
        # The API's new count, shown at once (the wheel reads the same stock from the API).
        gifts = tuple(answer if g.code == answer.code else g for g in panel.gifts or ())
        notice = Notice("staff.gifts.saved", True, (("count", str(answer.quantity)),))
        return replace(panel, gifts=gifts, busy=None, adjusting=None, notice=notice)
    # Refused: the panel stays open with the number typed, and says why.
    return replace(panel, busy=None, notice=answer if isinstance(answer, Notice) else None)


def can_submit(adjusting: Adjusting) -> bool:
    """The adjust panel's save button: a number (>= 1 to add) and a reason."""
    if not adjusting.amount or not adjusting.reason:
        return False
    amount = int(adjusting.amount)
    return amount >= 1 if adjusting.mode == "add" else amount >= 0


def can_submit_login(screen: Login) -> bool:
    """The keypad's OK button."""
    if screen.busy is not None:
        return False
    if screen.stage == "staff_no":
        return bool(screen.staff_no)
    return PIN_MIN <= screen.pin_length <= PIN_MAX


def _keep_lock(screen: Login) -> StaffProblem | None:
    return screen.problem if screen.problem is StaffProblem.LOCKED else None


def _waiting(screen: StaffScreen) -> tuple[int, ...]:
    """The request ids the screen waits for."""
    if isinstance(screen, Login):
        return (screen.busy,) if screen.busy is not None else ()
    if isinstance(screen, Desk):
        ids = (
            screen.printer.loading,
            screen.printer.busy,
            screen.reprint.loading,
            screen.reprint.busy,
            screen.gifts.loading,
            screen.gifts.busy,
            screen.health.loading,
        )
        return tuple(i for i in ids if i is not None)
    return ()


def _printing(screen: StaffScreen) -> bool:
    return isinstance(screen, Desk) and (
        screen.printer.busy is not None or screen.reprint.busy is not None
    )


def _busy(desk: Desk, tab: Tab) -> bool:
    panel = getattr(desk, tab)
    return getattr(panel, "busy", None) is not None or panel.loading is not None
