"""Limits for PINs, staff logins and identification (part of :class:`pointsapi.settings.Settings`).

Every counter these limits apply to lives in the database (``attempt_limits``), so a limit holds
across worker processes and restarts.
"""

from __future__ import annotations

from datetime import timedelta

from pydantic import BaseModel, ConfigDict, Field


class SecuritySettings(BaseModel):
    model_config = ConfigDict(frozen=True)

    # Member PIN on a card visit: wrong PINs in a row (per member) before the PIN locks.
    member_pin_attempts: int = Field(default=5, ge=1)
    member_pin_lock: timedelta = timedelta(minutes=15)
    # Failed identifies naming one member number (wrong, expired or replayed rotating code),
    # counted across every kiosk, within one minute before that member number gets 429.
    identify_member_failures_per_minute: int = Field(default=10, ge=1)
    # Staff login: wrong PINs in a row per staff credential, then a lock at every kiosk.
    staff_pin_attempts: int = Field(default=5, ge=1)
    staff_lock: timedelta = timedelta(minutes=15)
    # Staff login: failed logins at one kiosk within ``staff_kiosk_window`` lock that kiosk.
    staff_kiosk_failures: int = Field(default=5, ge=1)
    staff_kiosk_window: timedelta = timedelta(minutes=15)
    # Staff sessions end this long after login, or after this long without a staff request.
    staff_session_ttl: timedelta = timedelta(minutes=60)
    staff_idle_timeout: timedelta = timedelta(minutes=15)
