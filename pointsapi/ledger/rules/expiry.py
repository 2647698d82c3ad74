"""When a lot of points expires, under the store's expiry policy.

Policies:
- ``days``: N days after earning (``expires_at = earned_at + N days``);
- ``end_of_following_year``: valid until the end of the calendar year after the year earned,
  in the store's timezone (earned 2026-03-05 -> valid through 2027-12-31);
- ``never``.
``expires_at`` is the first instant at which the points are no longer valid.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

ExpiryPolicy = Literal["days", "end_of_following_year", "never"]


def expires_at(
    earned_at: datetime, *, policy: ExpiryPolicy, days: int, timezone: str
) -> datetime | None:
    if policy == "never":
        return None
    if policy == "days":
        if days <= 0:
            raise ValueError("expiry days must be positive")
        return earned_at + timedelta(days=days)
    zone = ZoneInfo(timezone)
    local_year = earned_at.astimezone(zone).year
    return datetime(local_year + 2, 1, 1, tzinfo=zone)
