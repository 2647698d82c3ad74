"""Inputs to the session state machine (events) and what it asks the outside world to do (effects).

Events come from the UI (touches), drivers (scans, printer state) and the API client (answers);
all are plain data so the state machine can be tested by feeding them in with a chosen ``now``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from kiosk.core.models import (
    CheckinResult,
    Identified,
    IssuedVoucher,
    MemberSession,
    ReceiptResult,
    Redeemed,
    RewardItem,
    Spun,
)
from kiosk.core.wheel import SpinResult, Wheel


class Problem(StrEnum):
    """Why something did not work. The value is the translation key suffix (``problem.*``)."""

    # Identifying (shown on the error screen).
    UNRECOGNISED = "unrecognised"  # the code is not one we read
    MEMBER_NOT_FOUND = "member_not_found"
    CODE_EXPIRED = "code_expired"
    CODE_REPLAYED = "code_replayed"
    MEMBER_BLOCKED = "member_blocked"
    RATE_LIMITED = "rate_limited"
    SCAN_MEMBER_FIRST = "scan_member_first"  # a receipt or voucher before identifying
    STAFF_CARD = "staff_card"  # staff cards open staff mode, not a member session
    # Anything that talks to the API.
    OFFLINE = "offline"  # the API cannot be reached
    SERVER_ERROR = "server_error"  # the API answered with a failure we did not expect
    SESSION_EXPIRED = "session_expired"  # the member's visit timed out on the server
    # Member actions (shown as a notice on the member's screen).
    ALREADY_CHECKED_IN = "already_checked_in"
    RECEIPT_CLAIMED = "receipt_claimed"
    RECEIPT_INVALID = "receipt_invalid"
    RECEIPT_EXPIRED = "receipt_expired"
    INSUFFICIENT_POINTS = "insufficient_points"
    OUT_OF_STOCK = "out_of_stock"
    LIMIT_REACHED = "limit_reached"
    ITEM_UNAVAILABLE = "item_unavailable"
    SPEND_NEEDS_CODE = "spend_needs_code"  # identified by card: spending needs the phone code
    PIN_INCORRECT = "pin_incorrect"  # params: attempts_left
    PIN_LOCKED = "pin_locked"  # params: minutes
    PIN_NOT_SET = "pin_not_set"
    # The wheel.
    SPIN_LIMIT_REACHED = "spin_limit_reached"
    WHEEL_CHANGED = "wheel_changed"  # the odds changed under the member: shown again, press again
    WHEEL_UNAVAILABLE = "wheel_unavailable"  # no wheel here, or an answer the kiosk cannot show
    PAPER_OUT = "paper_out"  # nothing that prints is sold while the printer cannot print


# --- events -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Scanned:
    """A payload classified by ``kiosk.core.payloads.classify``.

    ``seen_at``: when the camera frame holding it was delivered (monotonic seconds), for the
    scan-to-screen time; None for card swipes and other sources.
    """

    payload: object
    seen_at: float | None = None


@dataclass(frozen=True, slots=True)
class IdentifySucceeded:
    request_id: int
    result: Identified


@dataclass(frozen=True, slots=True)
class IdentifyFailed:
    request_id: int
    problem: Problem


ActionResult = (
    CheckinResult | ReceiptResult | tuple[RewardItem, ...] | Redeemed | MemberSession | Wheel | Spun
)


@dataclass(frozen=True, slots=True)
class ActionSucceeded:
    """The API's answer to a member action (check-in, receipt, rewards list, redeem)."""

    request_id: int
    result: ActionResult


@dataclass(frozen=True, slots=True)
class ActionFailed:
    request_id: int
    problem: Problem
    # Values for the message, e.g. (("attempts_left", "2"),) for a wrong PIN.
    params: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class PrintFinished:
    """``printed``: out of the printer. Otherwise it is saved in the journal for staff."""

    request_id: int
    printed: bool


@dataclass(frozen=True, slots=True)
class PrinterChanged:
    """The printer's combined paper/online state, polled by the app."""

    can_print: bool
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Touched:
    """Any touch on the screen: keeps a member's visit alive."""


