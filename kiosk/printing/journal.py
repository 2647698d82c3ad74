"""The print journal: every ticket is on disk before its first byte goes to the printer.

One SQLite file in the kiosk's state directory, in WAL mode with ``synchronous=FULL`` so a
committed row survives a power cut. A job moves through::

    pending  --(about to send)-->  sending  --(printer took it)-->  printed
                                      |
                                      +--(printer error)-->  failed  --(reprint)--> sending ...

``pending`` means no byte was sent yet; ``sending`` found at start-up means the kiosk died
while printing (what came out, if anything, is unknown): ``recover()`` puts it back to
``pending`` marked ``interrupted``, and the print service prints recent pending jobs again
(a torn half-ticket is worth nothing; a rare duplicate is harmless because a voucher code
redeems once at the till). ``failed`` jobs wait for staff to reprint them.
``api_notified`` is an outbox flag: the API is told when a voucher was printed, retried until
it has heard. Rows hold the ticket (masked member number only), never personal data.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

JobStatus = Literal["pending", "sending", "printed", "failed"]
UNPRINTED: tuple[JobStatus, ...] = ("pending", "sending", "failed")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS print_jobs (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    job_key       TEXT NOT NULL UNIQUE,
    kind          TEXT NOT NULL,
    code          TEXT NOT NULL,
    ticket        TEXT NOT NULL,
    payload       BLOB NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'printed', 'failed')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    printed_at    TEXT,
    api_notified  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS print_jobs_status ON print_jobs (status);
CREATE INDEX IF NOT EXISTS print_jobs_outbox ON print_jobs (api_notified, status);
"""


@dataclass(frozen=True, slots=True)
class JournalEntry:
    id: int
    job_key: str
    kind: str
    code: str
    ticket: dict[str, Any]
    payload: bytes
    status: JobStatus
    attempts: int
    last_error: str
    created_at: dt.datetime
    updated_at: dt.datetime
    printed_at: dt.datetime | None
    api_notified: bool


