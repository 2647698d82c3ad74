"""Earning points: purchases (till or receipt claim), daily check-in, registration, referral.

Every function runs inside the caller's write transaction and takes the member lock first, so
concurrent writes for one member are serialised (PostgreSQL row lock; SQLite BEGIN IMMEDIATE).
Purchases earn qualifying (tier) points; bonuses (check-in, registration, referral) do not.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pointsapi.core import signing
from pointsapi.core.actor import Actor
from pointsapi.core.errors import ApiError
from pointsapi.ledger import receipts, tiers
from pointsapi.ledger import service as ledger
from pointsapi.ledger.config_store import store_rules
from pointsapi.ledger.models import Checkin, LedgerEntry, Promotion, Receipt, Tier
from pointsapi.ledger.rules import expiry
from pointsapi.ledger.rules.earning import PromotionRule, promotion_multiplier, purchase_points
from pointsapi.members.models import Member
from pointsapi.stores.models import Store

# A receipt dated this far in the future (clock skew between till and server) is still accepted.
RECEIPT_CLOCK_SKEW = timedelta(minutes=5)


def credit(
    session: Session,
    *,
    member: Member,
    store: Store,
    points: int,
    reason: str,
    actor: Actor,
    idempotency_key: str,
    now: datetime,
    qualifying: bool,
    reference: str | None = None,
) -> LedgerEntry | None:
    """Add an earning lot under the store's expiry policy; upgrade the tier if earned."""
    if points <= 0:
        return None
    rules = store_rules(store)
    entry = ledger.earn(
        session,
        member_id=member.id,
        store_id=store.id,
        points=points,
        reason=reason,
        actor=actor,
        idempotency_key=idempotency_key,
        now=now,
        expires_at=expiry.expires_at(
            now, policy=rules.expiry_policy, days=rules.expiry_days, timezone=store.timezone
        ),
        qualifying=qualifying,
        reference=reference,
    )
    if qualifying:
        tiers.apply_upgrade(session, member, now)
    return entry


def locked_member(session: Session, member_id: str) -> Member:
    member = ledger.lock_member(session, member_id)
    if member is None:
        raise ApiError(404, "member_not_found", "No such member.")
    if member.status != "active":
        raise ApiError(403, "member_blocked", "This membership is blocked; please ask staff.")
    return member


def _promotions(session: Session, store: Store) -> list[PromotionRule]:
    rows = session.scalars(
        select(Promotion).where(
            Promotion.active.is_(True),
            or_(Promotion.store_id.is_(None), Promotion.store_id == store.id),
        )
    )
    return [
        PromotionRule(
            promotion_id=p.id,
            schedule=p.schedule,
            value=p.schedule_value,
            multiplier_pct=p.multiplier_pct,
            tier_codes=frozenset(json.loads(p.tier_codes_json)) if p.tier_codes_json else None,
            starts_on=p.starts_on,
            ends_on=p.ends_on,
        )
        for p in rows
    ]


def _already_claimed(store: Store, receipt: Receipt) -> ApiError:
    local = receipt.created_at.astimezone(ZoneInfo(store.timezone))
    return ApiError(
        409,
        "receipt_already_claimed",
        f"This receipt already earned points on {local:%Y-%m-%d %H:%M} (store time).",
        extra={"claimed_at": receipt.created_at.isoformat()},
    )


