"""Per-member limit on identification: failed rotating codes naming one member number.

The per-kiosk limit (:mod:`pointsapi.ratelimit`) stops one kiosk from guessing; this one stops
guessing one member's code from many kiosks at once. Wrong, expired and replayed codes naming a
member number are counted in the database (``attempt_limits``, scope ``identify_member``), so the
limit holds across worker processes; over the limit, identifying that member number answers
``429 rate_limited`` with ``Retry-After`` until the lock ends.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from pointsapi import attempts, codes
from pointsapi.runtime import Runtime

SCOPE = "identify_member"
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
