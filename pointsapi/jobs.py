"""Batch jobs: ``pointsapi expire`` (lots, vouchers, tier reviews, housekeeping) and
``pointsapi reconcile``.

Both are safe to run at any time and any number of times. ``expire`` works member by member in
short transactions, taking the same locks as the API, so it can run while the API serves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select

from pointsapi.core.db import Database
from pointsapi.core.models import IdempotencyRecord
from pointsapi.ledger import service as ledger
from pointsapi.ledger import tiers
from pointsapi.ledger.config_store import program_rules
from pointsapi.ledger.models import LedgerEntry, LotMovement, PointLot
from pointsapi.members.models import Member, MemberSession, UsedCodeStep
from pointsapi.rewards import redemption
from pointsapi.rewards.models import Voucher

# Reviews overdue by more than this many years are applied one year at a time up to now.
_MAX_REVIEW_CATCH_UP = 50


# Stored answers are kept this long for replays; a client retries within minutes, not weeks.
IDEMPOTENCY_RETENTION = timedelta(days=30)
# Used code steps matter only while the code could still be accepted (a minute and a half).
USED_STEP_RETENTION = timedelta(hours=1)
# Expired member sessions are kept a day (for support questions), then removed.
SESSION_RETENTION = timedelta(days=1)


@dataclass
class ExpiryReport:
    lots_expired: int = 0
    points_expired: int = 0
    vouchers_expired: int = 0
    tier_reviews: int = 0
    records_purged: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def expire(db: Database, now: datetime) -> ExpiryReport:
    report = ExpiryReport()
    with db.read() as session:
        member_ids = list(
            session.scalars(
                select(PointLot.member_id)
                .where(PointLot.remaining > 0, PointLot.expires_at <= now)
                .distinct()
            )
        )
        voucher_ids = list(
            session.scalars(
                select(Voucher.id).where(
                    Voucher.state.in_(redemption.OPEN_STATES), Voucher.expires_at <= now
                )
            )
        )
    for member_id in member_ids:
        with db.write() as session:
            ledger.lock_member(session, member_id)
            lots = session.scalars(
                select(PointLot)
                .where(
                    PointLot.member_id == member_id,
                    PointLot.remaining > 0,
                    PointLot.expires_at <= now,
                )
                .order_by(PointLot.id)
                .with_for_update()
            )
            for lot in lots:
                amount = lot.remaining
                if ledger.expire_lot(session, lot=lot, now=now) is not None:
                    report.lots_expired += 1
                    report.points_expired += amount
    for voucher_id in voucher_ids:
        with db.write() as session:
            voucher = session.scalar(
                select(Voucher).where(Voucher.id == voucher_id).with_for_update()
            )
            if voucher is not None and redemption.expire_voucher(session, voucher, now):
                report.vouchers_expired += 1
    report.tier_reviews = review_tiers(db, now)
    report.records_purged = purge(db, now)
    return report


def purge(db: Database, now: datetime) -> int:
    """Remove housekeeping rows nobody needs any more (never ledger, lots or vouchers)."""
    with db.write() as session:
        purged = 0
        for statement in (
            delete(IdempotencyRecord).where(
                IdempotencyRecord.created_at < now - IDEMPOTENCY_RETENTION
            ),
            delete(UsedCodeStep).where(UsedCodeStep.used_at < now - USED_STEP_RETENTION),
            delete(MemberSession).where(MemberSession.expires_at < now - SESSION_RETENTION),
        ):
            result = session.execute(statement)
            purged += int(getattr(result, "rowcount", 0) or 0)
    return purged


def review_tiers(db: Database, now: datetime) -> int:
    with db.read() as session:
        today = now.astimezone(ZoneInfo(program_rules(session).timezone)).date()
        due = list(
            session.scalars(
                select(Member.id).where(
                    Member.tier_review_on.is_not(None), Member.tier_review_on <= today
                )
            )
        )
    reviewed = 0
    for member_id in due:
        with db.write() as session:
            member = ledger.lock_member(session, member_id)
            for _ in range(_MAX_REVIEW_CATCH_UP):
                if member is None or tiers.review_member(session, member, now) is None:
                    break
                reviewed += 1
    return reviewed


@dataclass
class Reconciliation:
    members_checked: int = 0
    lots_checked: int = 0
    problems: list[str] = field(default_factory=list)


def reconcile(db: Database) -> Reconciliation:
    """Recompute balances from the ledger and the lots; list every disagreement."""
    out = Reconciliation()
    with db.read() as session:
        ledger_sums = dict(
            session.execute(
                select(LedgerEntry.member_id, func.sum(LedgerEntry.points)).group_by(
                    LedgerEntry.member_id
                )
            ).all()
        )
        lot_sums = dict(
            session.execute(
                select(PointLot.member_id, func.sum(PointLot.remaining)).group_by(
                    PointLot.member_id
                )
            ).all()
        )
        for member_id in sorted(set(ledger_sums) | set(lot_sums)):
            out.members_checked += 1
            by_ledger = int(ledger_sums.get(member_id) or 0)
            by_lots = int(lot_sums.get(member_id) or 0)
            if by_ledger != by_lots:
                out.problems.append(
                    f"member {member_id}: ledger sum {by_ledger} != lots remaining {by_lots}"
                )
        moved = dict(
            session.execute(
                select(LotMovement.lot_id, func.sum(LotMovement.points)).group_by(
                    LotMovement.lot_id
                )
            ).all()
        )
        entry_points = dict(session.execute(select(LedgerEntry.id, LedgerEntry.points)).all())
        for lot in session.scalars(select(PointLot)):
            out.lots_checked += 1
            expected = lot.points + int(moved.get(lot.id) or 0)
            if lot.remaining != expected:
                out.problems.append(
                    f"lot {lot.id}: remaining {lot.remaining} != points + movements {expected}"
                )
            if not 0 <= lot.remaining <= lot.points:
                out.problems.append(f"lot {lot.id}: remaining {lot.remaining} out of range")
            if entry_points.get(lot.entry_id) != lot.points:
                out.problems.append(f"lot {lot.id}: size differs from its earning entry")
        by_entry = dict(
            session.execute(
                select(LotMovement.entry_id, func.sum(LotMovement.points)).group_by(
                    LotMovement.entry_id
                )
            ).all()
        )
        lot_entries = set(session.scalars(select(PointLot.entry_id)))
        for entry_id, points in entry_points.items():
            if entry_id in lot_entries:
                continue
            if int(by_entry.get(entry_id) or 0) != points:
                out.problems.append(
                    f"entry {entry_id}: {points} points but lot movements of "
                    f"{int(by_entry.get(entry_id) or 0)}"
                )
        for voucher in session.scalars(select(Voucher)):
            if entry_points.get(voucher.spend_entry_id) != -voucher.points:
                out.problems.append(f"voucher {voucher.id}: spend entry does not match")
            if voucher.state == "voided" and (
                voucher.refund_entry_id is None
                or entry_points.get(voucher.refund_entry_id) != voucher.points
            ):
                out.problems.append(f"voucher {voucher.id}: voided without a matching refund")
    return out
