"""The session's state: the screens a member sees, the visit, the printer, the timeouts."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from kiosk.core.events import Problem
from kiosk.core.models import (
    Identified,
    IssuedVoucher,
    MemberSummary,
    RewardItem,
)
from kiosk.core.wheel import SpinOffer, SpinResult, Wheel


@dataclass(frozen=True, slots=True)
class Notice:
    """A one-line result on a member screen: ``key`` is a message key, ``params`` fill it."""

    key: str
    ok: bool
    params: tuple[tuple[str, str], ...] = ()

    @classmethod
    def problem(cls, problem: Problem, params: tuple[tuple[str, str], ...] = ()) -> Notice:
        return cls(f"problem.{problem.value}", ok=False, params=params)


# --- screens ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Idle:
    name = "idle"


@dataclass(frozen=True, slots=True)
class Identifying:
    request_id: int
    since: float
    # The code being looked up (never shown, never logged): see Visit.source.
    source: str = field(default="", repr=False, compare=False)
    seen_at: float | None = field(default=None, compare=False)
    name = "identifying"


@dataclass(frozen=True, slots=True)
class ErrorScreen:
    problem: Problem
    since: float
    name = "error"


@dataclass(frozen=True, slots=True)
class MemberScreen:
    notice: Notice | None = None
    busy: int | None = None  # the request id of a check-in or receipt claim under way
    name = "member"


@dataclass(frozen=True, slots=True)
class RewardsScreen:
    items: tuple[RewardItem, ...] | None = None  # None while loading
    loading: int | None = None
    notice: Notice | None = None
    name = "rewards"


@dataclass(frozen=True, slots=True)
class ConfirmScreen:
    item: RewardItem
    items: tuple[RewardItem, ...]  # to go back to the list without asking again
    busy: int | None = None
    notice: Notice | None = None
    name = "confirm"


@dataclass(frozen=True, slots=True)
class PinScreen:
    """A card visit about to spend: the member's PIN unlocks spending. ``item`` is the reward
    being confirmed, or None when the member came from the wheel."""

    item: RewardItem | None
    items: tuple[RewardItem, ...]
    digits: str = field(default="", repr=False)
    busy: int | None = None
    notice: Notice | None = None
    name = "pin"


PIN_LENGTHS = range(4, 7)  # 4 to 6 digits


@dataclass(frozen=True, slots=True)
class WheelScreen:
    wheel: Wheel | None = None  # None while loading
    loading: int | None = None
    spinning: int | None = None  # a spin request under way: the wheel does not turn yet
    # A draw whose answer was lost: the next press sends the same draw id, so it can only ever
    # get the same draw (never a second spin charged).
    retry_draw: str | None = None
    result: SpinResult | None = None  # the last answer: the UI animates to it
    printing: int | None = None
    printed: bool | None = None
    notice: Notice | None = None
    name = "wheel"

    @property
    def offer(self) -> SpinOffer | None:
        if self.result is not None:
            return self.result.offer
        return self.wheel.offer if self.wheel is not None else None


@dataclass(frozen=True, slots=True)
class OddsScreen:
    back_to: WheelScreen
    name = "odds"


@dataclass(frozen=True, slots=True)
class VoucherScreen:
    voucher: IssuedVoucher
    printing: int | None  # the print request under way
    printed: bool | None = None  # None: not finished; False: saved for staff to print
    name = "voucher"


Screen = (
    Idle
    | Identifying
    | ErrorScreen
    | MemberScreen
    | RewardsScreen
    | ConfirmScreen
    | PinScreen
    | VoucherScreen
    | WheelScreen
    | OddsScreen
)


@dataclass(frozen=True, slots=True)
class Visit:
    """The identified member and the last time they touched the screen."""

    identified: Identified
    last_activity: float
    # The code or card that opened the visit. The scanner reports a code again once it was out
    # of sight for a moment; the member's own code seen again must not start a second lookup
    # (a rotating code would then be refused as a replay).
    source: str = field(default="", repr=False, compare=False)
    # When the frame that opened the visit was delivered (see Scanned.seen_at).
    seen_at: float | None = field(default=None, compare=False)

    @property
    def member(self) -> MemberSummary:
        return self.identified.member

    def with_member(self, member: MemberSummary) -> Visit:
        return replace(self, identified=replace(self.identified, member=member))


@dataclass(frozen=True, slots=True)
class Printer:
    can_print: bool = True
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Timeouts:
    """Seconds. ``inactivity``: a member screen back to idle with no touch (privacy on a public
    screen). ``error``: how long an error stays up. ``request``: a guard above the HTTP client's
    own timeout, so a lost answer can never leave the kiosk stuck waiting."""

    inactivity: float = 30.0
    error: float = 8.0
    request: float = 15.0


@dataclass(frozen=True, slots=True)
class SessionState:
    screen: Screen
    language: str
    visit: Visit | None = None
    printer: Printer = field(default_factory=Printer)
    request_started: float | None = None  # when the request the screen waits for was sent


# --- questions about a screen (the machine asks them) ---------------------------------------------


def waiting_for(screen: Screen) -> int | None:
    """The request id the screen waits for, if any."""
    match screen:
        case Identifying(request_id=rid):
            return rid
        case MemberScreen(busy=rid) | ConfirmScreen(busy=rid) | PinScreen(busy=rid):
            return rid
        case RewardsScreen(loading=rid):
            return rid
        case VoucherScreen(printing=rid):
            return rid
        case WheelScreen(loading=loading, spinning=spinning, printing=printing):
            return loading or spinning or printing
    return None


def scans_wanted(screen: Screen) -> bool:
    """Whether a scan could do anything on this screen (see ``Session.handle``)."""
    return not isinstance(screen, Identifying | WheelScreen | OddsScreen)
