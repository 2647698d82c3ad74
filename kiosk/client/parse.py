"""JSON from the API -> core models. Strict: a missing or mistyped field raises KeyError/TypeError,
which the client reports as an unusable answer instead of showing half a member screen."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, TypeVar

from kiosk.core.models import (
    CheckinResult,
    Expiring,
    Identified,
    IssuedVoucher,
    MemberSession,
    MemberSummary,
    NextTier,
    ReceiptResult,
    Redeemed,
    RewardItem,
    Tier,
)
from kiosk.core.staff import GiftStock, StaffIdentity

T = TypeVar("T")


def _typed(value: Any, kind: type[T]) -> T:
    # bool is an int in Python; a points figure that arrives as true/false is a contract error.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise TypeError(f"expected {kind.__name__}, got {type(value).__name__}")
    return value


def _names(value: Any) -> dict[str, str]:
    names = _typed(value, dict)
    return {str(k): _typed(v, str) for k, v in names.items()}


def _tier(data: Any) -> Tier:
    return Tier(code=_typed(data["code"], str), names=_names(data["name"]))


def parse_member_summary(data: dict[str, Any]) -> MemberSummary:
    next_tier = data.get("next_tier")
    expiring = data.get("expiring")
    progress = data.get("tier_progress", 1.0)
    if isinstance(progress, bool) or not isinstance(progress, int | float):
        raise TypeError("tier_progress must be a number")
    return MemberSummary(
        member_id=_typed(data["member_id"], str),
        member_no_masked=_typed(data["member_no_masked"], str),
        display_name=_typed(data["display_name"], str),
        balance=_typed(data["balance"], int),
        tier=_tier(data["tier"]),
        next_tier=None
        if next_tier is None
        else NextTier(tier=_tier(next_tier), points_needed=_typed(next_tier["points_needed"], int)),
        qualifying_points=_typed(data.get("qualifying_points", 0), int),
        tier_progress=min(1.0, max(0.0, float(progress))),
        expiring=None
        if expiring is None
        else Expiring(
            points=_typed(expiring["points"], int),
            on=date.fromisoformat(_typed(expiring["on"], str)),
        ),
        checked_in_today=_typed(data.get("checked_in_today", False), bool),
        spins_left=_typed(data.get("spins_left", 0), int),
        language=_typed(data.get("language", ""), str),
    )


def parse_session(data: dict[str, Any]) -> MemberSession:
    session = _typed(data["session"], dict)
    return MemberSession(
        token=_typed(session["token"], str),
        can_spend=_typed(session["can_spend"], bool),
        via=_typed(session.get("via", ""), str),
    )


def parse_identified(data: dict[str, Any]) -> Identified:
    return Identified(
        member=parse_member_summary(_typed(data["member"], dict)), session=parse_session(data)
    )


def _optional_int(value: Any) -> int | None:
    return None if value is None else _typed(value, int)


def _time(value: Any) -> datetime:
    parsed = datetime.fromisoformat(_typed(value, str))
    if parsed.tzinfo is None:
        raise ValueError("times must carry an offset")
    return parsed


def parse_checkin(data: dict[str, Any]) -> CheckinResult:
    checkin = _typed(data["checkin"], dict)
    return CheckinResult(
        points=_typed(checkin["points"], int),
        bonus=_typed(checkin.get("bonus", 0), int),
        streak=_typed(checkin["streak"], int),
        member=parse_member_summary(_typed(data["member"], dict)),
    )


def parse_receipt(data: dict[str, Any]) -> ReceiptResult:
    receipt = _typed(data["receipt"], dict)
    return ReceiptResult(
        points=_typed(receipt["points"], int),
        amount_minor=_typed(receipt["amount_minor"], int),
        currency=_typed(receipt["currency"], str),
        member=parse_member_summary(_typed(data["member"], dict)),
    )


def parse_reward(data: Any) -> RewardItem:
    item = _typed(data, dict)
    return RewardItem(
        code=_typed(item["code"], str),
        kind=_typed(item["kind"], str),
        names=_names(item["name"]),
        points=_typed(item["points"], int),
        cash_minor=_typed(item.get("cash_minor", 0), int),
        value_minor=_typed(item.get("value_minor", 0), int),
        currency=_typed(item["currency"], str),
        affordable=_typed(item["affordable"], bool),
        stock=_optional_int(item.get("stock")),
        remaining_for_member=_optional_int(item.get("remaining_for_member")),
    )


def parse_rewards(data: dict[str, Any]) -> tuple[RewardItem, ...]:
    return tuple(parse_reward(item) for item in _typed(data["items"], list))


def parse_voucher(data: Any) -> IssuedVoucher:
    voucher = _typed(data, dict)
    return IssuedVoucher(
        voucher_id=_typed(voucher["voucher_id"], str),
        code=_typed(voucher["code"], str),
        kind=_typed(voucher["kind"], str),
        names=_names(voucher["name"]),
        points=_typed(voucher["points"], int),
        value_minor=_typed(voucher.get("value_minor", 0), int),
        cash_due_minor=_typed(voucher.get("cash_due_minor", 0), int),
        currency=_typed(voucher["currency"], str),
        issued_at=_time(voucher["issued_at"]),
        expires_at=_time(voucher["expires_at"]),
    )


def parse_redeemed(data: dict[str, Any]) -> Redeemed:
    return Redeemed(
        voucher=parse_voucher(data["voucher"]),
        member=parse_member_summary(_typed(data["member"], dict)),
    )


# --- staff mode (docs/staff-api.md) ---------------------------------------------------------------


def parse_gift(data: Any) -> GiftStock:
    gift = _typed(data, dict)
    return GiftStock(
        code=_typed(gift["code"], str),
        names=_names(gift["name"]),
        quantity=_typed(gift["quantity"], int),
        low_threshold=_typed(gift["low_threshold"], int),
    )


def parse_gifts(data: dict[str, Any]) -> tuple[GiftStock, ...]:
    return tuple(parse_gift(item) for item in _typed(data["gifts"], list))


def parse_login(data: dict[str, Any]) -> tuple[StaffIdentity, str]:
    staff = _typed(data["staff"], dict)
    identity = StaffIdentity(
        _typed(staff["staff_id"], str),
        _typed(staff["display_name"], str),
        _typed(staff["role"], str),
    )
    return identity, _typed(data["token"], str)