def record_purchase(
    session: Session,
    *,
    store: Store,
    member: Member,
    receipt_no: str,
    amount_minor: int,
    payment_method: str,
    purchased_at: datetime,
    source: str,
    actor: Actor,
    idempotency_key: str,
    now: datetime,
) -> Receipt:
    """Earn the points of one purchase, once per (store, receipt number)."""
    rules = store_rules(store)
    if amount_minor <= 0 or amount_minor > rules.max_purchase_minor:
        raise ApiError(
            422,
            "amount_out_of_range",
            f"The amount must be between 1 and {rules.max_purchase_minor} minor units.",
        )
    existing = session.scalar(
        select(Receipt).where(Receipt.store_id == store.id, Receipt.receipt_no == receipt_no)
    )
    if existing is not None:
        raise _already_claimed(store, existing)
    tier = session.get(Tier, member.tier_code)
    tier_pct = tier.earn_multiplier_pct if tier else 100
    day = purchased_at.astimezone(ZoneInfo(store.timezone)).date()
    promo_pct, promo_id = promotion_multiplier(_promotions(session, store), day, member.tier_code)
    points = purchase_points(amount_minor, rules.earn, tier_pct, promo_pct)
    reference = f"receipt:{receipt_no}" + (f";promo:{promo_id}" if promo_id else "")
    entry = credit(
        session,
        member=member,
        store=store,
        points=points,
        reason="purchase",
        actor=actor,
        idempotency_key=idempotency_key,
        now=now,
        qualifying=True,
        reference=reference[:128],
    )
    receipt = Receipt(
        store_id=store.id,
        receipt_no=receipt_no,
        member_id=member.id,
        amount_minor=amount_minor,
        payment_method=payment_method,
        purchased_at=purchased_at,
        source=source,
        points=points,
        entry_id=entry.id if entry else None,
        created_at=now,
    )
    try:
        with session.begin_nested():
            session.add(receipt)
    except IntegrityError as exc:
        # The same receipt was recorded concurrently (PostgreSQL); this attempt changes nothing.
        raise ApiError(
            409, "receipt_already_claimed", "This receipt already earned points."
        ) from exc
    return receipt


def claim_receipt(
    session: Session,
    *,
    token: str,
    member: Member,
    actor: Actor,
    idempotency_key: str,
    now: datetime,
) -> Receipt:
    """Verify a scanned receipt QR and earn its points for the member."""
    invalid = ApiError(
        422, "receipt_invalid", "This receipt code is not valid (damaged or not from our tills)."
    )
    try:
        store_id = receipts.peek_store(token)
    except signing.Malformed as exc:
        raise invalid from exc
    store = session.get(Store, store_id)
    if store is None or store.receipt_key is None:
        raise invalid
    try:
        data = receipts.verify_receipt(store.receipt_key, token)
    except signing.Malformed as exc:
        raise invalid from exc
    rules = store_rules(store)
    if data.purchased_at > now + RECEIPT_CLOCK_SKEW:
        raise invalid
    if now - data.purchased_at > timedelta(days=rules.receipt_max_age_days):
        raise ApiError(
            422,
            "receipt_expired",
            f"Receipts can be claimed within {rules.receipt_max_age_days} days of purchase.",
        )
    return record_purchase(
        session,
        store=store,
        member=member,
        receipt_no=data.receipt_no,
        amount_minor=data.amount_minor,
        payment_method=data.payment_method,
        purchased_at=data.purchased_at,
        source="kiosk",
        actor=actor,
        idempotency_key=idempotency_key,
        now=now,
    )


def check_in(
    session: Session,
    *,
    store: Store,
    member: Member,
    actor: Actor,
    idempotency_key: str,
    now: datetime,
) -> Checkin:
    """Once per member per store-local business day; a missed day restarts the streak."""
    rules = store_rules(store).checkin
    day = now.astimezone(ZoneInfo(store.timezone)).date()
    existing = session.scalar(
        select(Checkin).where(
            Checkin.member_id == member.id,
            Checkin.store_id == store.id,
            Checkin.business_day == day,
        )
    )
    if existing is not None:
        raise ApiError(409, "already_checked_in", "Already checked in today; come back tomorrow.")
    previous = session.scalar(
        select(Checkin).where(
            Checkin.member_id == member.id,
            Checkin.store_id == store.id,
            Checkin.business_day == day - timedelta(days=1),
        )
    )
    streak = previous.streak + 1 if previous is not None else 1
    bonus = rules.bonus_for(streak)
    for points, reason in ((rules.points, "checkin"), (bonus, "checkin_streak_bonus")):
        credit(
            session,
            member=member,
            store=store,
            points=points,
            reason=reason,
            actor=actor,
            idempotency_key=idempotency_key,
            now=now,
            qualifying=False,
            reference=f"checkin:{day.isoformat()}",
        )
    checkin = Checkin(
        member_id=member.id,
        store_id=store.id,
        business_day=day,
        streak=streak,
        points=rules.points,
        bonus=bonus,
        created_at=now,
    )
    try:
        with session.begin_nested():
            session.add(checkin)
    except IntegrityError as exc:
        raise ApiError(409, "already_checked_in", "Already checked in today.") from exc
    return checkin


def member_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Member)) or 0)
