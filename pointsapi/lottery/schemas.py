"""Request and response bodies of the wheel endpoints (docs/lottery.md)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from pointsapi.core.schemas import Code40, LocalizedName, Strict, _plain_text
from pointsapi.members.schemas import MemberSummary
from pointsapi.rewards.schemas import VoucherView

SegmentKindName = Literal["points", "voucher", "gift", "thanks"]
SegmentIdText = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.:-]{1,64}$")]
DrawIdText = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{16,64}$")]
LabelText = Annotated[
    str,
    StringConstraints(min_length=1, max_length=24),
    AfterValidator(_plain_text),
]


# --- what the kiosk sees ------------------------------------------------------------------------


class AssetImage(BaseModel):
    asset: str


class UrlImage(BaseModel):
    url: str
    sha256: str


class PointsPrize(BaseModel):
    points: int


class NamedPrize(BaseModel):
    name: LocalizedName


class WheelSegmentView(BaseModel):
    id: str
    label: LocalizedName
    colour: str
    image: AssetImage | UrlImage | None
    kind: SegmentKindName
    prize: PointsPrize | NamedPrize | None
    weight: int = Field(ge=0)
    probability_ppm: int = Field(ge=0, le=1_000_000)
    out_of_stock: bool
    prints: bool


class FairnessView(BaseModel):
    store_day: date
    seed_hash: str
    algorithm: Literal["hmac-sha256-v1"]


class SpinOffer(BaseModel):
    cost_points: int = Field(ge=0)
    free_spins_left: int = Field(ge=0)
    spins_left_today: int = Field(ge=0)
    balance: int


class WheelView(BaseModel):
    wheel_id: str
    version: int = Field(ge=1)
    segments: list[WheelSegmentView]
    fallback_segment_id: str
    spin_cost_points: int = Field(ge=0)
    daily_limit: int = Field(ge=0)
    fairness: FairnessView
    # Only with a member session (null without one).
    offer: SpinOffer | None


class SpinRequest(Strict):
    draw_id: DrawIdText
    wheel_version: int = Field(ge=1, le=2**31 - 1, strict=True)
    cost_points: int = Field(ge=0, le=10**9, strict=True)


class PrizeVoucherView(VoucherView):
    """The prize slip: a voucher (``voucher``) or gift-claim ticket (``gift``) that names its
    draw and the published seed hash, so the member can verify the draw once the seed is out."""

    draw_id: str
    store_day: date
    seed_hash: str
    nonce: int


class SpinResponse(BaseModel):
    draw_id: str
    wheel_version: int
    store_day: date
    segment_id: str
    kind: SegmentKindName
    points_won: int = Field(ge=0)
    voucher: PrizeVoucherView | None
    seed_hash: str
    nonce: int = Field(ge=1)
    paid_with: Literal["free", "points"]
    cost_points: int = Field(ge=0)
    balance_after: int
    offer: SpinOffer
    member: MemberSummary
    created_at: datetime


# --- admin configuration ------------------------------------------------------------------------


class LabelIn(Strict):
    en: LabelText
    zh: LabelText


class AssetImageIn(Strict):
    asset: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_-]{1,64}\.png$")]


class UrlImageIn(Strict):
    url: Annotated[str, StringConstraints(pattern=r"^https://[!-~]{1,480}$")]
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class SegmentConfig(Strict):
    id: SegmentIdText
    kind: SegmentKindName
    label: LabelIn
    colour: Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]
    image: AssetImageIn | UrlImageIn | None = None
    weight: int = Field(ge=0, le=2**31 - 1, strict=True)
    # points: the prize; voucher / gift: the catalogue item (a gift's stock is its store stock).
    points: int | None = Field(default=None, ge=1, le=10**6, strict=True)
    item_code: Code40 | None = None
    # What one win costs the daily budget (voucher / gift; default: the item's points cost).
    budget_points: int | None = Field(default=None, ge=0, le=10**9, strict=True)


class WheelConfig(Strict):
    active: bool = Field(default=True, strict=True)
    spin_cost_points: int = Field(ge=0, le=10**6, strict=True)
    daily_limit: int = Field(ge=1, le=1000, strict=True)
    daily_budget_points: int | None = Field(default=None, ge=0, le=10**9, strict=True)
    fallback_segment_id: SegmentIdText
    segments: list[SegmentConfig] = Field(min_length=2, max_length=16)


class WheelConfigView(WheelConfig):
    wheel_id: str
    store_id: str
    version: int


# --- public fairness records --------------------------------------------------------------------


class DrawRecord(BaseModel):
    draw_id: str
    nonce: int
    segment_ids: list[str]
    weights: list[int]
    number: str = Field(description="the 64-bit draw number, 16 hex digits")
    segment_index: int
    segment_id: str
    created_at: datetime


class LotteryDayView(BaseModel):
    store_id: str
    store_day: date
    algorithm: Literal["hmac-sha256-v1"]
    seed_hash: str
    revealed: bool
    # Hex of the 32-byte seed once the store-day has ended, else null.
    seed: str | None
    # The day's draws once revealed (empty before).
    draws: list[DrawRecord]


class DaySeed(BaseModel):
    store_day: date
    seed_hash: str
    revealed: bool
    seed: str | None


class LotteryDaysView(BaseModel):
    store_id: str
    algorithm: Literal["hmac-sha256-v1"]
    days: list[DaySeed]
