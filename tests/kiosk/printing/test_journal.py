"""The print journal on a real SQLite file."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from kiosk.printing.journal import PrintJournal

T0 = dt.datetime(2026, 11, 22, 6, 0, tzinfo=dt.UTC)


def record(journal: PrintJournal, key: str = "voucher:V1.a.b", **kw: object):  # type: ignore[no-untyped-def]
    values: dict[str, object] = {
        "job_key": key, "kind": "voucher", "code": key.split(":", 1)[1],
        "ticket": {"code": key, "name": {"en": "x", "zh": "积分"}}, "payload": b"\x1b@job",
        "now": T0,
    }  # fmt: skip
    values.update(kw)
    return journal.record(**values)  # type: ignore[arg-type]


def test_wal_and_full_sync(tmp_path: Path) -> None:
    journal = PrintJournal(tmp_path / "state" / "print-journal.sqlite3")
    assert journal._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert journal._db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    journal.close()


def test_lifecycle_and_reopen(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    journal = PrintJournal(path)
    entry, created = record(journal)
    assert created and entry.status == "pending" and entry.attempts == 0
    assert entry.ticket["name"]["zh"] == "积分"
    journal.mark_sending(entry.id, T0)
    failed = journal.mark_failed(entry.id, "paper_out", T0 + dt.timedelta(seconds=1))
    assert (failed.status, failed.last_error, failed.attempts) == ("failed", "paper_out", 1)
    assert [e.id for e in journal.unprinted()] == [entry.id]
    journal.close()

    # Another process (after a restart) sees exactly what was committed.
    again = PrintJournal(path)
    assert [e.status for e in again.unprinted()] == ["failed"]
    sending = again.mark_sending(entry.id, T0, payload=b"\x1b@new layout")
    assert sending.payload == b"\x1b@new layout" and sending.attempts == 2
    printed = again.mark_printed(entry.id, T0 + dt.timedelta(minutes=1))
    assert printed.status == "printed" and printed.last_error == ""
    assert printed.printed_at == T0 + dt.timedelta(minutes=1)
    assert again.unprinted() == []
    assert [e.id for e in again.unnotified()] == [entry.id]
    again.mark_notified(entry.id)
    assert again.unnotified() == []
    assert again.counts() == {"pending": 0, "sending": 0, "printed": 1, "failed": 0,
                              "unnotified": 0}  # fmt: skip
    again.close()


def test_same_ticket_is_journaled_once(tmp_path: Path) -> None:
    journal = PrintJournal(tmp_path / "j.sqlite3")
    first, created = record(journal)
    second, created_again = record(journal, payload=b"different")
    assert created and not created_again
    assert second.id == first.id and second.payload == b"\x1b@job"
    assert journal.counts()["pending"] == 1
    journal.close()


def test_recover_puts_interrupted_jobs_back(tmp_path: Path) -> None:
    journal = PrintJournal(tmp_path / "j.sqlite3")
    a, _ = record(journal, "voucher:A")
    b, _ = record(journal, "voucher:B")
    journal.mark_sending(a.id, T0)
    recovered = journal.recover(T0)
    assert [e.id for e in recovered] == [a.id]
    assert [(e.id, e.last_error) for e in journal.pending()] == [(a.id, "interrupted"), (b.id, "")]
    journal.close()


def test_checkin_slips_need_no_notification(tmp_path: Path) -> None:
    journal = PrintJournal(tmp_path / "j.sqlite3")
    entry, _ = record(journal, "checkin:K1:2026", needs_notify=False)
    journal.mark_printed(entry.id, T0)
    assert journal.unnotified() == []
    journal.close()


def test_bad_input(tmp_path: Path) -> None:
    journal = PrintJournal(tmp_path / "j.sqlite3")
    with pytest.raises(ValueError, match="timezone"):
        record(journal, now=dt.datetime(2026, 1, 1))
    with pytest.raises(KeyError):
        journal.mark_printed(999, T0)
    entry, _ = record(journal)
    with pytest.raises(sqlite3.IntegrityError):
        journal._set(entry.id, "status = 'lost'", ())  # the schema refuses unknown states
    journal.close()


def test_prune_keeps_everything_not_yet_done(tmp_path: Path) -> None:
    journal = PrintJournal(tmp_path / "j.sqlite3")
    done, _ = record(journal, "voucher:done")
    unreported, _ = record(journal, "voucher:unreported")
    failed, _ = record(journal, "voucher:failed")
    recent, _ = record(journal, "voucher:recent")
    for entry in (done, unreported):
        journal.mark_printed(entry.id, T0)
    journal.mark_notified(done.id)
    journal.mark_failed(failed.id, "paper_out", T0)
    journal.mark_printed(recent.id, T0 + dt.timedelta(days=40))
    journal.mark_notified(recent.id)
    assert journal.prune(T0 + dt.timedelta(days=30)) == 1
    assert journal.get(done.id) is None
    kept = {journal.get(e.id).job_key for e in (unreported, failed, recent)}  # type: ignore[union-attr]
    assert kept == {"voucher:unreported", "voucher:failed", "voucher:recent"}
    journal.close()