def _ts(value: dt.datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("journal times must carry a timezone")
    return value.astimezone(dt.UTC).isoformat()


def _row(row: sqlite3.Row) -> JournalEntry:
    return JournalEntry(
        id=row["id"],
        job_key=row["job_key"],
        kind=row["kind"],
        code=row["code"],
        ticket=json.loads(row["ticket"]),
        payload=bytes(row["payload"]),
        status=row["status"],
        attempts=row["attempts"],
        last_error=row["last_error"],
        created_at=dt.datetime.fromisoformat(row["created_at"]),
        updated_at=dt.datetime.fromisoformat(row["updated_at"]),
        printed_at=dt.datetime.fromisoformat(row["printed_at"]) if row["printed_at"] else None,
        api_notified=bool(row["api_notified"]),
    )


class PrintJournal:
    """Thread-safe; one connection, every change committed (and synced) before returning."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        mode = self._db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise RuntimeError(f"print journal {path.name}: WAL mode not available ({mode})")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA busy_timeout=5000")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    # --- writes ------------------------------------------------------------------------------
    def record(
        self,
        *,
        job_key: str,
        kind: str,
        code: str,
        ticket: dict[str, Any],
        payload: bytes,
        now: dt.datetime,
        needs_notify: bool = True,
    ) -> tuple[JournalEntry, bool]:
        """Journal a job as ``pending``; returns (entry, created). A job already journaled
        under the same key is returned unchanged (``created`` False): never two rows, never
        two automatic prints, for one ticket."""
        with self._tx() as db:
            cur = db.execute(
                "INSERT INTO print_jobs (job_key, kind, code, ticket, payload, status,"
                " created_at, updated_at, api_notified) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?)"
                " ON CONFLICT (job_key) DO NOTHING",
                (job_key, kind, code, json.dumps(ticket, ensure_ascii=False), payload,
                 _ts(now), _ts(now), 0 if needs_notify else 1),
            )  # fmt: skip
            created = cur.rowcount == 1
            row = db.execute("SELECT * FROM print_jobs WHERE job_key = ?", (job_key,)).fetchone()
        return _row(row), created

    def _set(self, job_id: int, sql: str, params: tuple[Any, ...]) -> JournalEntry:
        with self._tx() as db:
            cur = db.execute(f"UPDATE print_jobs SET {sql} WHERE id = ?", (*params, job_id))  # noqa: S608 - fixed SQL fragments only
            if cur.rowcount != 1:
                raise KeyError(f"no print job {job_id}")
            row = db.execute("SELECT * FROM print_jobs WHERE id = ?", (job_id,)).fetchone()
        return _row(row)

    def mark_sending(
        self, job_id: int, now: dt.datetime, payload: bytes | None = None
    ) -> JournalEntry:
        """Written just before the first byte goes out. A new payload (a reprint laid out for
        the printer fitted now) replaces the old one."""
        if payload is not None:
            return self._set(
                job_id, "status = 'sending', attempts = attempts + 1, updated_at = ?, payload = ?",
                (_ts(now), payload),
            )  # fmt: skip
        return self._set(
            job_id, "status = 'sending', attempts = attempts + 1, updated_at = ?", (_ts(now),)
        )

    def mark_printed(self, job_id: int, now: dt.datetime) -> JournalEntry:
        return self._set(
            job_id, "status = 'printed', last_error = '', printed_at = ?, updated_at = ?",
            (_ts(now), _ts(now)),
        )  # fmt: skip

    def mark_failed(self, job_id: int, reason: str, now: dt.datetime) -> JournalEntry:
        return self._set(
            job_id, "status = 'failed', last_error = ?, updated_at = ?", (reason, _ts(now))
        )

    def mark_notified(self, job_id: int) -> JournalEntry:
        return self._set(job_id, "api_notified = 1", ())

    def recover(self, now: dt.datetime) -> list[JournalEntry]:
        """At start-up: jobs caught mid-send by a crash or power cut go back to ``pending``
        (``last_error = 'interrupted'``), to be printed again. Returns those jobs."""
        with self._tx() as db:
            rows = db.execute("SELECT id FROM print_jobs WHERE status = 'sending'").fetchall()
            db.execute(
                "UPDATE print_jobs SET status = 'pending', last_error = 'interrupted',"
                " updated_at = ? WHERE status = 'sending'",
                (_ts(now),),
            )
        return [e for r in rows if (e := self.get(r["id"])) is not None]

    def prune(self, printed_before: dt.datetime) -> int:
        """Delete jobs printed before that time whose printing the API has heard about, so the
        SD card does not fill up (a job is 5-45 KB). Unprinted or unreported jobs are kept
        whatever their age. Returns how many were deleted."""
        with self._tx() as db:
            cur = db.execute(
                "DELETE FROM print_jobs WHERE status = 'printed' AND api_notified = 1"
                " AND printed_at < ?",
                (_ts(printed_before),),
            )
        return cur.rowcount

    # --- reads -------------------------------------------------------------------------------
    def get(self, job_id: int) -> JournalEntry | None:
        with self._lock:
            row = self._db.execute("SELECT * FROM print_jobs WHERE id = ?", (job_id,)).fetchone()
        return _row(row) if row else None

    def by_key(self, job_key: str) -> JournalEntry | None:
        with self._lock:
            row = self._db.execute(
                "SELECT * FROM print_jobs WHERE job_key = ?", (job_key,)
            ).fetchone()
        return _row(row) if row else None

    def _select(self, where: str, params: tuple[Any, ...] = ()) -> list[JournalEntry]:
        with self._lock:
            rows = self._db.execute(
                f"SELECT * FROM print_jobs WHERE {where} ORDER BY id",  # noqa: S608 - fixed fragments
                params,
            ).fetchall()
        return [_row(r) for r in rows]

    def unprinted(self) -> list[JournalEntry]:
        """What staff see in the reprint list (oldest first)."""
        return self._select("status IN ('pending', 'sending', 'failed')")

    def pending(self) -> list[JournalEntry]:
        """Never sent at all: safe to print automatically."""
        return self._select("status = 'pending'")

    def unnotified(self) -> list[JournalEntry]:
        """The outbox: printed, but the API has not yet confirmed it heard."""
        return self._select("status = 'printed' AND api_notified = 0")

    def counts(self) -> dict[str, int]:
        """Per status, plus the outbox size (for the heartbeat's queue depth)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT status, COUNT(*) AS n FROM print_jobs GROUP BY status"
            ).fetchall()
            outbox = self._db.execute(
                "SELECT COUNT(*) FROM print_jobs WHERE status = 'printed' AND api_notified = 0"
            ).fetchone()[0]
        counts = {status: 0 for status in ("pending", "sending", "printed", "failed")}
        counts.update({r["status"]: r["n"] for r in rows})
        counts["unnotified"] = outbox
        return counts
