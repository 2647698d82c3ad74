"""Staff mode's words and results: limits, tabs, problems and what the app reports back."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
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


StaffResult = (
    PrinterInfo
    | tuple[ReprintJob, ...]
    | tuple[GiftStock, ...]
    | GiftStock
    | HealthReport
    | PrintTestResult
    | tuple[ReprintOutcome, ...]
)