@dataclass(frozen=True, slots=True)
class DonePressed:
    """The member ends the visit (or dismisses the error screen)."""


@dataclass(frozen=True, slots=True)
class BackPressed:
    """Back to the member screen from rewards, a confirmation or a voucher."""


@dataclass(frozen=True, slots=True)
class CheckInPressed:
    pass


@dataclass(frozen=True, slots=True)
class RewardsPressed:
    pass


@dataclass(frozen=True, slots=True)
class RewardChosen:
    code: str


@dataclass(frozen=True, slots=True)
class ConfirmPressed:
    pass


@dataclass(frozen=True, slots=True)
class WheelPressed:
    pass


@dataclass(frozen=True, slots=True)
class SpinPressed:
    pass


@dataclass(frozen=True, slots=True)
class OddsPressed:
    pass


@dataclass(frozen=True, slots=True)
class PinDigit:
    digit: str


@dataclass(frozen=True, slots=True)
class PinErase:
    pass


@dataclass(frozen=True, slots=True)
class PinSubmitted:
    pass


@dataclass(frozen=True, slots=True)
class LanguageChosen:
    language: str


@dataclass(frozen=True, slots=True)
class Tick:
    """Time passes: drives timeouts. Sent by the UI clock a few times a second."""


Event = (
    Scanned
    | IdentifySucceeded
    | IdentifyFailed
    | ActionSucceeded
    | ActionFailed
    | PrintFinished
    | PrinterChanged
    | Touched
    | DonePressed
    | BackPressed
    | CheckInPressed
    | RewardsPressed
    | RewardChosen
    | ConfirmPressed
    | WheelPressed
    | SpinPressed
    | OddsPressed
    | PinDigit
    | PinErase
    | PinSubmitted
    | LanguageChosen
    | Tick
)


# --- effects ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Identify:
    """Ask the API who this is. The answer comes back as IdentifySucceeded/IdentifyFailed."""

    request_id: int
    payload: object


@dataclass(frozen=True, slots=True)
class CheckIn:
    request_id: int
    session_token: str


@dataclass(frozen=True, slots=True)
class ClaimReceipt:
    request_id: int
    session_token: str
    receipt: str


@dataclass(frozen=True, slots=True)
class LoadRewards:
    request_id: int
    session_token: str


@dataclass(frozen=True, slots=True)
class Redeem:
    """Spend points. The app checks the paper again just before it calls the API."""

    request_id: int
    session_token: str
    item_code: str


@dataclass(frozen=True, slots=True)
class LoadWheel:
    request_id: int
    session_token: str


@dataclass(frozen=True, slots=True)
class Spin:
    """One spin. ``draw_id`` is made before the first attempt and reused for a retry after a
    lost answer (it is also the idempotency key's basis), so a retry can only get the same draw."""

    request_id: int
    session_token: str
    draw_id: str
    wheel: Wheel
    cost_points: int


@dataclass(frozen=True, slots=True)
class PrintPrize:
    """A wheel prize's slip (voucher or gift claim), with the draw id and the seed hash."""

    request_id: int
    result: SpinResult
    member_no_masked: str
    language: str


@dataclass(frozen=True, slots=True)
class VerifyPin:
    """Card visits: the member's PIN unlocks spending. Sent to the API, never kept."""

    request_id: int
    session_token: str
    pin: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class PrintVoucher:
    """Journal, then print. The answer comes back as PrintFinished."""

    request_id: int
    voucher: IssuedVoucher
    member_no_masked: str
    language: str


@dataclass(frozen=True, slots=True)
class Feedback:
    """Beep and flash: ``ok`` for a code we accepted, otherwise the 'not recognised' tone."""

    ok: bool


@dataclass(frozen=True, slots=True)
class SetScanning:
    """Scanning costs CPU: pause it while the kiosk cannot use a scan."""

    enabled: bool


Effect = (
    Identify
    | CheckIn
    | ClaimReceipt
    | LoadRewards
    | Redeem
    | VerifyPin
    | LoadWheel
    | Spin
    | PrintVoucher
    | PrintPrize
    | Feedback
    | SetScanning
)
