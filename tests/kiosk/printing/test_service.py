"""Journal first, then print: failure cases end with the ticket saved, and printed once."""

from __future__ import annotations

import dataclasses
import datetime as dt
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from drivers.printer import SimulatedPrinter, open_printer
from kiosk.printing.builder import JobBuilder
from kiosk.printing.journal import PrintJournal
from kiosk.printing.samples import sample_ticket
from kiosk.printing.service import PrintService, TicketPrinted
from kiosk.printing.settings import PrintLayoutSettings
from kiosk.printing.ticket import TicketKind
from tests.kiosk.printing.crash_helper import settings_for

ROOT = Path(__file__).resolve().parents[3]


@dataclasses.dataclass
class Kiosk:
    printer: SimulatedPrinter
    journal: PrintJournal
    service: PrintService
    told: list[TicketPrinted]


def start(state: Path, layout: PrintLayoutSettings | None = None, **service_kw: object) -> Kiosk:
    settings = settings_for(state)
    printer = open_printer(settings)
    assert isinstance(printer, SimulatedPrinter)
    journal = PrintJournal(state / "journal.sqlite3")
    told: list[TicketPrinted] = []
    builder = JobBuilder(settings.capabilities, layout or PrintLayoutSettings())
    service = PrintService(printer, journal, builder, notify=told.append, **service_kw)  # type: ignore[arg-type]
    return Kiosk(printer, journal, service, told)


def stop(kiosk: Kiosk) -> None:
    kiosk.printer.close()
    kiosk.journal.close()


def qr_of(png: Path) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(Image.open(png).convert("L"))]


def test_print_then_tell_the_api(tmp_path: Path) -> None:
    kiosk = start(tmp_path)
    ticket = sample_ticket(TicketKind.VOUCHER, "zh")
    outcome = kiosk.service.print_ticket(ticket)
    assert (outcome.status, outcome.ok) == ("printed", True)
    assert outcome.message("zh") == "请取走您的凭条。"
    assert qr_of(tmp_path / "printed" / "job-0001.png") == [ticket.code]
    entry = kiosk.journal.get(outcome.job_id)  # type: ignore[arg-type]
    assert entry is not None and entry.status == "printed" and not entry.api_notified
    assert kiosk.service.notify_pending() == 1
    assert [(t.code, t.kind) for t in kiosk.told] == [(ticket.code, "voucher")]
    assert kiosk.service.notify_pending() == 0  # told once
    # The same ticket again (a retry from the UI): not printed twice.
    assert kiosk.service.print_ticket(ticket).status == "already_printed"
    assert len(kiosk.printer.jobs()) == 1
    stop(kiosk)


def test_api_unreachable_keeps_the_outbox(tmp_path: Path) -> None:
    calls: list[str] = []

    def flaky(event: TicketPrinted) -> None:
        calls.append(event.code)
        if len(calls) == 1:
            raise ConnectionError("API down")

    kiosk = start(tmp_path)
    kiosk.service.notify = flaky
    kiosk.service.print_ticket(sample_ticket(TicketKind.VOUCHER, "en"))
    assert kiosk.service.notify_pending() == 0
    assert kiosk.journal.counts()["unnotified"] == 1
    assert kiosk.service.notify_pending() == 1
    assert kiosk.journal.counts()["unnotified"] == 0
    stop(kiosk)


def test_paper_out_before_the_job(tmp_path: Path) -> None:
    kiosk = start(tmp_path)
    kiosk.printer.set_faults(paper_out=True)
    state = kiosk.service.paper_state()
    assert not state.can_print and state.reason == "paper_out"
    outcome = kiosk.service.print_ticket(sample_ticket(TicketKind.VOUCHER, "zh"))
    assert (outcome.status, outcome.reason, outcome.ok) == ("saved", "paper_out", False)
    assert outcome.message("zh") == "您的兑换券已保存，工作人员将为您打印。"
    assert outcome.message("en") == "Your voucher is saved. Staff will print it for you."
    assert kiosk.printer.jobs() == []  # not a byte was sent
    assert [e.status for e in kiosk.service.unprinted()] == ["failed"]
    # Staff put paper in and reprint it, once.
    kiosk.printer.set_faults(paper_out=False)
    kiosk.printer.paper_restocked()
    assert kiosk.service.reprint(outcome.job_id).status == "printed"  # type: ignore[arg-type]
    assert kiosk.service.unprinted() == []
    assert len(kiosk.printer.jobs()) == 1
    assert kiosk.service.reprint(outcome.job_id).status == "already_printed"  # type: ignore[arg-type]
    assert kiosk.service.reprint(outcome.job_id, again=True).status == "printed"  # type: ignore[arg-type]
    assert len(kiosk.printer.jobs()) == 2
    stop(kiosk)


def test_printer_fails_mid_job(tmp_path: Path) -> None:
    kiosk = start(tmp_path)
    kiosk.printer.set_faults(fail_mid_job=True)
    ticket = sample_ticket(TicketKind.GIFT, "en")
    outcome = kiosk.service.print_ticket(ticket)
    assert (outcome.status, outcome.reason) == ("saved", "job_interrupted")
    entry = kiosk.journal.get(outcome.job_id)  # type: ignore[arg-type]
    assert entry is not None and entry.status == "failed" and entry.attempts == 1
    assert kiosk.service.notify_pending() == 0  # nothing printed, nothing to tell
    kiosk.printer.set_faults(fail_mid_job=False)
    assert kiosk.service.reprint(outcome.job_id).status == "printed"  # type: ignore[arg-type]
    assert qr_of(tmp_path / "printed" / "job-0001.png") == [ticket.code]
    assert kiosk.service.notify_pending() == 1
    stop(kiosk)


