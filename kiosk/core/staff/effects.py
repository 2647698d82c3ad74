"""What staff mode asks the app to do (plain data): log in, print, load lists, restart."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from kiosk.core.staff.models import AdjustMode

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
