"""The MemberSummary a kiosk shows after identifying a member."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pointsapi.core.masking import mask_member_no, mask_name
from pointsapi.core.schemas import LocalizedName
from pointsapi.ledger import service as ledger
from pointsapi.ledger import tiers
from pointsapi.ledger.models import Checkin, PointLot
from pointsapi.lottery.offer import free_spins_left
from pointsapi.members.models import Member
from pointsapi.members.schemas import Expiring, MemberSummary, NextTier, TierRef, TierReview
from pointsapi.stores.models import Store

EXPIRING_HORIZON = timedelta(days=30)


def local_date(store: Store, instant: datetime) -> date:
    return instant.astimezone(ZoneInfo(store.timezone)).date()


def last_valid_day(store: Store, expires_at: datetime) -> date:
    """Lots expire at an instant; members are told the last day on which they are valid."""
    return local_date(store, expires_at - timedelta(microseconds=1))


def expiring(session: Session, member_id: str, store: Store, now: datetime) -> Expiring | None:
    """Points that expire within 30 days, and the soonest such day (store-local)."""
    horizon = now + EXPIRING_HORIZON
    row = session.execute(
        select(func.coalesce(func.sum(PointLot.remaining), 0), func.min(PointLot.expires_at)).where(
            PointLot.member_id == member_id,
            PointLot.remaining > 0,
            PointLot.expires_at > now,
            PointLot.expires_at <= horizon,
        )
    ).one()
    points, soonest = int(row[0] or 0), row[1]
    if points == 0 or soonest is None:
        return None
    # min() keeps the column type, so this is an aware UTC datetime on both databases.
    assert isinstance(soonest, datetime)
    return Expiring(points=points, on=last_valid_day(store, soonest))


def checked_in_today(session: Session, member_id: str, store: Store, now: datetime) -> bool:
    found = session.scalar(
        select(Checkin.id).where(
            Checkin.member_id == member_id,
            Checkin.store_id == store.id,
            Checkin.business_day == local_date(store, now),
        )
    )
    return found is not None


def build_summary(session: Session, member: Member, store: Store, now: datetime) -> MemberSummary:
    standing = tiers.standing(session, member, now)
    tier = standing.tier
    next_tier = standing.next_tier
    language: Literal["zh", "en"] = "en" if member.preferred_language == "en" else "zh"
    return MemberSummary(
        member_id=member.id,
        member_no_masked=mask_member_no(member.member_no),
        display_name=mask_name(member.full_name),
        balance=ledger.balance(session, member.id, now),
        tier=TierRef(code=tier.code, name=LocalizedName(en=tier.name_en, zh=tier.name_zh)),
        next_tier=None
        if next_tier is None
        else NextTier(
            code=next_tier.code,
            name=LocalizedName(en=next_tier.name_en, zh=next_tier.name_zh),
            points_needed=standing.points_to_next,
        ),
        qualifying_points=standing.qualifying_points,
        tier_progress=standing.progress,
        tier_review=None
        if standing.review_on is None
        else TierReview(on=standing.review_on, points_to_keep=standing.points_to_keep),
        expiring=expiring(session, member.id, store, now),
        checked_in_today=checked_in_today(session, member.id, store, now),
        spins_left=free_spins_left(session, member, store, now),
        language=language,
    )
