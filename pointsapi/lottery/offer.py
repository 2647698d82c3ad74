"""What a member may do at a store's wheel today: free spins left, spins left, the next cost.

Free spins come from the member's tier (``Tier.daily_spins``) and are used first; every spin,
free or paid, counts towards the wheel's daily limit. Both are counted per member, per store and
per store-local day, from the draws themselves (no counter to drift).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from pointsapi.ledger import service as ledger
from pointsapi.ledger.models import Tier
from pointsapi.lottery.models import LotteryDraw, Wheel
from pointsapi.lottery.state import store_day, wheel_of
from pointsapi.members.models import Member
from pointsapi.stores.models import Store


@dataclass(frozen=True)
class Offer:
    cost_points: int
    free_spins_left: int
    spins_left_today: int
    balance: int
    # Whether the next spin uses a tier free spin.
    free: bool


def spins_today(session: Session, member_id: str, store_id: str, day: date) -> tuple[int, int]:
    """(all spins, free spins) of a member at a store on a store-day."""
    row = session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(case((LotteryDraw.paid_with == "free", 1), else_=0)), 0),
        ).where(
            LotteryDraw.member_id == member_id,
            LotteryDraw.store_id == store_id,
            LotteryDraw.day == day,
        )
    ).one()
    return int(row[0] or 0), int(row[1] or 0)


def tier_free_spins(session: Session, member: Member) -> int:
    tier = session.get(Tier, member.tier_code)
    return tier.daily_spins if tier is not None else 0


def offer_for(session: Session, wheel: Wheel, member: Member, store: Store, now: datetime) -> Offer:
    total, free_used = spins_today(session, member.id, store.id, store_day(store, now))
    free_left = max(0, tier_free_spins(session, member) - free_used)
    spins_left = max(0, wheel.daily_limit - total)
    free = free_left > 0
    return Offer(
        cost_points=0 if free else wheel.spin_cost_points,
        free_spins_left=free_left,
        spins_left_today=spins_left,
        balance=ledger.balance(session, member.id, now),
        free=free,
    )


def free_spins_left(session: Session, member: Member, store: Store, now: datetime) -> int:
    """For the member summary: the tier's free spins not yet used today at this store's wheel
    (the tier's full allowance where the store has no active wheel)."""
    allowance = tier_free_spins(session, member)
    wheel = wheel_of(session, store.id)
    if wheel is None or not wheel.active:
        return allowance
    total, free_used = spins_today(session, member.id, store.id, store_day(store, now))
    return max(0, min(allowance - free_used, wheel.daily_limit - total))
