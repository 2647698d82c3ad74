"""Request and response bodies (the OpenAPI document is generated from these)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

_CONTROL = frozenset(chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])


def _plain_text(value: str) -> str:
    """Refuse NUL and other control characters, and lone surrogates: no database stores them,
    and nothing a person types or a scanner reads contains them."""
    if any(c in _CONTROL for c in value):
        raise ValueError("control characters are not allowed")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("not valid Unicode text") from exc
    return value


# Opaque identifiers in requests (path parameters and body fields).
Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,32}$")]
ScanPayload = Annotated[
    str, StringConstraints(min_length=1, max_length=512), AfterValidator(_plain_text)
]
SignedCode = Annotated[
    str, StringConstraints(min_length=1, max_length=2048), AfterValidator(_plain_text)
]


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


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    version: str
    database: Literal["ok", "unavailable"]


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


# --- points engine ------------------------------------------------------------------------------

Text200 = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200, strip_whitespace=True),
    AfterValidator(_plain_text),
]
Code40 = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]
# Amounts are bounded so no arithmetic can overflow a 64-bit column.
# Request numbers are strict: "12", 12.0 or true are wrong types, not 12 or 1.
MinorAmount = Annotated[int, Field(ge=0, le=10**12, strict=True)]
PointsAmount = Annotated[int, Field(ge=1, le=10**9, strict=True)]


class EmptyBody(Strict):
    pass


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


class RedeemResponse(BaseModel):
    voucher: VoucherView
    member: MemberSummary


class PurchaseRequest(Strict):
    receipt_no: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._:/-]{1,64}$")]
    amount_minor: int = Field(ge=1, le=10**12, strict=True)
    payment_method: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,32}$")]
    member: ScanPayload = Field(description="scanned member code or card")
    purchased_at: datetime | None = None


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


class TillRedeemRequest(Strict):
    code: SignedCode


class PublicKey(BaseModel):
    kid: str
    alg: Literal["Ed25519"]
    public_key: str


class PublicKeys(BaseModel):
    keys: list[PublicKey]


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


class CredentialCreate(Strict):
    name: Text200


class CredentialCreated(BaseModel):
    id: str
    store_id: str
    token: str


class CatalogueItemCreate(Strict):
    code: Code40
    kind: Literal["voucher", "gift", "service", "deal"]
    name_en: Text200
    name_zh: Text200
    points_cost: PointsAmount
    cash_minor: MinorAmount = 0
    value_minor: MinorAmount = 0
    valid_from: datetime | None = None
    valid_until: datetime | None = None
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


class PromotionCreate(Strict):
    name: Text200
    store_id: Id | None = None
    schedule: Literal["month_day", "weekday"]
    schedule_value: int = Field(ge=1, le=31, strict=True)
    multiplier_pct: int = Field(ge=100, le=10_000, strict=True)
    tier_codes: list[Code40] | None = None
    starts_on: date
    ends_on: date | None = None


class PromotionView(PromotionCreate):
    id: str


class CatalogueItemPatch(Strict):
    """Fields an admin may change on an item; absent fields stay as they are."""

    name_en: Text200 | None = None
    name_zh: Text200 | None = None
    points_cost: PointsAmount | None = None
    cash_minor: MinorAmount | None = None
    value_minor: MinorAmount | None = None
    valid_until: datetime | None = None
    per_member_limit: int | None = Field(default=None, ge=1, le=10**6, strict=True)
    tier_codes: list[Code40] | None = None
    voucher_valid_days: int | None = Field(default=None, ge=1, le=3650, strict=True)
    active: bool | None = Field(default=None, strict=True)


class TierSet(Strict):
    name_en: Text200
    name_zh: Text200
    rank: int = Field(ge=1, le=100, strict=True)
    min_qualifying: int = Field(ge=0, le=10**9, strict=True)
    earn_multiplier_pct: int = Field(ge=0, le=10_000, strict=True)
    daily_spins: int = Field(ge=0, le=100, strict=True)


class TierView(TierSet):
    code: str


class StoreCreate(Strict):
    code: Code40
    name_en: Text200
    name_zh: Text200
    timezone: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_+/-]{1,64}$")]
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


class StoreCreated(BaseModel):
    store_id: str
    code: str
    name: LocalizedName
    timezone: str
    currency: str


class PromotionPatch(Strict):
    active: bool | None = Field(default=None, strict=True)
    ends_on: date | None = None
