"""Limits and lifetimes of the member web app (part of :class:`Settings`)."""

from __future__ import annotations

from datetime import timedelta

from pydantic import BaseModel, ConfigDict, Field


class MemberWebSettings(BaseModel):
    model_config = ConfigDict(frozen=True)

    # One-time codes sent by SMS: lifetime and wrong entries before the code is dead.
    otp_ttl: timedelta = timedelta(minutes=5)
    otp_attempts: int = Field(default=5, ge=1)
    # Codes sent to one number within ``send_window``, and to one client address.
    sends_per_number: int = Field(default=3, ge=1)
    sends_per_client: int = Field(default=10, ge=1)
    send_window: timedelta = timedelta(hours=1)
    # A signed-in phone stays signed in this long (sign out everywhere ends it at once).
    session_ttl: timedelta = timedelta(days=90)
    # Where a verified number may finish joining (accept the terms).
    join_grant_ttl: timedelta = timedelta(minutes=15)
    # Cookies carry Secure unless the page was asked for over plain http on loopback (dev).
    cookie_secure: bool = True
