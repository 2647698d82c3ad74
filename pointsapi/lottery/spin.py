"""One spin = one transaction: limits, cost, nonce, draw, stock, prize, record.

Lock order (as every writer of the API: member first, then what is shared): the member row,
the store's wheel row, today's seed row (all draws of a store-day queue here, which is what
makes nonces follow commit order and keeps the budget exact), the stock rows of the wheel's
gifts, then the issued voucher. Nothing else locks the wheel or a seed row, and redemptions
lock the member before a stock row, so there is no lock cycle on PostgreSQL; SQLite serialises
writers anyway.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from pointsapi.core.actor import Actor
from pointsapi.core.errors import ApiError
from pointsapi.ledger import earning
from pointsapi.ledger import service as ledger
from pointsapi.ledger.models import LedgerEntry
from pointsapi.lottery import fairness, offer, state
from pointsapi.lottery.models import LotteryDay, LotteryDraw
from pointsapi.members.models import Member
from pointsapi.rewards import vouchers
from pointsapi.rewards.models import ItemStock, Voucher
from pointsapi.stores.models import Store

SPIN_REASON = "lottery_spin"
PRIZE_REASON = "lottery_prize"


@dataclass(frozen=True)
class SpinOutcome:
    draw: LotteryDraw
    day: LotteryDay
    voucher: Voucher | None


def _wheel_changed() -> ApiError:
    return ApiError(
        409,
        "wheel_changed",
        "The wheel changed since it was shown; fetch it again (nothing was charged).",
    )


def _debit(
    session: Session,
    *,
    member: Member,
    store: Store,
    cost: int,
    draw_id: str,
    actor: Actor,
    idempotency_key: str,
    now: datetime,
) -> LedgerEntry:
    """The spin's ledger entry. A free (or zero-cost) spin is recorded as a zero-point spend so
    that every draw, and every prize slip (vouchers reference a spend entry, which
    ``pointsapi reconcile`` checks), has its ledger entry."""
    if cost > 0:
        return ledger.spend(
            session,
            member_id=member.id,
            store_id=store.id,
            points=cost,
            reason=SPIN_REASON,
            actor=actor,
            idempotency_key=idempotency_key,
            now=now,
            reference=f"draw:{draw_id}",
        )
    entry = LedgerEntry(
        member_id=member.id,
        store_id=store.id,
        kind="spend",
        points=0,
        qualifying_points=0,
        reason=SPIN_REASON,
        actor_type=actor.type,
        actor_id=actor.id,
        idempotency_key=idempotency_key,
        reference=f"draw:{draw_id}",
        created_at=now,
    )
    session.add(entry)
    session.flush()
    return entry


def spin(
    session: Session,
    *,
    member: Member,
    store: Store,
    kiosk_id: str,
    draw_id: str,
    wheel_version: int,
    cost_points: int,
    actor: Actor,
    idempotency_key: str,
    now: datetime,
) -> SpinOutcome:
    """Draw once for a member who is already locked (``earning.locked_member``)."""
    wheel = state.wheel_of(session, store.id, lock=True)
    if wheel is None or not wheel.active:
        raise ApiError(404, "wheel_not_configured", "This store has no prize wheel.")
    if session.get(LotteryDraw, draw_id) is not None:
        raise ApiError(409, "draw_id_reused", "This draw id was already used for another spin.")
    today = state.store_day(store, now)
    day = state.day_row(session, store.id, today, lock=True)
    if day is None:
        raise _wheel_changed()  # no fetch has made today's seed yet: the kiosk shows yesterday
    segments = state.segments_of(session, wheel)
    state.lock_gift_stock(session, store.id, segments)
    current = state.compute(session, wheel, store, now, day)
    if wheel_version != wheel.version or current.state_key != wheel.state_key:
        raise _wheel_changed()

    chances = offer.offer_for(session, wheel, member, store, now)
    if chances.spins_left_today <= 0:
        raise ApiError(
            409,
            "spin_limit_reached",
            f"The wheel can be spun {wheel.daily_limit} time(s) a day.",
            extra={"daily_limit": wheel.daily_limit},
        )
    if cost_points != chances.cost_points:
        raise ApiError(
            409,
            "spin_cost_changed",
            f"The next spin costs {chances.cost_points} points.",
            extra={"cost_points": chances.cost_points},
        )
    entry = _debit(
        session,
        member=member,
        store=store,
        cost=chances.cost_points,
        draw_id=draw_id,
        actor=actor,
        idempotency_key=idempotency_key,
        now=now,
    )

    nonce = day.draw_count + 1
    day.draw_count = nonce
    weights = current.weights
    number = fairness.draw_number(day.seed, draw_id, nonce)
    index = fairness.index_for(number, weights)
    won = current.segments[index]
    assert won.available, "an unavailable segment has weight 0 and cannot be drawn"
    seg = won.row

    points_won = 0
    voucher: Voucher | None = None
    if seg.kind == "points":
        points_won = seg.points or 0
        earning.credit(
            session,
            member=member,
            store=store,
            points=points_won,
            reason=PRIZE_REASON,
            actor=actor,
            idempotency_key=idempotency_key,
            now=now,
            qualifying=False,
            reference=f"draw:{draw_id}",
        )
    elif seg.kind in ("voucher", "gift"):
        assert won.item is not None
        if seg.kind == "gift":
            stock = session.get(ItemStock, (won.item.id, store.id))
            # Locked above and checked by availability: a gift at 0 has weight 0.
            assert stock is not None and stock.quantity > 0
            stock.quantity -= 1
        voucher = vouchers.issue(
            session,
            member=member,
            store=store,
            item=won.item,
            kind=won.item.kind,
            points=chances.cost_points,
            value_minor=won.item.value_minor,
            cash_due_minor=0,
            valid_days=won.item.voucher_valid_days,
            spend=entry,
            now=now,
        )
    day.budget_used += won.budget_points

    draw = LotteryDraw(
        id=draw_id,
        store_id=store.id,
        day=today,
        nonce=nonce,
        member_id=member.id,
        kiosk_id=kiosk_id,
        idempotency_key=idempotency_key,
        wheel_id=wheel.id,
        wheel_version=wheel.version,
        algorithm=fairness.ALGORITHM,
        segment_ids_json=json.dumps([s.row.segment_id for s in current.segments]),
        weights_json=json.dumps(weights),
        number_hex=f"{number:016x}",
        segment_index=index,
        segment_id=seg.segment_id,
        kind=seg.kind,
        paid_with="free" if chances.free else "points",
        cost_points=chances.cost_points,
        points_won=points_won,
        budget_points=won.budget_points,
        voucher_id=voucher.id if voucher else None,
        entry_id=entry.id,
        created_at=now,
    )
    session.add(draw)
    session.flush()
    # A prize that ran out (stock or budget) changes the wheel: the next spin against the
    # version this one used is refused, so every member sees the odds their spin uses.
    state.refresh_version(session, wheel, state.compute(session, wheel, store, now, day), now)
    return SpinOutcome(draw=draw, day=day, voucher=voucher)
