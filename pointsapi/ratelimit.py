"""A per-process limit on failed identify attempts per kiosk (guessing codes or card numbers).

Kept in memory: with several worker processes each enforces its own limit, which still bounds
guessing to a small multiple of the configured rate.
"""

from __future__ import annotations

import threading
from collections import defaultdict, deque
from datetime import datetime, timedelta

WINDOW = timedelta(minutes=1)


class FailureLimiter:
    def __init__(self, per_minute: int) -> None:
        self._limit = per_minute
        self._failures: defaultdict[str, deque[datetime]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _trim(self, key: str, now: datetime) -> deque[datetime]:
        window = self._failures[key]
        while window and window[0] <= now - WINDOW:
            window.popleft()
        return window

    def retry_after(self, key: str, now: datetime) -> int | None:
        """Seconds to wait if ``key`` is over the limit, else None."""
        with self._lock:
            window = self._trim(key, now)
            if len(window) < self._limit:
                return None
            return max(1, int((window[0] + WINDOW - now).total_seconds()) + 1)

    def record_failure(self, key: str, now: datetime) -> None:
        with self._lock:
            self._trim(key, now).append(now)
