"""Tier standing: qualifying points over the qualifying period, upgrades and reviews.

Qualifying points come from ledger entries (``qualifying_points``), separately from the
spendable balance: spending and expiry never lower a tier. A member moves up as soon as they
qualify. Moving down happens only at the review date: the review looks at the qualifying points
of the 12 months before it (for a calendar-year programme the review is on 1 January, so that is
the calendar year just ended) and sets the tier they earn, up or down.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pointsapi.core.errors import ApiError
from pointsapi.ledger.config_store import program_rules
from pointsapi.ledger.models import LedgerEntry, Tier
from pointsapi.ledger.rules.config import ProgramRules
from pointsapi.ledger.schemas import TierSet
from pointsapi.members.models import Member


@dataclass(frozen=True)
class Standing:
    tier: Tier
    next_tier: Tier | None
    qualifying_points: int
    review_on: date | None
    # Qualifying points counted at the next review that are already earned.
    points_for_review: int

    @property
    def points_to_next(self) -> int:
        if self.next_tier is None:
            return 0
        return max(0, self.next_tier.min_qualifying - self.qualifying_points)

    @property
    def points_to_keep(self) -> int:
        return max(0, self.tier.min_qualifying - self.points_for_review)

    @property
    def progress(self) -> float:
        """0..1 towards the next tier (1.0 at the top tier)."""
        if self.next_tier is None or self.next_tier.min_qualifying <= 0:
            return 1.0
        return round(min(1.0, max(0.0, self.qualifying_points / self.next_tier.min_qualifying)), 4)


def _add_year(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _minus_year(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def _start_of(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, zone)


def period_start(rules: ProgramRules, now: datetime) -> datetime:
    """Start of the qualifying period containing ``now``."""
    zone = ZoneInfo(rules.timezone)
    today = now.astimezone(zone).date()
    if rules.tier_period == "calendar_year":
        return _start_of(date(today.year, 1, 1), zone)
    return _start_of(_minus_year(today), zone)


def next_review_after(rules: ProgramRules, day: date) -> date:
    if rules.tier_period == "calendar_year":
        return date(day.year + 1, 1, 1)
    return _add_year(day)


def all_tiers(session: Session) -> list[Tier]:
    return list(session.scalars(select(Tier).order_by(Tier.rank)))


def qualifying_between(
    session: Session, member_id: str, start: datetime, end: datetime, *, up_to_now: bool = False
) -> int:
    """Qualifying points earned in ``[start, end)``; ``up_to_now`` includes ``end`` itself
    (what was earned in this very transaction)."""
    before_end = LedgerEntry.created_at <= end if up_to_now else LedgerEntry.created_at < end
    total = session.scalar(
        select(func.coalesce(func.sum(LedgerEntry.qualifying_points), 0)).where(
            LedgerEntry.member_id == member_id,
            LedgerEntry.created_at >= start,
            before_end,
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


def _current(tiers: list[Tier], member: Member) -> Tier:
    return next((t for t in tiers if t.code == member.tier_code), tiers[0])


def standing(session: Session, member: Member, now: datetime) -> Standing:
    rules = program_rules(session)
    tiers = all_tiers(session)
    current = _current(tiers, member)
    higher = [t for t in tiers if t.rank > current.rank]
    qualifying = qualifying_between(
        session, member.id, period_start(rules, now), now, up_to_now=True
    )
    if member.tier_review_on is not None:
        zone = ZoneInfo(rules.timezone)
        window_start = _start_of(_minus_year(member.tier_review_on), zone)
        for_review = qualifying_between(session, member.id, window_start, now, up_to_now=True)
    else:
        for_review = qualifying
    return Standing(
        tier=current,
        next_tier=higher[0] if higher else None,
        qualifying_points=qualifying,
        review_on=member.tier_review_on,
        points_for_review=for_review,
    )


def apply_upgrade(session: Session, member: Member, now: datetime) -> bool:
    """Move the member up at once if their qualifying points reach a higher tier."""
    rules = program_rules(session)
    tiers = all_tiers(session)
    points = qualifying_between(session, member.id, period_start(rules, now), now, up_to_now=True)
    target = earned_tier(tiers, points)
    if target.rank > _current(tiers, member).rank:
        member.tier_code = target.code
        today = now.astimezone(ZoneInfo(rules.timezone)).date()
        member.tier_review_on = next_review_after(rules, today)
        session.flush()
        return True
    return False


def review_member(session: Session, member: Member, now: datetime) -> str | None:
    """Apply a due review: the tier earned over the 12 months before the review date.

    Returns the new tier code if the review was due, else None. Safe to run repeatedly.
    """
    if member.tier_review_on is None:
        return None
    rules = program_rules(session)
    zone = ZoneInfo(rules.timezone)
    review_day = member.tier_review_on
    review_at = _start_of(review_day, zone)
    if now < review_at:
        return None
    tiers = all_tiers(session)
    points = qualifying_between(
        session, member.id, _start_of(_minus_year(review_day), zone), review_at
    )
    target = earned_tier(tiers, points)
    member.tier_code = target.code
    member.tier_review_on = (
        None if target.rank == tiers[0].rank else next_review_after(rules, review_day)
    )
    session.flush()
    return target.code


def check_tier_codes(session: Session, codes: list[str] | None) -> str | None:
    """Tier codes as the JSON a row stores (None: every tier); unknown codes are a 422."""
    if codes is None:
        return None
    known = set(session.scalars(select(Tier.code)))
    unknown = sorted(set(codes) - known)
    if unknown:
        raise ApiError(422, "tier_unknown", f"Unknown tier code(s): {', '.join(unknown)}.")
    return json.dumps(sorted(set(codes)))


def set_tier(session: Session, code: str, body: TierSet) -> Tier:
    """Create or change a tier (never deleted: members refer to it). Ranks stay unique and
    thresholds rise with the rank, starting at 0."""
    tier = session.get(Tier, code, with_for_update=True)
    clash = session.scalar(select(Tier).where(Tier.rank == body.rank, Tier.code != code))
    if clash is not None:
        raise ApiError(409, "tier_rank_taken", f"Tier {clash.code} already has that rank.")
    if tier is None:
        tier = Tier(code=code, **body.model_dump())
        session.add(tier)
    else:
        for field, value in body.model_dump().items():
            setattr(tier, field, value)
    session.flush()
    ordered = sorted(session.scalars(select(Tier)), key=lambda t: t.rank)
    thresholds = [t.min_qualifying for t in ordered]
    if thresholds != sorted(thresholds) or len(set(thresholds)) != len(thresholds):
        raise ApiError(422, "tier_thresholds_unordered", "Higher tiers need higher thresholds.")
    if ordered[0].min_qualifying != 0:
        raise ApiError(422, "tier_thresholds_unordered", "The lowest tier starts at 0.")
    return tier
