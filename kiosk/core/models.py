"""What the kiosk knows about a member, as the API told it (the API is the source of truth)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from kiosk.core.wheel.model import SpinResult


@dataclass(frozen=True, slots=True)
class Tier:
    code: str
    names: dict[str, str]  # language -> display name, e.g. {"en": "Gold", "zh": "金卡"}


@dataclass(frozen=True, slots=True)
class NextTier:
    tier: Tier
    points_needed: int


@dataclass(frozen=True, slots=True)
class Expiring:
    points: int
    on: date


@dataclass(frozen=True, slots=True)
class MemberSummary:
    """The member screen's data. Names and numbers arrive already masked by the API."""

    member_id: str
    member_no_masked: str
    display_name: str
    balance: int
    tier: Tier
    next_tier: NextTier | None
    qualifying_points: int
    tier_progress: float  # 0..1 towards the next tier
    expiring: Expiring | None
    checked_in_today: bool
    spins_left: int
    language: str


@dataclass(frozen=True, slots=True)
class MemberSession:
    """The API's grant for this visit: spending needs ``can_spend`` (a rotating code or a PIN)."""

    token: str
    can_spend: bool
    via: str  # "code" | "card"


@dataclass(frozen=True, slots=True)
class Identified:
    member: MemberSummary
    session: MemberSession


@dataclass(frozen=True, slots=True)
class RewardItem:
    """One catalogue entry the member may redeem here, as the API listed it."""

    code: str
    kind: str  # "voucher" | "gift" | "service" | "deal"
    names: dict[str, str]
    points: int
    cash_minor: int  # paid at the till for points + cash deals
    value_minor: int
    currency: str
    affordable: bool
    stock: int | None  # None: not a stocked item
    remaining_for_member: int | None  # None: no per-member limit

    @property
    def available(self) -> bool:
        return self.affordable and self.stock != 0 and self.remaining_for_member != 0


@dataclass(frozen=True, slots=True)
class IssuedVoucher:
    """A voucher the API issued (and signed); the kiosk prints it."""

    voucher_id: str
    code: str
    kind: str
    names: dict[str, str]
    points: int
    value_minor: int
    cash_due_minor: int
    currency: str
    issued_at: datetime
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class CheckinResult:
    points: int
    bonus: int
    streak: int
    member: MemberSummary


@dataclass(frozen=True, slots=True)
class ReceiptResult:
    points: int
    amount_minor: int
    currency: str
    member: MemberSummary


@dataclass(frozen=True, slots=True)
class Redeemed:
    voucher: IssuedVoucher
    member: MemberSummary


@dataclass(frozen=True, slots=True)
class Spun:
    """A spin's answer: the draw (``kiosk.core.wheel.SpinResult``) and the member afterwards."""

    result: SpinResult
    member: MemberSummary | None
