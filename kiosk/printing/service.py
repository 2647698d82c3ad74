"""Journal first, then print: the one way the kiosk prints a ticket.

``print_ticket`` lays the ticket out, writes it to the journal (synced to disk), marks it
``sending``, sends it, and marks it ``printed``. Whatever goes wrong after the journal write, the
ticket is still there: the member is told "your voucher is saved; staff will print it", staff
reprint it (``unprinted()`` / ``reprint()``), and after a crash or power cut ``resume()`` prints,
exactly once, the recent jobs that had not been printed.

The API is told about printed vouchers through ``notify_pending()`` (an outbox over the journal's
``api_notified`` flag): call it on a worker thread after each print and from the heartbeat loop;
a failed call leaves the row for next time.

Blocking (printer and disk I/O): call from a worker thread, never the UI thread.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from drivers.printer import PaperState, Printer, PrinterError
from kiosk.i18n import translate
from kiosk.printing.builder import JobBuilder
from kiosk.printing.journal import JournalEntry, PrintJournal
from kiosk.printing.ticket import TicketKind, VoucherTicket

log = logging.getLogger(__name__)

OutcomeStatus = Literal["printed", "saved", "already_printed", "skipped", "error"]


@dataclass(frozen=True, slots=True)
class PrintOutcome:
    """What the UI shows. ``saved``: journaled but not printed (``reason`` says why);
    ``error``: neither journaled nor printed (the journal's disk failed): ask staff."""

    status: OutcomeStatus
    job_id: int | None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.status in ("printed", "already_printed", "skipped")

    def message(self, lang: str) -> str:
        return translate(f"printing.outcome.{self.status}", lang)


@dataclass(frozen=True, slots=True)
class TicketPrinted:
    """What the API is told: this code's ticket came out of the printer at that time."""

    job_id: int
    kind: str
    code: str
    printed_at: dt.datetime


#: Tells the API a ticket was printed; raises on failure (the row stays in the outbox).
NotifyHook = Callable[[TicketPrinted], None]


#: A job interrupted by a restart is printed again automatically only this soon after it was made.
RESUME_MAX_AGE = dt.timedelta(minutes=15)


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class PrintService:
    def __init__(
        self,
        printer: Printer,
        journal: PrintJournal,
        builder: JobBuilder,
        *,
        notify: NotifyHook | None = None,
        clock: Callable[[], dt.datetime] = _utc_now,
    ) -> None:
        self.printer = printer
        self.journal = journal
        self.builder = builder
        self.notify = notify
        self.clock = clock
        # One job at a time: the printer is one device, and a ticket must not be sent twice
        # because two threads saw it "pending".
        self._lock = threading.Lock()

    def paper_state(self) -> PaperState:
        """Ask before taking points for anything that prints (``can_print`` / ``reason``)."""
        return self.printer.paper_state()

    def wants(self, kind: TicketKind) -> bool:
        """Check-in slips are printed only when the config turns them on."""
        return kind is not TicketKind.CHECKIN or self.builder.layout.print_checkin_slips

    def print_ticket(self, ticket: VoucherTicket) -> PrintOutcome:
        if not self.wants(ticket.kind):
            return PrintOutcome("skipped", None)
        with self._lock:
            try:
                payload = self.builder.build(ticket).data
                layout_error = ""
            except Exception:  # a bad ticket must still be journaled, never lost
                log.exception("could not lay out a %s ticket", ticket.kind.value)
                payload, layout_error = b"", "layout_error"
            try:
                entry, created = self.journal.record(
                    job_key=ticket.job_key, kind=ticket.kind.value, code=ticket.code,
                    ticket=ticket.to_json(), payload=payload, now=self.clock(),
                    needs_notify=bool(ticket.code),
                )  # fmt: skip
            except sqlite3.Error:
                # The journal is broken (disk full, card failing). Printing now is the best
                # left to do; the voucher itself is on the server either way.
                log.exception("print journal write failed; printing without a journal entry")
                return self._print_unjournaled(payload)
            if not created and entry.status == "printed":
                return PrintOutcome("already_printed", entry.id)
            if layout_error:
                self.journal.mark_failed(entry.id, layout_error, self.clock())
                return PrintOutcome("saved", entry.id, layout_error)
            return self._send(entry, entry.payload)

    def _print_unjournaled(self, payload: bytes) -> PrintOutcome:
        if not payload:
            return PrintOutcome("error", None, "journal_error")
        try:
            self.printer.print_job(payload)
        except Exception as exc:
            log.warning("unjournaled print failed: %s", getattr(exc, "reason", type(exc).__name__))
            return PrintOutcome("error", None, "journal_error")
        return PrintOutcome("printed", None, "journal_error")

    def _send(
        self, entry: JournalEntry, payload: bytes, *, new_payload: bool = False
    ) -> PrintOutcome:
        self.journal.mark_sending(entry.id, self.clock(), payload if new_payload else None)
        try:
            self.printer.print_job(payload)
        except PrinterError as exc:
            log.warning("print job %s not printed: %s (%s)", entry.id, exc.reason, exc)
            self.journal.mark_failed(entry.id, exc.reason, self.clock())
            return PrintOutcome("saved", entry.id, exc.reason)
        except Exception:
            log.exception("print job %s failed unexpectedly", entry.id)
            self.journal.mark_failed(entry.id, "internal_error", self.clock())
            return PrintOutcome("saved", entry.id, "internal_error")
        try:
            self.journal.mark_printed(entry.id, self.clock())
        except sqlite3.Error:
            # It did print; the row stays "sending" and a restart would print it once more
            # (harmless: the code redeems once). Nothing better can be done without a disk.
            log.exception("print job %s printed but could not be marked printed", entry.id)
        log.info("print job %s printed (%s)", entry.id, entry.kind)
        return PrintOutcome("printed", entry.id)

    def resume(self, max_age: dt.timedelta = RESUME_MAX_AGE) -> list[PrintOutcome]:
        """At start-up, after ``printer.open()``: print the jobs that a crash or power cut
        stopped before they were printed, once each (each is marked ``printed`` right after).
        Jobs older than ``max_age`` are left for staff instead: the member has gone, and a
        ticket printing by itself later would be picked up by whoever stands there."""
        with self._lock:
            now = self.clock()
            for entry in self.journal.recover(now):
                log.warning("print job %s was interrupted by a restart", entry.id)
            outcomes = []
            for entry in self.journal.pending():
                if now - entry.created_at > max_age:
                    self.journal.mark_failed(entry.id, "stale_after_restart", now)
                    outcomes.append(PrintOutcome("saved", entry.id, "stale_after_restart"))
                else:
                    outcomes.append(self._send(entry, entry.payload))
            return outcomes

    def unprinted(self) -> list[JournalEntry]:
        """The staff reprint list."""
        return self.journal.unprinted()

    def reprint(self, job_id: int, *, again: bool = False) -> PrintOutcome:
        """Staff reprint. The ticket is laid out afresh for the printer fitted now (it may not
        be the one the job was built for); the stored bytes are the fallback. ``again`` allows
        reprinting a job that did print (a jam, a torn ticket)."""
        with self._lock:
            entry = self.journal.get(job_id)
            if entry is None:
                raise KeyError(f"no print job {job_id}")
            if entry.status == "printed" and not again:
                return PrintOutcome("already_printed", entry.id)
            try:
                payload = self.builder.build(VoucherTicket.from_json(entry.ticket)).data
            except Exception:
                log.exception("print job %s could not be laid out again", job_id)
                payload = entry.payload
            if not payload:
                self.journal.mark_failed(entry.id, "layout_error", self.clock())
                return PrintOutcome("saved", entry.id, "layout_error")
            return self._send(entry, payload, new_payload=True)

    def notify_pending(self) -> int:
        """Tell the API about printed tickets it has not heard of; returns how many it took."""
        if self.notify is None:
            return 0
        done = 0
        for entry in self.journal.unnotified():
            if entry.printed_at is None:
                continue
            try:
                self.notify(TicketPrinted(entry.id, entry.kind, entry.code, entry.printed_at))
            except Exception as exc:  # network, API errors: retried on the next call
                log.info("API not told about print job %s yet: %s", entry.id, type(exc).__name__)
                break
            self.journal.mark_notified(entry.id)
            done += 1
        return done
