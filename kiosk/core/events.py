"""Inputs to the session state machine (events) and what it asks the outside world to do (effects).

Events come from the UI (touches), drivers (scans) and the API client (answers); all are plain
data so the state machine can be tested by feeding them in with a chosen ``now``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kiosk.core.models import Identified


class Problem(StrEnum):
    """Why the kiosk shows its error screen. The value is the translation key suffix."""

    UNRECOGNISED = "unrecognised"  # the code is not one we read
    MEMBER_NOT_FOUND = "member_not_found"
    CODE_EXPIRED = "code_expired"
    CODE_REPLAYED = "code_replayed"
    MEMBER_BLOCKED = "member_blocked"
    RATE_LIMITED = "rate_limited"
    OFFLINE = "offline"  # the API cannot be reached
    SERVER_ERROR = "server_error"  # the API answered with a failure we did not expect
    SCAN_MEMBER_FIRST = "scan_member_first"  # a receipt or voucher before identifying
    STAFF_CARD = "staff_card"  # staff cards open staff mode, not a member session


# --- events -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Scanned:
    """A payload classified by ``kiosk.core.payloads.classify``."""

    payload: object


@dataclass(frozen=True, slots=True)
class IdentifySucceeded:
    request_id: int
    result: Identified


@dataclass(frozen=True, slots=True)
class IdentifyFailed:
    request_id: int
    problem: Problem


@dataclass(frozen=True, slots=True)
class Touched:
    """Any touch on the screen: keeps a member session alive."""


@dataclass(frozen=True, slots=True)
class DonePressed:
    """The member (or the error screen's button) ends the visit."""


@dataclass(frozen=True, slots=True)
class LanguageChosen:
    language: str


@dataclass(frozen=True, slots=True)
class Tick:
    """Time passes: drives timeouts. Sent by the UI clock a few times a second."""


Event = Scanned | IdentifySucceeded | IdentifyFailed | Touched | DonePressed | LanguageChosen | Tick


# --- effects ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Identify:
    """Ask the API who this is. The answer comes back as IdentifySucceeded/IdentifyFailed."""

    request_id: int
    payload: object


@dataclass(frozen=True, slots=True)
class Feedback:
    """Beep and flash: ``ok`` for a code we accepted, otherwise the 'not recognised' tone."""

    ok: bool


@dataclass(frozen=True, slots=True)
class SetScanning:
    """Scanning costs CPU: pause it while the kiosk cannot use a scan."""

    enabled: bool


Effect = Identify | Feedback | SetScanning
