"""Staff mode's screens and state: closed, the login keypad, the desk and its four panels."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Literal

from kiosk.core.staff.models import (
    PIN_MAX,
    PIN_MIN,
    AdjustMode,
    EntryVia,
    GiftStock,
    HealthReport,
    PrinterInfo,
    ReprintJob,
    StaffIdentity,
    StaffProblem,
    StaffResult,
    Tab,
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


# --- questions about a state (the machine and the screens ask them) ---------------------------


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


def kept_lock(screen: Login) -> StaffProblem | None:
    """A lock the API reported stays on the keypad while it is typed on again."""
    return screen.problem if screen.problem is StaffProblem.LOCKED else None


def waiting_for(screen: StaffScreen) -> tuple[int, ...]:
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


def is_printing(screen: StaffScreen) -> bool:
    """A test page or a reprint is on its way (a longer guard than other requests)."""
    return isinstance(screen, Desk) and (
        screen.printer.busy is not None or screen.reprint.busy is not None
    )


def tab_busy(desk: Desk, tab: Tab) -> bool:
    """The tab waits for a load or an action."""
    panel = getattr(desk, tab)
    return getattr(panel, "busy", None) is not None or panel.loading is not None


def gifts_answered(panel: GiftsPanel, rid: int, answer: StaffResult | Notice) -> GiftsPanel:
    """The gifts panel after an answer to its load (a list) or to an adjustment (one gift)."""
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
