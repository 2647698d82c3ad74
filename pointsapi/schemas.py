"""Request and response bodies (the OpenAPI document is generated from these)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    # Unknown fields are refused: a typo in a client must not be silently ignored.
    model_config = ConfigDict(extra="forbid")


class LocalizedName(BaseModel):
    en: str
    zh: str


class TierRef(BaseModel):
    code: str
    name: LocalizedName


class NextTier(TierRef):
    points_needed: int = Field(ge=0)


class Expiring(BaseModel):
    points: int = Field(ge=0)
    on: date


class MemberSummary(BaseModel):
    member_id: str
    member_no_masked: str
    display_name: str
    balance: int
    tier: TierRef
    next_tier: NextTier | None
    qualifying_points: int
    tier_progress: float = Field(ge=0, le=1)
    expiring: Expiring | None
    checked_in_today: bool
    spins_left: int = Field(ge=0)
    language: Literal["zh", "en"]


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    version: str
    database: Literal["ok", "unavailable"]


class IdentifyRequest(Strict):
    payload: str = Field(min_length=1, max_length=512)


class MemberSessionInfo(BaseModel):
    token: str
    expires_at: datetime
    can_spend: bool
    via: Literal["code", "card"]


class IdentifyResponse(BaseModel):
    member: MemberSummary
    session: MemberSessionInfo


class MemberCode(BaseModel):
    payload: str
    step_seconds: int
    valid_until: datetime


class StoreInfo(BaseModel):
    store_id: str
    name: LocalizedName
    timezone: str
    currency: str


class KioskMe(BaseModel):
    kiosk_id: str
    store: StoreInfo


class Problem(BaseModel):
    """``application/problem+json``; ``code`` is stable, clients switch on it."""

    type: str
    title: str
    status: int
    detail: str
    code: str
