"""Today's wheel of a store: segments with availability, effective weights, odds, seeds, version.

A segment is unavailable today when it cannot be paid out: a gift whose store stock is 0, a
voucher or gift whose catalogue item is outside its validity window, or a prize that the
store-day's budget cap can no longer pay. Its weight moves to the fallback segment (which is
never unavailable). The wheel's ``version`` increases whenever what the kiosk is shown changes:
admin edits bump it directly; availability and the day are fingerprinted in ``state_key`` and
:func:`refresh_version` bumps the version when the fingerprint changes (on the next wheel fetch
or after a draw), so a stock change made anywhere (catalogue, staff, a voided slip) shows up as a
new version, and a spin against an older one is refused before anything is charged.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pointsapi.core.db import Database
from pointsapi.core.errors import ApiError
from pointsapi.lottery import fairness
from pointsapi.lottery.models import LotteryDay, Wheel, WheelSegment
from pointsapi.rewards.models import CatalogueItem, ItemStock
from pointsapi.stores.models import Store

_T = TypeVar("_T")

# Seeds are made this many days ahead, so each day's hash is out before the day starts.
SEED_DAYS_AHEAD = 1


def store_day(store: Store, now: datetime) -> date:
    return now.astimezone(ZoneInfo(store.timezone)).date()


def day_end(store: Store, day: date) -> datetime:
    """The instant a store-day ends (its seed may be revealed from then on)."""
    return datetime.combine(day + timedelta(days=1), time.min, ZoneInfo(store.timezone))


def is_revealed(store: Store, day: date, now: datetime) -> bool:
    return now >= day_end(store, day)


@dataclass(frozen=True)
class SegmentState:
    row: WheelSegment
    item: CatalogueItem | None
    available: bool
    weight: int
    probability_ppm: int
    # What one win costs the day's budget.
    budget_points: int


@dataclass(frozen=True)
class WheelState:
    wheel: Wheel
    day: date
    seed_hash: str | None
    segments: list[SegmentState]
    state_key: str

    @property
    def weights(self) -> list[int]:
        return [s.weight for s in self.segments]

    @property
    def fallback_index(self) -> int:
        return next(
            i
            for i, s in enumerate(self.segments)
            if s.row.segment_id == self.wheel.fallback_segment_id
        )


def _locked(query: Select[_T]) -> Select[_T]:
    """``SELECT ... FOR UPDATE`` that also refreshes an entity this session loaded earlier
    (without ``populate_existing`` the identity map would keep the stale values)."""
    return query.with_for_update().execution_options(populate_existing=True)


def wheel_of(session: Session, store_id: str, *, lock: bool = False) -> Wheel | None:
    query = select(Wheel).where(Wheel.store_id == store_id)
    return session.scalar(_locked(query) if lock else query)


def segments_of(session: Session, wheel: Wheel) -> list[WheelSegment]:
    return list(
        session.scalars(
            select(WheelSegment)
            .where(WheelSegment.wheel_id == wheel.id)
            .order_by(WheelSegment.position)
        )
    )


def lock_gift_stock(session: Session, store_id: str, segments: list[WheelSegment]) -> None:
    """Lock the stock rows of the wheel's gifts (in item order; redemptions lock one row after
    the member, so no lock cycle) so availability cannot change between the check and the draw."""
    item_ids = sorted({s.item_id for s in segments if s.kind == "gift" and s.item_id})
    if item_ids:
        list(
            session.scalars(
                select(ItemStock)
                .where(ItemStock.store_id == store_id, ItemStock.item_id.in_(item_ids))
                .order_by(ItemStock.item_id)
                .with_for_update()
                .execution_options(populate_existing=True)
            )
        )


def segment_budget(seg: WheelSegment) -> int:
    """What one win of a segment costs the day's budget: a points prize its points, a voucher
    or gift what the admin set (default: the item's points cost), thanks nothing."""
    if seg.kind == "points":
        return seg.points or 0
    if seg.kind == "thanks":
        return 0
    return seg.budget_points


def _in_window(item: CatalogueItem, now: datetime) -> bool:
    return item.valid_from <= now and (item.valid_until is None or now < item.valid_until)


def compute(
    session: Session, wheel: Wheel, store: Store, now: datetime, day_row: LotteryDay | None
) -> WheelState:
    """The wheel as it stands at ``now`` (``day_row``: today's seed row, if made yet)."""
    day = store_day(store, now)
    rows = segments_of(session, wheel)
    budget_used = day_row.budget_used if day_row is not None else 0
    items: list[CatalogueItem | None] = []
    unavailable: set[int] = set()
    budgets: list[int] = []
    for index, seg in enumerate(rows):
        item = session.get(CatalogueItem, seg.item_id) if seg.item_id else None
        items.append(item)
        budget = segment_budget(seg)
        budgets.append(budget)
        if seg.segment_id == wheel.fallback_segment_id:
            continue  # the fallback never runs out (docs/lottery.md: budget)
        ok = True
        if seg.kind in ("voucher", "gift"):
            ok = item is not None and _in_window(item, now)
        if ok and seg.kind == "gift" and item is not None:
            stock = session.get(ItemStock, (item.id, store.id))
            ok = stock is not None and stock.quantity > 0
        if ok and wheel.daily_budget_points is not None and budget > 0:
            ok = budget_used + budget <= wheel.daily_budget_points
        if not ok:
            unavailable.add(index)
    fallback = next(i for i, s in enumerate(rows) if s.segment_id == wheel.fallback_segment_id)
    weights = fairness.effective_weights([s.weight for s in rows], unavailable, fallback)
    ppm = fairness.probability_ppm(weights)
    segments = [
        SegmentState(
            row=seg,
            item=items[i],
            available=i not in unavailable,
            weight=weights[i],
            probability_ppm=ppm[i],
            budget_points=budgets[i],
        )
        for i, seg in enumerate(rows)
    ]
    seed_hash = day_row.seed_hash if day_row is not None else None
    fingerprint = f"{day.isoformat()}|{seed_hash}|" + ",".join(
        sorted(rows[i].segment_id for i in unavailable)
    )
    return WheelState(
        wheel=wheel,
        day=day,
        seed_hash=seed_hash,
        segments=segments,
        state_key=hashlib.sha256(fingerprint.encode()).hexdigest(),
    )


def day_row(session: Session, store_id: str, day: date, *, lock: bool = False) -> LotteryDay | None:
    query = select(LotteryDay).where(LotteryDay.store_id == store_id, LotteryDay.day == day)
    return session.scalar(_locked(query) if lock else query)


def ensure_days(session: Session, store: Store, now: datetime, ahead: int = SEED_DAYS_AHEAD) -> int:
    """Make the seeds of today and the next ``ahead`` days that do not exist yet; returns how
    many were made. Safe when two processes race (the loser's insert is discarded)."""
    today = store_day(store, now)
    made = 0
    for offset in range(ahead + 1):
        day = today + timedelta(days=offset)
        if day_row(session, store.id, day) is not None:
            continue
        seed = fairness.new_seed()
        try:
            with session.begin_nested():
                session.add(
                    LotteryDay(
                        store_id=store.id,
                        day=day,
                        seed=seed,
                        seed_hash=fairness.seed_hash(seed),
                        draw_count=0,
                        budget_used=0,
                        created_at=now,
                    )
                )
            made += 1
        except IntegrityError:
            continue  # made by a concurrent request (PostgreSQL)
    return made


def needs_refresh(session: Session, store: Store, now: datetime) -> bool:
    """Whether a wheel fetch must first write (a seed to make or a version to bump)."""
    wheel = wheel_of(session, store.id)
    if wheel is None or not wheel.active:
        return False
    today = store_day(store, now)
    for offset in range(SEED_DAYS_AHEAD + 1):
        if day_row(session, store.id, today + timedelta(days=offset)) is None:
            return True
    state = compute(session, wheel, store, now, day_row(session, store.id, today))
    return state.state_key != wheel.state_key


def refresh(session: Session, store: Store, now: datetime) -> None:
    """In a write transaction: make missing seeds and bump the version if the state changed."""
    wheel = wheel_of(session, store.id, lock=True)
    if wheel is None or not wheel.active:
        return
    ensure_days(session, store, now)
    today_row = day_row(session, store.id, store_day(store, now))
    refresh_version(session, wheel, compute(session, wheel, store, now, today_row), now)


def refresh_version(session: Session, wheel: Wheel, state: WheelState, now: datetime) -> bool:
    """Bump the version when the availability fingerprint changed (caller holds the wheel lock)."""
    if state.state_key == wheel.state_key:
        return False
    wheel.version += 1
    wheel.state_key = state.state_key
    wheel.updated_at = now
    session.flush()
    return True


def not_configured() -> ApiError:
    return ApiError(404, "wheel_not_configured", "This store has no prize wheel.")


def prepare(db: Database, store_id: str, now: datetime) -> None:
    """Make missing seeds and bump the version if availability changed (a write only then)."""
    with db.read() as session:
        store = session.get(Store, store_id)
        needed = store is not None and needs_refresh(session, store, now)
    if needed:
        with db.write() as session:
            store = session.get(Store, store_id)
            assert store is not None
            refresh(session, store, now)


def days_around(session: Session, store: Store, today: date, back: int) -> list[LotteryDay]:
    """The store-days from ``back`` days ago up to the last seed made ahead, oldest first."""
    return list(
        session.scalars(
            select(LotteryDay)
            .where(
                LotteryDay.store_id == store.id,
                LotteryDay.day >= today - timedelta(days=back),
                LotteryDay.day <= today + timedelta(days=SEED_DAYS_AHEAD),
            )
            .order_by(LotteryDay.day)
        )
    )
