"""What the controller asks of the world: small protocols the app fills in, and the event and
reachability records that cross threads. No I/O here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from kiosk.core.alerts import KioskEvent
from kiosk.core.events import Event, PrintPrize, PrintVoucher
from kiosk.core.staff import StaffEffect, StaffEvent


@dataclass(frozen=True, slots=True)
class GpioInput:
    """An edge on one of the kiosk's GPIO inputs (paper_low, door_open, staff_key, help)."""

    name: str
    active: bool


class StaffEffects(Protocol):
    def carry_out(self, effect: StaffEffect) -> None: ...


class KioskPorts(Protocol):
    """What the controller asks of the rest of the kiosk, beyond the session's own effects."""

    def report(self, events: list[KioskEvent]) -> None:
        """Send kiosk events (paper, door, help...) to the API, off the UI thread."""
        ...

    def check_paper(self) -> None:
        """Ask the printer about its paper now (a paper-low edge), off the UI thread."""
        ...

    def set_led(self, status: str) -> None: ...


QueuedEvent = Event | StaffEvent | GpioInput


class ScanControl(Protocol):
    def pause(self) -> None: ...
    def resume(self) -> None: ...


class FeedbackDevice(Protocol):
    def feedback_ok(self) -> None: ...
    def feedback_error(self) -> None: ...


class VoucherPrinter(Protocol):
    """Journal-then-print, as the printing service does it."""

    def can_print(self) -> bool:
        """Paper and printer ready now (asked again right before taking points)."""
        ...

    def print_voucher(self, request: PrintVoucher) -> bool:
        """True when it came out of the printer; False when it is saved for staff."""
        ...

    def print_prize(self, request: PrintPrize) -> bool:
        """A wheel prize's slip, with the draw id and the seed hash. As print_voucher."""
        ...


@dataclass
class ApiReachability:
    """What the kiosk last learned about the API, from probes and from real calls."""

    reachable: bool | None = None  # None: not known yet
    latency_ms: float | None = None
    checked_at: float | None = None  # monotonic seconds
    error: str = ""
