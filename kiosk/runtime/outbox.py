"""Messages for the API that must not be lost when the network is: kiosk events (paper out, door
open, help pressed...) and staff audit records wait here until the API has them.

SQLite in the kiosk's state folder (WAL, synchronous=FULL), like the print journal. Each message
gets its idempotency key when it is queued, so a message whose answer was lost is applied once
however often it is sent. An answer worth waiting out (no answer, a 5xx, ``429``, a ``409`` for a
request still in progress) leaves the message for the next flush. Any other refusal will not
change by retrying: the message is moved to ``outbox_refused`` with the API's code, kept for
staff and support (counted on the status endpoint), never silently deleted.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk.client import ApiError, ApiUnavailable

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    method          TEXT NOT NULL,
    path            TEXT NOT NULL,
    body            TEXT NOT NULL,
    headers         TEXT NOT NULL DEFAULT '{}',
    idempotency_key TEXT NOT NULL UNIQUE,
    created_at      TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS outbox_refused (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    method          TEXT NOT NULL,
    path            TEXT NOT NULL,
    body            TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    created_at      TEXT NOT NULL,
    refused_at      TEXT NOT NULL,
    status          INTEGER NOT NULL,
    code            TEXT NOT NULL
);
"""

#: ``PointsClient.call``: one JSON request; raises ApiError / ApiUnavailable.
Send = Callable[..., dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Message:
    id: int
    method: str
    path: str
    body: dict[str, Any]
    headers: dict[str, str]
    idempotency_key: str
    attempts: int


@dataclass(frozen=True, slots=True)
class Refused:
    """A message the API refused for good (headers are not kept: they may hold a session)."""

    method: str
    path: str
    body: dict[str, Any]
    idempotency_key: str
    status: int
    code: str
    refused_at: str


def retryable(exc: ApiError) -> bool:
    """An answer that may change by waiting: no answer or a 5xx (``ApiUnavailable``), too many
    requests, or the same request still being worked on by the API."""
    if isinstance(exc, ApiUnavailable) or exc.status == 429:
        return True
    return exc.status == 409 and "in_progress" in exc.code


class Outbox:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(SCHEMA)
        self._lock = threading.Lock()  # one writer, and one flush at a time

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def put(
        self,
        method: str,
        path: str,
        body: Mapping[str, Any],
        *,
        headers: Mapping[str, str] | None = None,
        idempotency_key: str | None = None,
    ) -> str:
        """Queue a message; returns its idempotency key (made now unless the caller already
        sent it once with a key of its own: then that key, so the API applies it once)."""
        key = idempotency_key or f"outbox-{uuid.uuid4().hex}"
        with self._lock:
            self._db.execute(
                "INSERT OR IGNORE INTO outbox "
                "(method, path, body, headers, idempotency_key, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    method,
                    path,
                    json.dumps(dict(body)),
                    json.dumps(dict(headers or {})),
                    key,
                    datetime.now(UTC).isoformat(),
                ),
            )
        return key

    def pending(self, limit: int = 100) -> list[Message]:
        with self._lock:
            rows = self._db.execute(
                "SELECT id, method, path, body, headers, idempotency_key, attempts FROM outbox "
                "ORDER BY id LIMIT ?",
                (limit,),
            ).fetchall()
        return [
            Message(r[0], r[1], r[2], json.loads(r[3]), json.loads(r[4]), r[5], r[6]) for r in rows
        ]

    def count(self) -> int:
        with self._lock:
            (n,) = self._db.execute("SELECT COUNT(*) FROM outbox").fetchone()
        return int(n)

    def refused(self) -> list[Refused]:
        """Messages the API refused for good, oldest first (for staff and support)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT method, path, body, idempotency_key, status, code, refused_at "
                "FROM outbox_refused ORDER BY id"
            ).fetchall()
        return [Refused(r[0], r[1], json.loads(r[2]), r[3], r[4], r[5], r[6]) for r in rows]

    def refused_count(self) -> int:
        with self._lock:
            (n,) = self._db.execute("SELECT COUNT(*) FROM outbox_refused").fetchone()
        return int(n)

    def flush(self, send: Send) -> int:
        """Send what is queued, oldest first; stops at the first answer worth waiting out.
        Returns how many messages the API took (or refused for good)."""
        sent = 0
        for message in self.pending():
            try:
                send(
                    message.method,
                    message.path,
                    json=message.body,
                    headers=message.headers or None,
                    idempotency_key=message.idempotency_key,
                )
            except ApiError as exc:
                if retryable(exc):
                    self._attempted(message.id, exc.detail or exc.code)
                    break
                # Sending it again would be refused again: set it aside with the reason.
                log.warning("API refused queued %s %s: %s", message.method, message.path, exc.code)
                self._set_aside(message, exc)
            else:
                self._remove(message.id)
            sent += 1
        return sent

    def _set_aside(self, message: Message, exc: ApiError) -> None:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute(
                    "INSERT OR IGNORE INTO outbox_refused (method, path, body, idempotency_key, "
                    "created_at, refused_at, status, code) "
                    "SELECT method, path, body, idempotency_key, created_at, ?, ?, ? "
                    "FROM outbox WHERE id = ?",
                    (datetime.now(UTC).isoformat(), exc.status, exc.code[:80], message.id),
                )
                self._db.execute("DELETE FROM outbox WHERE id = ?", (message.id,))
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _remove(self, message_id: int) -> None:
        with self._lock:
            self._db.execute("DELETE FROM outbox WHERE id = ?", (message_id,))

    def _attempted(self, message_id: int, error: str) -> None:
        with self._lock:
            self._db.execute(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?",
                (error[:200], message_id),
            )
