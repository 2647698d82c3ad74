"""What the kiosk reports to the API about itself (``POST /v1/kiosk/events``, docs/staff-api.md)
and what its status LED shows, decided from the states the app already has. Pure: no I/O.

``AlertTracker`` turns changes (the printer's paper state, the door and help inputs, a gift's
stock) into raise / clear events, once per change: a paper state polled every few seconds does
not send an event every few seconds, and a help button pressed five times in a row calls staff
once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

EventKind = Literal["paper_low", "paper_out", "door_open", "help_pressed", "gift_stock_low"]
EventState = Literal["raised", "cleared"]
LedStatus = Literal["ready", "busy", "attention", "out_of_service"]

#: ``PaperState.reason`` words (drivers/printer/paper.py) by the alert they raise.
LOW_REASONS = frozenset({"paper_low_switch", "paper_near_end", "paper_estimate_low"})
OUT_REASONS = frozenset({"paper_out", "printer_offline", "printer_not_responding"})


@dataclass(frozen=True, slots=True)
class KioskEvent:
    """One event for the API. ``detail`` as the API wants it; the app adds ``occurred_at``."""

    kind: EventKind
    state: EventState
    detail: tuple[tuple[str, str | int], ...] = ()

    def body(self, occurred_at: str) -> dict[str, Any]:
        """The request body, with the kiosk's clock time (RFC 3339) of the change."""
        return {
            "kind": self.kind,
            "state": self.state,
            "occurred_at": occurred_at,
            "detail": dict(self.detail),
        }


@dataclass
class AlertTracker:
    """Remembers what was last reported. Not thread-safe: call it from the UI thread."""

    help_repeat_s: float = 60.0  # another press within this time is the same call for help
    paper_low: str | None = None  # the reason that raised the open alert
    paper_out: str | None = None
    door_open: bool = False
    help_at: float | None = None
    gifts_low: set[str] = field(default_factory=set)

    def paper(self, can_print: bool, reason: str) -> list[KioskEvent]:
        """The printer's combined state (``PrinterChanged``), however often it is polled."""
        events: list[KioskEvent] = []
        out = None if can_print else (reason if reason in OUT_REASONS else "printer_not_responding")
        low = reason if can_print and reason in LOW_REASONS else None
        if out is not None and self.paper_out is None:
            events.append(KioskEvent("paper_out", "raised", (("reason", out),)))
        elif out is None and self.paper_out is not None:
            events.append(KioskEvent("paper_out", "cleared", (("reason", self.paper_out),)))
        self.paper_out = out
        # "Low" stays open while the printer cannot print at all: only a state that can print
        # tells whether the roll is still low.
        if out is None:
            if low is not None and self.paper_low is None:
                events.append(KioskEvent("paper_low", "raised", (("reason", low),)))
                self.paper_low = low  # the reason that opened it, until it closes
            elif low is None and self.paper_low is not None:
                events.append(KioskEvent("paper_low", "cleared", (("reason", self.paper_low),)))
                self.paper_low = None
        return events

    def input(self, name: str, active: bool, now: float) -> list[KioskEvent]:
        """A GPIO input edge (``on_input``): the door and the help button report themselves."""
        if name == "door_open" and active != self.door_open:
            self.door_open = active
            return [KioskEvent("door_open", "raised" if active else "cleared")]
        if name == "help" and active:
            if self.help_at is not None and now - self.help_at < self.help_repeat_s:
                return []
            self.help_at = now
            return [KioskEvent("help_pressed", "raised")]
        return []

    def staff_arrived(self) -> None:
        """A staff login at this kiosk answers the help call (the API closes its alert)."""
        self.help_at = None

    def help_pending(self, now: float) -> bool:
        return self.help_at is not None and now - self.help_at < self.help_repeat_s

    def gift(self, code: str, quantity: int, low_threshold: int) -> list[KioskEvent]:
        """A gift's count as the staff screen or a spin answer showed it."""
        detail: tuple[tuple[str, str | int], ...] = (("gift_code", code), ("quantity", quantity))
        low = quantity <= low_threshold
        if low and code not in self.gifts_low:
            self.gifts_low.add(code)
            return [KioskEvent("gift_stock_low", "raised", detail)]
        if not low and code in self.gifts_low:
            self.gifts_low.discard(code)
            return [KioskEvent("gift_stock_low", "cleared", detail)]
        return []


def led_status(
    *,
    can_print: bool,
    api_reachable: bool | None,
    paper_low: bool,
    door_open: bool,
    help_pending: bool,
    in_use: bool,
) -> LedStatus:
    """The status LED: cannot serve > staff needed > serving someone > ready."""
    if not can_print or api_reachable is False:
        return "out_of_service"
    if paper_low or door_open or help_pending:
        return "attention"
    if in_use:
        return "busy"
    return "ready"
