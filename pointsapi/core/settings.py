"""Runtime settings of the API (explicit object; ``from_env`` for the CLI and worker processes)."""

from __future__ import annotations

import os
from datetime import timedelta

from pydantic import BaseModel, ConfigDict, Field

from pointsapi.core.clock import Clock, SystemClock
from pointsapi.core.member_web import MemberWebSettings
from pointsapi.core.security import SecuritySettings
from pointsapi.core.sms_settings import SmsSettings

DEFAULT_DATABASE_URL = "sqlite:///pointsapi.sqlite3"
ENV_DATABASE_URL = "POINTSAPI_DATABASE_URL"
# A till may report a purchase this long after it happened (a till that was offline catches up);
# older is a typo or a replay, and would earn under rules and tiers that no longer apply.
TILL_PURCHASE_MAX_AGE = timedelta(days=90)


class Settings(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True, frozen=True)

    database_url: str = DEFAULT_DATABASE_URL
    # Injected in tests; never read the wall clock anywhere else.
    clock: Clock = Field(default_factory=SystemClock)
    # Requests larger than this are refused with 413 before the body is parsed.
    max_body_bytes: int = Field(default=64 * 1024, ge=1024)
    # How long a member session opened at the kiosk stays valid.
    member_session_ttl: timedelta = timedelta(minutes=10)
    # Failed identify attempts a kiosk may make per minute before it gets 429.
    identify_failures_per_minute: int = Field(default=30, ge=1)
    # Connection pool size per worker process (PostgreSQL).
    pool_size: int = Field(default=10, ge=1)
    # How old a purchase a till may still report (``purchased_at_too_old`` beyond).
    till_purchase_max_age: timedelta = Field(default=TILL_PURCHASE_MAX_AGE, gt=timedelta(0))
    # PIN, staff login and per-member identify limits; staff session lifetimes.
    security: SecuritySettings = Field(default_factory=SecuritySettings)
    # The member web app (/m/): one-time codes, send limits, sessions; and the SMS sender.
    member_web: MemberWebSettings = Field(default_factory=MemberWebSettings)
    sms: SmsSettings = Field(default_factory=SmsSettings)

    @classmethod
    def from_env(cls) -> Settings:
        """Settings for a worker process started by uvicorn (the CLI passes them by env)."""
        return cls(
            database_url=os.environ.get(ENV_DATABASE_URL, DEFAULT_DATABASE_URL),
            sms=SmsSettings.from_env(),
        )
