"""Request and response bodies of the catalogue, redemption and vouchers."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from pointsapi.core.schemas import (
    Code40,
    Instant,
    LocalizedName,
    MinorAmount,
    PointsAmount,
    SignedCode,
    Strict,
    Text200,
)
from pointsapi.members.schemas import MemberSummary


class CatalogueItemView(BaseModel):
    code: str
    kind: Literal["voucher", "gift", "service", "deal"]
    name: LocalizedName
    points: int
    cash_minor: int
    value_minor: int
    currency: str
    stock: int | None
    remaining_for_member: int | None
    affordable: bool
    valid_until: datetime | None


class CatalogueResponse(BaseModel):
    items: list[CatalogueItemView]


class RedeemRequest(Strict):
    item_code: Code40


class PointsCashRequest(Strict):
    points: PointsAmount


class VoucherView(BaseModel):
    voucher_id: str
    code: str
    kind: Literal["voucher", "gift", "service", "deal", "cash"]
    state: Literal["issued", "printed", "redeemed", "expired", "voided"]
    item_code: str | None
    name: LocalizedName
    points: int
    value_minor: int
    cash_due_minor: int
    currency: str
    issued_at: datetime
    expires_at: datetime
    redeemed_at: datetime | None


class UnprintedVoucher(VoucherView):
    intent_key: str = Field(
        description="The Idempotency-Key of the kiosk's request that paid for this voucher"
    )


class UnprintedVouchers(BaseModel):
    vouchers: list[UnprintedVoucher]


class RedeemResponse(BaseModel):
    voucher: VoucherView
    member: MemberSummary


class TillRedeemRequest(Strict):
    code: SignedCode


class PublicKey(BaseModel):
    kid: str
    alg: Literal["Ed25519"]
    public_key: str


class PublicKeys(BaseModel):
    keys: list[PublicKey]


class CatalogueItemCreate(Strict):
    code: Code40
    kind: Literal["voucher", "gift", "service", "deal"]
    name_en: Text200
    name_zh: Text200
    points_cost: PointsAmount
    cash_minor: MinorAmount = 0
    value_minor: MinorAmount = 0
    valid_from: Instant | None = None
    valid_until: Instant | None = None
    per_member_limit: int | None = Field(default=None, ge=1, le=10**6, strict=True)
    tier_codes: list[Code40] | None = None
    voucher_valid_days: int = Field(default=30, ge=1, le=3650, strict=True)
    active: bool = Field(default=True, strict=True)


class CatalogueItemAdmin(CatalogueItemCreate):
    id: str


class StockSet(Strict):
    quantity: int = Field(ge=0, le=10**6, strict=True)


class StockView(BaseModel):
    item_code: str
    store_id: str
    quantity: int


class CatalogueItemPatch(Strict):
    """Fields an admin may change on an item; absent fields stay as they are."""

    name_en: Text200 | None = None
    name_zh: Text200 | None = None
    points_cost: PointsAmount | None = None
    cash_minor: MinorAmount | None = None
    value_minor: MinorAmount | None = None
    valid_until: Instant | None = None
    per_member_limit: int | None = Field(default=None, ge=1, le=10**6, strict=True)
    tier_codes: list[Code40] | None = None
    voucher_valid_days: int | None = Field(default=None, ge=1, le=3650, strict=True)
    active: bool | None = Field(default=None, strict=True)
