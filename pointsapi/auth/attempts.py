"""Durable failure counters and locks (``attempt_limits``): wrong PINs, failed staff logins,
guessed member codes.

The counters live in the database, not in process memory, so a limit holds across worker
processes and restarts. The caller's write transaction holds the row: ``SELECT ... FOR UPDATE``
on PostgreSQL, the database write lock (``BEGIN IMMEDIATE``) on SQLite, so two concurrent
failures are both counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pointsapi.auth.models import AttemptLimit


@dataclass(frozen=True)
class Limit:
    scope: str
    max_failures: int
    # None: failures count until a success resets them ("in a row"); else a fixed window that
    # starts with the first failure.
    window: timedelta | None
    lock_for: timedelta


@dataclass(frozen=True)
class Outcome:
    attempts_left: int
    locked_until: datetime | None


def _load(session: Session, scope: str, key: str) -> AttemptLimit | None:
    return session.scalar(
        select(AttemptLimit)
        .where(AttemptLimit.scope == scope, AttemptLimit.key == key)
        .with_for_update()
    )


def _fresh(row: AttemptLimit, limit: Limit, now: datetime) -> bool:
    """Whether the row's failures no longer count (its lock or its window is over)."""
    if row.locked_until is not None:
        return row.locked_until <= now
    return limit.window is not None and row.window_started_at + limit.window <= now


def locked_until(session: Session, scope: str, key: str, now: datetime) -> datetime | None:
    row = _load(session, scope, key)
    if row is None or row.locked_until is None or row.locked_until <= now:
        return None
    return row.locked_until


def attempts_left(session: Session, limit: Limit, key: str, now: datetime) -> int:
    row = _load(session, limit.scope, key)
    if row is None or _fresh(row, limit, now):
        return limit.max_failures
    if row.locked_until is not None:
        return 0
    return max(0, limit.max_failures - row.failures)


def record_failure(session: Session, limit: Limit, key: str, now: datetime) -> Outcome:
    """Count one failure; the one that reaches the limit locks until ``now + lock_for``."""
    row = _load(session, limit.scope, key)
    if row is None:
        row = AttemptLimit(
            scope=limit.scope, key=key, failures=0, window_started_at=now, locked_until=None
        )
        try:
            with session.begin_nested():
                session.add(row)
        except IntegrityError:
            # A concurrent first failure inserted the row (PostgreSQL): count on that one.
            row = _load(session, limit.scope, key)
            assert row is not None
    if row.locked_until is not None and row.locked_until > now:
        return Outcome(0, row.locked_until)
    if row.failures == 0 or _fresh(row, limit, now):
        row.failures = 0
        row.window_started_at = now
        row.locked_until = None
    row.failures += 1
    if row.failures >= limit.max_failures:
        row.locked_until = now + limit.lock_for
    session.flush()
    return Outcome(max(0, limit.max_failures - row.failures), row.locked_until)


def reset(session: Session, scope: str, key: str) -> None:
    """Forget the failures and any lock (a success, a new PIN, an admin unlock)."""
    session.execute(
        delete(AttemptLimit).where(AttemptLimit.scope == scope, AttemptLimit.key == key)
    )
