"""What happens to staff mode: presses, scans, the key switch, and the app's answers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kiosk.core.staff.models import (
    AdjustMode,
    StaffIdentity,
    StaffProblem,
    StaffResult,
    Tab,
)

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
