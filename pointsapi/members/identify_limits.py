"""Limits on identification, per kiosk and per member number.

Per kiosk: failed identify attempts of any kind (unknown cards, wrong or replayed codes) stop
one kiosk from guessing. Per member number: wrong, expired and replayed codes naming one member
stop guessing one member's code from many kiosks at once. Both are counted in the database
(``attempt_limits``, scopes ``identify_kiosk`` and ``identify_member``), so they hold across
worker processes and restarts; over a limit, identify answers ``429 rate_limited`` with
``Retry-After`` until the lock ends.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from pointsapi.auth import attempts
from pointsapi.core.runtime import Runtime
from pointsapi.members import codes

SCOPE = "identify_member"
KIOSK_SCOPE = "identify_kiosk"
WINDOW = timedelta(minutes=1)
# Refusals that are a wrong guess at a known member number's code.
COUNTED = frozenset({"code_invalid", "code_expired", "code_replayed"})


def _member_no(payload: str) -> str | None:
    parsed = codes.parse_member_code(payload.strip())
    return parsed.member_no if parsed else None


def _limit(rt: Runtime) -> attempts.Limit:
    per_minute = rt.settings.security.identify_member_failures_per_minute
    return attempts.Limit(SCOPE, per_minute, WINDOW, WINDOW)


def retry_after(rt: Runtime, payload: str, now: datetime) -> int | None:
    """Seconds until this payload's member number may be tried again, or None."""
    member_no = _member_no(payload)
    if member_no is None:
        return None
    with rt.db.read() as session:
        until = attempts.locked_until(session, SCOPE, member_no, now)
    if until is None:
        return None
    return max(1, math.ceil((until - now).total_seconds()))


def record_failure(rt: Runtime, payload: str, code: str, now: datetime) -> None:
    """Count a refused code (in its own transaction: the refused request rolled back)."""
    member_no = _member_no(payload)
    if member_no is None or code not in COUNTED:
        return
    with rt.db.write() as session:
        attempts.record_failure(session, _limit(rt), member_no, now)


def _kiosk_limit(rt: Runtime) -> attempts.Limit:
    per_minute = rt.settings.identify_failures_per_minute
    return attempts.Limit(KIOSK_SCOPE, per_minute, WINDOW, WINDOW)


def kiosk_retry_after(rt: Runtime, kiosk_id: str, now: datetime) -> int | None:
    """Seconds until this kiosk may identify again after too many failures, or None."""
    with rt.db.read() as session:
        until = attempts.locked_until(session, KIOSK_SCOPE, kiosk_id, now)
    if until is None:
        return None
    return max(1, math.ceil((until - now).total_seconds()))


def record_kiosk_failure(rt: Runtime, kiosk_id: str, now: datetime) -> None:
    """Count a failed identify at this kiosk (in its own transaction)."""
    with rt.db.write() as session:
        attempts.record_failure(session, _kiosk_limit(rt), kiosk_id, now)
