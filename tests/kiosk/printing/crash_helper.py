"""Run as a separate process by test_service.py: prints one voucher and is SIGKILLed at a
chosen point, as a power cut would stop the kiosk.

    python -m tests.kiosk.printing.crash_helper STATE_DIR before_send|in_print_job
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sys
from pathlib import Path

from drivers.printer import PrinterSettings, open_printer
from kiosk.printing.builder import JobBuilder
from kiosk.printing.journal import JournalEntry, PrintJournal
from kiosk.printing.samples import sample_ticket
from kiosk.printing.service import PrintService
from kiosk.printing.settings import PrintLayoutSettings


def settings_for(state: Path) -> PrinterSettings:
    return PrinterSettings(backend="simulated", simulated_dir=state / "printed", profile="TM-T20II")


class DiesBeforeSending(PrintJournal):
    """Killed after the job is journaled, before it is marked as being sent."""

    def mark_sending(
        self, job_id: int, now: dt.datetime, payload: bytes | None = None
    ) -> JournalEntry:
        os.kill(os.getpid(), signal.SIGKILL)
        raise AssertionError("unreachable")


class DiesInPrintJob:
    """Killed inside print_job, before the first byte reaches the printer."""

    def __init__(self, inner: object) -> None:
        self._inner = inner

    def __getattr__(self, name: str) -> object:
        return getattr(self._inner, name)

    def print_job(self, job: bytes, *, length_mm: float | None = None) -> None:
        os.kill(os.getpid(), signal.SIGKILL)


def main(state: Path, where: str) -> int:
    settings = settings_for(state)
    printer = open_printer(settings)
    journal_class = DiesBeforeSending if where == "before_send" else PrintJournal
    journal = journal_class(state / "journal.sqlite3")
    port = DiesInPrintJob(printer) if where == "in_print_job" else printer
    builder = JobBuilder(settings.capabilities, PrintLayoutSettings())
    service = PrintService(port, journal, builder)  # type: ignore[arg-type]
    service.print_ticket(sample_ticket("voucher", "zh"))
    return 3  # not reached: the process was killed


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), sys.argv[2]))
