"""Request and response bodies of earning, receipts, promotions and tiers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from pointsapi.core.schemas import (
    MAX_MULTIPLIER_PCT,
    Code32,
    Day,
    Id,
    IsoDatetime,
    Name100,
    ScanPayload,
    SignedCode,
    Strict,
)
from pointsapi.members.schemas import MemberSummary, TierRef


class CheckinResult(BaseModel):
    business_day: date
    streak: int
    points: int
    bonus: int


class CheckinResponse(BaseModel):
    checkin: CheckinResult
    member: MemberSummary


class ReceiptClaimRequest(Strict):
    receipt: SignedCode


class ReceiptResult(BaseModel):
    store_id: str
    receipt_no: str
    amount_minor: int
    currency: str
    points: int
    purchased_at: datetime


class ReceiptClaimResponse(BaseModel):
    receipt: ReceiptResult
    member: MemberSummary


class PurchaseRequest(Strict):
    receipt_no: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._:/-]{1,64}$")]
    amount_minor: int = Field(ge=1, le=10**12, strict=True)
    payment_method: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,32}$")]
    member: ScanPayload = Field(description="scanned member code or card")
    purchased_at: IsoDatetime | None = None


class PurchaseResponse(BaseModel):
    receipt_no: str
    member_id: str
    points: int
    balance: int
    tier: TierRef


class ReceiptKey(BaseModel):
    store_id: str
    alg: Literal["HMAC-SHA256"]
    key: str


class PromotionCreate(Strict):
    name: Name100
    store_id: Id | None = None
    schedule: Literal["month_day", "weekday"]
    schedule_value: int = Field(ge=1, le=31, strict=True)
    multiplier_pct: int = Field(ge=100, le=MAX_MULTIPLIER_PCT, strict=True)
    tier_codes: list[Code32] | None = None
    starts_on: Day
    ends_on: Day | None = None


class PromotionView(PromotionCreate):
    id: str


class TierSet(Strict):
    name_en: Name100
    name_zh: Name100
    rank: int = Field(ge=1, le=100, strict=True)
    min_qualifying: int = Field(ge=0, le=10**9, strict=True)
    earn_multiplier_pct: int = Field(ge=0, le=MAX_MULTIPLIER_PCT, strict=True)
    daily_spins: int = Field(ge=0, le=100, strict=True)


class TierView(TierSet):
    code: str


class PromotionPatch(Strict):
    active: bool | None = Field(default=None, strict=True)
    ends_on: Day | None = None