def test_printer_unplugged(tmp_path: Path) -> None:
    kiosk = start(tmp_path)
    kiosk.printer.set_faults(offline=True)
    kiosk.printer.close()
    kiosk.printer.open()
    assert kiosk.service.paper_state().reason == "printer_offline"
    outcome = kiosk.service.print_ticket(sample_ticket(TicketKind.VOUCHER, "en"))
    assert (outcome.status, outcome.reason) == ("saved", "printer_offline")
    kiosk.printer.set_faults(offline=False)
    assert kiosk.service.reprint(outcome.job_id).status == "printed"  # type: ignore[arg-type]
    stop(kiosk)


@pytest.mark.parametrize(("where", "journaled_as"), [("before_send", "pending"),
                                                      ("in_print_job", "sending")])  # fmt: skip
def test_killed_after_journal_write_is_printed_once_after_restart(
    tmp_path: Path, where: str, journaled_as: str
) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "tests.kiosk.printing.crash_helper", str(tmp_path), where],
        cwd=ROOT, capture_output=True, check=False, timeout=120,
    )  # fmt: skip
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()
    journal = PrintJournal(tmp_path / "journal.sqlite3")
    (entry,) = journal.unprinted()
    assert entry.status == journaled_as
    assert not (tmp_path / "printed").exists() or not list((tmp_path / "printed").iterdir())
    journal.close()

    kiosk = start(tmp_path)  # the restart
    outcomes = kiosk.service.resume()
    assert [(o.status, o.job_id) for o in outcomes] == [("printed", entry.id)]
    (printed,) = kiosk.printer.jobs()
    assert printed.read_bytes() == entry.payload
    assert qr_of(printed.with_suffix(".png")) == [sample_ticket(TicketKind.VOUCHER).code]
    stop(kiosk)

    kiosk = start(tmp_path)  # and another restart: nothing is printed twice
    assert kiosk.service.resume() == []
    assert len(kiosk.printer.jobs()) == 1
    assert kiosk.service.unprinted() == []
    assert kiosk.service.notify_pending() == 1
    stop(kiosk)


def test_old_jobs_are_left_for_staff_after_restart(tmp_path: Path) -> None:
    t0 = dt.datetime(2026, 11, 22, 6, 0, tzinfo=dt.UTC)
    kiosk = start(tmp_path, clock=lambda: t0)
    kiosk.journal.record(job_key="voucher:V1.x.y", kind="voucher", code="V1.x.y", ticket={},
                         payload=b"\x1b@x\n", now=t0 - dt.timedelta(hours=2))  # fmt: skip
    assert [(o.status, o.reason) for o in kiosk.service.resume()] == [
        ("saved", "stale_after_restart")
    ]
    assert kiosk.printer.jobs() == []
    assert [e.last_error for e in kiosk.service.unprinted()] == ["stale_after_restart"]
    stop(kiosk)


def test_checkin_slips_are_off_by_default(tmp_path: Path) -> None:
    kiosk = start(tmp_path)
    assert kiosk.service.print_ticket(sample_ticket(TicketKind.CHECKIN)).status == "skipped"
    assert kiosk.printer.jobs() == []
    stop(kiosk)
    kiosk = start(tmp_path, PrintLayoutSettings(print_checkin_slips=True))
    assert kiosk.service.print_ticket(sample_ticket(TicketKind.CHECKIN)).status == "printed"
    assert kiosk.service.notify_pending() == 0  # a slip has no code to report
    stop(kiosk)


def test_ticket_that_cannot_be_laid_out_is_still_saved(tmp_path: Path) -> None:
    kiosk = start(tmp_path)
    ticket = dataclasses.replace(sample_ticket(TicketKind.VOUCHER), code="V1." + "a" * 3000)
    outcome = kiosk.service.print_ticket(ticket)
    assert (outcome.status, outcome.reason) == ("saved", "layout_error")
    (entry,) = kiosk.service.unprinted()
    assert entry.ticket["code"] == ticket.code  # the ticket itself is in the journal
    assert kiosk.printer.jobs() == []
    stop(kiosk)


def test_broken_journal_still_prints(tmp_path: Path) -> None:
    kiosk = start(tmp_path)
    kiosk.journal.close()  # every journal call now fails like a dead SD card would
    outcome = kiosk.service.print_ticket(sample_ticket(TicketKind.VOUCHER, "en"))
    assert (outcome.status, outcome.reason) == ("printed", "journal_error")
    assert len(kiosk.printer.jobs()) == 1
    kiosk.printer.set_faults(paper_out=True)
    outcome = kiosk.service.print_ticket(sample_ticket(TicketKind.GIFT, "zh"))
    assert (outcome.status, outcome.ok) == ("error", False)
    assert outcome.message("zh") == "打印失败，请联系工作人员：您的兑换券已保存在您的账户中。"
    kiosk.printer.close()
