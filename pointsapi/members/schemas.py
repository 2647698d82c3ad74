"""Request and response bodies of members: identify, the member summary, codes and PINs."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from pointsapi.core.schemas import Id, LocalizedName, ScanPayload, Strict, Text200


class TierRef(BaseModel):
    code: str
    name: LocalizedName


class NextTier(TierRef):
    points_needed: int = Field(ge=0)


class Expiring(BaseModel):
    points: int = Field(ge=0)
    on: date


class TierReview(BaseModel):
    on: date
    points_to_keep: int = Field(ge=0)


class MemberSummary(BaseModel):
    member_id: str
    member_no_masked: str
    display_name: str
    balance: int
    tier: TierRef
    next_tier: NextTier | None
    qualifying_points: int
    tier_progress: float = Field(ge=0, le=1)
    tier_review: TierReview | None = None
    expiring: Expiring | None
    checked_in_today: bool
    spins_left: int = Field(ge=0)
    language: Literal["zh", "en"]


class IdentifyRequest(Strict):
    payload: ScanPayload


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


class MemberCreate(Strict):
    full_name: Text200
    language: Literal["zh", "en"] = "zh"
    store_id: Id
    card_number: ScanPayload | None = None
    referrer_member_no: str | None = Field(default=None, pattern=r"^\d{4,20}$")


class MemberCreated(BaseModel):
    member_id: str
    member_no: str
    member_token: str
    balance: int


# [0-9], not \d: \d also matches other scripts' digits.
MemberPinDigits = Annotated[str, StringConstraints(pattern=r"^[0-9]{4,6}$")]


class PinVerifyRequest(Strict):
    pin: MemberPinDigits


class PinSessionInfo(BaseModel):
    token: str
    expires_at: datetime
    can_spend: bool
    via: Literal["code", "card", "pin"]


class PinVerifyResponse(BaseModel):
    session: PinSessionInfo


class MemberPinSet(Strict):
    pin: MemberPinDigits


class MemberPinView(BaseModel):
    pin_set: bool
    set_at: datetime


class PinPolicy(Strict):
    # True: a card visit may spend after the member's PIN; False: spending needs the phone code.
    member_pin_spend: bool = Field(strict=True)


class PinPolicyView(PinPolicy):
    store_id: str
