"""The points ledger: append entries, open lots on earning, draw lots on spending and expiry.

Invariants (checked by ``pointsapi reconcile``):
- every ledger entry with points > 0 opens exactly one lot of that size, except refunds, which
  return points to the lots they were drawn from;
- every entry with points < 0 draws exactly that many points from lots (soonest expiry first);
- so ``sum(entries.points) == sum(lots.remaining)`` and
  ``lot.remaining == lot.points + sum(lot movements)``.
The spendable balance is what remains in lots that have not expired yet.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pointsapi.core.actor import Actor
from pointsapi.core.errors import ApiError
from pointsapi.core.schemas import MAX_POINTS
from pointsapi.ledger.models import LedgerEntry, LotMovement, PointLot
from pointsapi.members.models import Member


def lock_member(session: Session, member_id: str) -> Member | None:
    """Load a member and lock the row for this transaction (PostgreSQL; SQLite is already
    serialised by BEGIN IMMEDIATE). Every balance change goes through this first."""
    return session.scalar(select(Member).where(Member.id == member_id).with_for_update())


def _entry(
    session: Session,
    *,
    member_id: str,
    store_id: str | None,
    kind: str,
    points: int,
    qualifying_points: int,
    reason: str,
    actor: Actor,
    idempotency_key: str,
    reference: str | None,
    now: datetime,
) -> LedgerEntry:
    # Every entry is bounded where it is written, whatever composed it (a purchase under a tier
    # and a promotion multiplier, a streak bonus, a prize): the columns are 32-bit.
    if abs(points) > MAX_POINTS or abs(qualifying_points) > MAX_POINTS:
        raise ApiError(
            422,
            "points_out_of_range",
            f"One ledger entry may move at most {MAX_POINTS} points.",
            extra={"points": points, "max_points": MAX_POINTS},
        )
    entry = LedgerEntry(
        member_id=member_id,
        store_id=store_id,
        kind=kind,
        points=points,
        qualifying_points=qualifying_points,
        reason=reason,
        actor_type=actor.type,
        actor_id=actor.id,
        idempotency_key=idempotency_key,
        reference=reference,
        created_at=now,
    )
    session.add(entry)
    session.flush()
    return entry


def earn(
    session: Session,
    *,
    member_id: str,
    store_id: str | None,
    points: int,
    reason: str,
    actor: Actor,
    idempotency_key: str,
    now: datetime,
    expires_at: datetime | None,
    qualifying: bool = True,
    reference: str | None = None,
) -> LedgerEntry:
    """Credit points as a new lot. ``qualifying`` points also count towards tiers."""
    if points <= 0:
        raise ValueError("earn needs a positive amount")
    entry = _entry(
        session,
        member_id=member_id,
        store_id=store_id,
        kind="earn",
        points=points,
        qualifying_points=points if qualifying else 0,
        reason=reason,
        actor=actor,
        idempotency_key=idempotency_key,
        reference=reference,
        now=now,
    )
    session.add(
        PointLot(
            member_id=member_id,
            entry_id=entry.id,
            points=points,
            remaining=points,
            earned_at=now,
            expires_at=expires_at,
        )
    )
    session.flush()
    return entry


def spendable_lots(session: Session, member_id: str, now: datetime) -> list[PointLot]:
    """Open lots that are still valid, the soonest-expiring first (never-expiring last)."""
    lots = session.scalars(
        select(PointLot)
        .where(
            PointLot.member_id == member_id,
            PointLot.remaining > 0,
            (PointLot.expires_at.is_(None)) | (PointLot.expires_at > now),
        )
        .order_by(PointLot.expires_at.is_(None), PointLot.expires_at, PointLot.id)
    )
    return list(lots)


def balance(session: Session, member_id: str, now: datetime) -> int:
    """Spendable points: what remains in lots not yet expired at ``now``."""
    total = session.scalar(
        select(func.coalesce(func.sum(PointLot.remaining), 0)).where(
            PointLot.member_id == member_id,
            PointLot.remaining > 0,
            (PointLot.expires_at.is_(None)) | (PointLot.expires_at > now),
        )
    )
    return int(total or 0)


def spend(
    session: Session,
    *,
    member_id: str,
    store_id: str | None,
    points: int,
    reason: str,
    actor: Actor,
    idempotency_key: str,
    now: datetime,
    reference: str | None = None,
    kind: str = "spend",
) -> LedgerEntry:
    """Debit points from the soonest-expiring valid lots. The caller must hold the member lock.

    Raises ``insufficient_points`` (409) when the valid balance is too small.
    """
    if points <= 0:
        raise ValueError("spend needs a positive amount")
    lots = spendable_lots(session, member_id, now)
    available = sum(lot.remaining for lot in lots)
    if available < points:
        raise ApiError(
            409,
            "insufficient_points",
            f"This needs {points} points; the balance is {available}.",
            extra={"balance": available, "required": points},
        )
    entry = _entry(
        session,
        member_id=member_id,
        store_id=store_id,
        kind=kind,
        points=-points,
        qualifying_points=0,
        reason=reason,
        actor=actor,
        idempotency_key=idempotency_key,
        reference=reference,
        now=now,
    )
    left = points
    for lot in lots:
        if left == 0:
            break
        take = min(lot.remaining, left)
        lot.remaining -= take
        left -= take
        session.add(LotMovement(lot_id=lot.id, entry_id=entry.id, points=-take))
    session.flush()
    return entry


def refund(
    session: Session,
    *,
    spend_entry: LedgerEntry,
    reason: str,
    actor: Actor,
    idempotency_key: str,
    now: datetime,
    reference: str | None = None,
) -> LedgerEntry:
    """Return the points of a spend to the lots they came from (voiding a voucher).

    A lot that has expired meanwhile gets its points back too; the expiry job then expires
    them again, so a refund never resurrects expired points.
    """
    movements = list(
        session.scalars(select(LotMovement).where(LotMovement.entry_id == spend_entry.id))
    )
    entry = _entry(
        session,
        member_id=spend_entry.member_id,
        store_id=spend_entry.store_id,
        kind="refund",
        points=-spend_entry.points,
        qualifying_points=0,
        reason=reason,
        actor=actor,
        idempotency_key=idempotency_key,
        reference=reference,
        now=now,
    )
    for movement in movements:
        lot = session.get(PointLot, movement.lot_id)
        assert lot is not None
        lot.remaining += -movement.points
        session.add(LotMovement(lot_id=lot.id, entry_id=entry.id, points=-movement.points))
    session.flush()
    return entry


def expire_lot(
    session: Session, *, lot: PointLot, now: datetime, store_id: str | None = None
) -> LedgerEntry | None:
    """Write the expiry of what remains in a lot past its expiry (idempotent: 0 left -> None)."""
    if lot.remaining <= 0 or lot.expires_at is None or lot.expires_at > now:
        return None
    amount = lot.remaining
    entry = _entry(
        session,
        member_id=lot.member_id,
        store_id=store_id,
        kind="expire",
        points=-amount,
        qualifying_points=0,
        reason="expiry",
        actor=Actor("system", "expire-job"),
        idempotency_key=f"expire:lot:{lot.id}:{amount}:{lot.expires_at.isoformat()}",
        reference=f"lot:{lot.id}",
        now=now,
    )
    lot.remaining = 0
    session.add(LotMovement(lot_id=lot.id, entry_id=entry.id, points=-amount))
    session.flush()
    return entry
