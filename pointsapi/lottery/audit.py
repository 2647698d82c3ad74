"""Recompute every draw of a store-day from its seed (``pointsapi audit-draws``).

Checks: the seed hashes to the published hash; nonces run 1..N without a gap and the day's
counter says N; draws of one wheel version used the same weights; for every draw, the HMAC
number, the segment index from the recorded weights and the segment id at that index match what
was recorded, and the draw's prize matches its segment kind.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from pointsapi.lottery import fairness
from pointsapi.lottery.models import LotteryDraw
from pointsapi.lottery.state import day_row, is_revealed
from pointsapi.stores.models import Store


@dataclass
class AuditReport:
    store_id: str
    day: date
    seed_hash: str
    revealed: bool
    draws_checked: int = 0
    mismatches: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "store_id": self.store_id,
            "store_day": self.day.isoformat(),
            "algorithm": fairness.ALGORITHM,
            "seed_hash": self.seed_hash,
            "revealed": self.revealed,
            "draws_checked": self.draws_checked,
            "mismatches": self.mismatches,
        }


class AuditRefused(Exception):
    """The day cannot be audited (unknown store or day, or not revealed yet)."""


def find_store(session: Session, store: str) -> Store | None:
    """A store by id (``s_...``) or code (``demo``)."""
    return session.scalar(select(Store).where(or_(Store.id == store, Store.code == store)))


def draws_of_day(session: Session, store_id: str, day: date) -> list[LotteryDraw]:
    return list(
        session.scalars(
            select(LotteryDraw)
            .where(LotteryDraw.store_id == store_id, LotteryDraw.day == day)
            .order_by(LotteryDraw.nonce)
        )
    )


def check_draw(seed: bytes, draw: LotteryDraw) -> list[str]:
    problems: list[str] = []
    where = f"draw {draw.id} (nonce {draw.nonce})"
    try:
        weights = [int(w) for w in json.loads(draw.weights_json)]
        ids = [str(i) for i in json.loads(draw.segment_ids_json)]
    except (ValueError, TypeError):
        return [f"{where}: recorded weights or segment ids are not readable"]
    if len(weights) != len(ids):
        return [f"{where}: {len(weights)} weights for {len(ids)} segments"]
    number = fairness.draw_number(seed, draw.id, draw.nonce)
    if f"{number:016x}" != draw.number_hex:
        problems.append(f"{where}: number {number:016x} != recorded {draw.number_hex}")
    try:
        index = fairness.index_for(number, weights)
    except ValueError as exc:
        return [*problems, f"{where}: {exc}"]
    if index != draw.segment_index:
        problems.append(f"{where}: lands on segment {index}, recorded {draw.segment_index}")
    elif ids[index] != draw.segment_id:
        problems.append(f"{where}: segment {index} is {ids[index]!r}, recorded {draw.segment_id!r}")
    if draw.kind in ("voucher", "gift") and draw.voucher_id is None:
        problems.append(f"{where}: a {draw.kind} was won but no slip was issued")
    if draw.kind not in ("voucher", "gift") and draw.voucher_id is not None:
        problems.append(f"{where}: a slip was issued for a {draw.kind} segment")
    if (draw.kind == "points") != (draw.points_won > 0):
        problems.append(f"{where}: {draw.points_won} points won on a {draw.kind} segment")
    return problems


def audit_day(
    session: Session, store_ref: str, day: date, now: datetime, *, before_reveal: bool = False
) -> AuditReport:
    store = find_store(session, store_ref)
    if store is None:
        raise AuditRefused(f"no store {store_ref!r}")
    row = day_row(session, store.id, day)
    if row is None:
        raise AuditRefused(f"store {store.code} has no seed for {day.isoformat()}")
    revealed = is_revealed(store, day, now)
    if not revealed and not before_reveal:
        raise AuditRefused(
            f"{day.isoformat()} has not ended at store {store.code}: its seed is not revealed yet"
        )
    report = AuditReport(store_id=store.id, day=day, seed_hash=row.seed_hash, revealed=revealed)
    if fairness.seed_hash(row.seed) != row.seed_hash:
        report.mismatches.append("the seed does not hash to the published seed hash")
    draws = draws_of_day(session, store.id, day)
    nonces = [d.nonce for d in draws]
    if nonces != list(range(1, len(draws) + 1)):
        report.mismatches.append("nonces do not run 1..N without gaps")
    if row.draw_count != len(draws):
        report.mismatches.append(f"the day counted {row.draw_count} draws, {len(draws)} recorded")
    # The version changes whenever the effective weights do, so all draws of one version must
    # have used the same weights and segments (catches a rewritten draw that still "lands").
    first_of_version: dict[int, LotteryDraw] = {}
    for draw in draws:
        report.draws_checked += 1
        first = first_of_version.setdefault(draw.wheel_version, draw)
        if (first.weights_json, first.segment_ids_json) != (
            draw.weights_json,
            draw.segment_ids_json,
        ):
            report.mismatches.append(
                f"draw {draw.id} (nonce {draw.nonce}): weights or segments differ from draw "
                f"{first.id} of the same wheel version {draw.wheel_version}"
            )
        if draw.algorithm != fairness.ALGORITHM:
            report.mismatches.append(f"draw {draw.id}: unknown algorithm {draw.algorithm!r}")
            continue
        report.mismatches.extend(check_draw(row.seed, draw))
    return report
