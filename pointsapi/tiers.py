"""Tier standing: qualifying points over the qualifying period, upgrades, next tier.

Qualifying points are counted from ledger entries (``qualifying_points``), separately from the
spendable balance, so spending never lowers a tier. A member moves up as soon as they qualify;
moving down only happens at the review date (see :func:`review_member`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pointsapi.models import LedgerEntry, Member, Tier

# Rolling qualifying window (the phase-B engine makes this configurable).
ROLLING_WINDOW = timedelta(days=365)


@dataclass(frozen=True)
class Standing:
    tier: Tier
    next_tier: Tier | None
    qualifying_points: int

    @property
    def points_to_next(self) -> int:
        if self.next_tier is None:
            return 0
        return max(0, self.next_tier.min_qualifying - self.qualifying_points)

    @property
    def progress(self) -> float:
        """0..1 towards the next tier (1.0 at the top tier)."""
        if self.next_tier is None or self.next_tier.min_qualifying <= 0:
            return 1.0
        return round(min(1.0, max(0.0, self.qualifying_points / self.next_tier.min_qualifying)), 4)


def all_tiers(session: Session) -> list[Tier]:
    return list(session.scalars(select(Tier).order_by(Tier.rank)))


def qualifying_points(session: Session, member_id: str, now: datetime) -> int:
    total = session.scalar(
        select(func.coalesce(func.sum(LedgerEntry.qualifying_points), 0)).where(
            LedgerEntry.member_id == member_id,
            LedgerEntry.created_at > now - ROLLING_WINDOW,
        )
    )
    return int(total or 0)


def earned_tier(tiers: list[Tier], points: int) -> Tier:
    """The highest tier whose threshold ``points`` reaches (tiers sorted by rank)."""
    best = tiers[0]
    for tier in tiers:
        if points >= tier.min_qualifying:
            best = tier
    return best


def standing(session: Session, member: Member, now: datetime) -> Standing:
    tiers = all_tiers(session)
    current = next((t for t in tiers if t.code == member.tier_code), tiers[0])
    higher = [t for t in tiers if t.rank > current.rank]
    return Standing(
        tier=current,
        next_tier=higher[0] if higher else None,
        qualifying_points=qualifying_points(session, member.id, now),
    )


def apply_upgrade(session: Session, member: Member, now: datetime) -> bool:
    """Move the member up at once if their qualifying points reach a higher tier."""
    tiers = all_tiers(session)
    target = earned_tier(tiers, qualifying_points(session, member.id, now))
    current = next((t for t in tiers if t.code == member.tier_code), tiers[0])
    if target.rank > current.rank:
        member.tier_code = target.code
        return True
    return False
