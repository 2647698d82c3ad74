"""Spending: catalogue redemption, points as cash, and the voucher lifecycle.

Lock order (every writer follows it, so PostgreSQL never deadlocks): member row, then the
gift's stock row, then the voucher row.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pointsapi.core import signing
from pointsapi.core.actor import Actor
from pointsapi.core.errors import ApiError
from pointsapi.ledger import service as ledger
from pointsapi.ledger.config_store import store_rules
from pointsapi.ledger.models import LedgerEntry
from pointsapi.members.models import Member
from pointsapi.rewards import vouchers
from pointsapi.rewards.models import CatalogueItem, ItemStock, Voucher
from pointsapi.stores.models import Store, Till

OPEN_STATES = ("issued", "printed")


def item_tiers(item: CatalogueItem) -> frozenset[str] | None:
    return frozenset(json.loads(item.tier_codes_json)) if item.tier_codes_json else None


def is_available(item: CatalogueItem, now: datetime) -> bool:
    return (
        item.active
        and item.valid_from <= now
        and (item.valid_until is None or now < item.valid_until)
    )


def eligible(item: CatalogueItem, tier_code: str) -> bool:
    allowed = item_tiers(item)
    return allowed is None or tier_code in allowed


def _used(session: Session, member_id: str, item_id: str) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(Voucher)
            .where(
                Voucher.member_id == member_id,
                Voucher.item_id == item_id,
                Voucher.state != "voided",
            )
        )
        or 0
    )


@dataclass(frozen=True)
class CatalogueEntry:
    item: CatalogueItem
    stock: int | None
    remaining_for_member: int | None


def catalogue_for(
    session: Session, member: Member, store: Store, now: datetime
) -> list[CatalogueEntry]:
    """Items this member may redeem now at this store (tier-restricted items hidden)."""
    items = session.scalars(select(CatalogueItem).order_by(CatalogueItem.points_cost))
    out: list[CatalogueEntry] = []
    for item in items:
        if not is_available(item, now) or not eligible(item, member.tier_code):
            continue
        stock: int | None = None
        if item.kind == "gift":
            row = session.get(ItemStock, (item.id, store.id))
            stock = row.quantity if row else 0
        remaining = None
        if item.per_member_limit is not None:
            remaining = max(0, item.per_member_limit - _used(session, member.id, item.id))
        out.append(CatalogueEntry(item, stock, remaining))
    return out


def redeem_item(
    session: Session,
    *,
    member: Member,
    store: Store,
    item_code: str,
    actor: Actor,
    idempotency_key: str,
    now: datetime,
) -> Voucher:
    """Spend points on a catalogue item. The caller holds the member lock."""
    item = session.scalar(select(CatalogueItem).where(CatalogueItem.code == item_code))
    if item is None:
        raise ApiError(404, "item_not_found", "No such catalogue item.")
    if not is_available(item, now):
        raise ApiError(422, "item_unavailable", "This item is not available now.")
    if not eligible(item, member.tier_code):
        raise ApiError(403, "item_not_eligible", "This item is not offered to your tier.")
    if item.per_member_limit is not None and _used(session, member.id, item.id) >= (
        item.per_member_limit
    ):
        raise ApiError(
            409,
            "limit_reached",
            f"This item can be redeemed {item.per_member_limit} time(s) per member.",
        )
    if item.kind == "gift":
        stock = session.scalar(
            select(ItemStock)
            .where(ItemStock.item_id == item.id, ItemStock.store_id == store.id)
            .with_for_update()
        )
        if stock is None or stock.quantity <= 0:
            raise ApiError(409, "out_of_stock", "This gift is out of stock at this store.")
        stock.quantity -= 1
    spend = ledger.spend(
        session,
        member_id=member.id,
        store_id=store.id,
        points=item.points_cost,
        reason="redemption",
        actor=actor,
        idempotency_key=idempotency_key,
        now=now,
        reference=f"item:{item.code}",
    )
    return vouchers.issue(
        session,
        member=member,
        store=store,
        item=item,
        kind=item.kind,
        points=item.points_cost,
        value_minor=item.value_minor,
        cash_due_minor=item.cash_minor,
        valid_days=item.voucher_valid_days,
        spend=spend,
        now=now,
    )


def points_as_cash(
    session: Session,
    *,
    member: Member,
    store: Store,
    points: int,
    actor: Actor,
    idempotency_key: str,
    now: datetime,
) -> Voucher:
    """Turn points into a cash voucher at the store's rate, within minimum, step and cap."""
    rules = store_rules(store).points_cash
    if points < rules.min_points or points > rules.max_points or points % rules.step_points:
        raise ApiError(
            422,
            "points_cash_invalid",
            f"Use {rules.min_points} to {rules.max_points} points, "
            f"in steps of {rules.step_points}.",
            extra={
                "min_points": rules.min_points,
                "max_points": rules.max_points,
                "step_points": rules.step_points,
            },
        )
    spend = ledger.spend(
        session,
        member_id=member.id,
        store_id=store.id,
        points=points,
        reason="points_as_cash",
        actor=actor,
        idempotency_key=idempotency_key,
        now=now,
    )
    return vouchers.issue(
        session,
        member=member,
        store=store,
        item=None,
        kind="cash",
        points=points,
        value_minor=points * rules.minor // rules.points,
        cash_due_minor=0,
        valid_days=rules.voucher_valid_days,
        spend=spend,
        now=now,
    )


def _locked_voucher(session: Session, voucher_id: str) -> Voucher | None:
    return session.scalar(select(Voucher).where(Voucher.id == voucher_id).with_for_update())


def mark_printed(session: Session, *, voucher_id: str, store_id: str, now: datetime) -> Voucher:
    """issued -> printed; any later state is left as it is (printing is only a record)."""
    voucher = _locked_voucher(session, voucher_id)
    if voucher is None or voucher.store_id != store_id:
        raise ApiError(404, "voucher_not_found", "No such voucher at this store.")
    if voucher.state == "issued":
        voucher.state = "printed"
        voucher.printed_at = now
        session.flush()
    return voucher


def mark_printed_by_code(session: Session, *, code: str, store_id: str, now: datetime) -> None:
    """A reprint that came out of the printer marks its voucher printed, if it is one of ours."""
    voucher_id = session.scalar(
        select(Voucher.id).where(Voucher.code == code, Voucher.store_id == store_id)
    )
    if voucher_id is not None:
        mark_printed(session, voucher_id=voucher_id, store_id=store_id, now=now)


def redeem_at_till(session: Session, *, code: str, till: Till, now: datetime) -> Voucher:
    """A till takes a voucher: once only, before it expires."""
    try:
        claims = vouchers.verify_voucher(vouchers.public_keys(session), code)
    except signing.Malformed as exc:
        raise ApiError(
            422, "voucher_invalid", "This voucher code is not valid (forged or damaged)."
        ) from exc
    voucher = _locked_voucher(session, claims.voucher_id)
    if voucher is None:
        raise ApiError(404, "voucher_not_found", "No such voucher.")
    if voucher.state == "redeemed":
        assert voucher.redeemed_at is not None
        where = session.get(Store, voucher.redeemed_store_id) if voucher.redeemed_store_id else None
        zone = ZoneInfo(where.timezone) if where else ZoneInfo("UTC")
        place = where.name_en if where else "another store"
        raise ApiError(
            409,
            "voucher_already_redeemed",
            f"Already redeemed on {voucher.redeemed_at.astimezone(zone):%Y-%m-%d %H:%M} "
            f"at {place}.",
            extra={
                "redeemed_at": voucher.redeemed_at.isoformat(),
                "redeemed_store_id": voucher.redeemed_store_id,
                "redeemed_till_id": voucher.redeemed_till_id,
            },
        )
    if voucher.state == "voided":
        raise ApiError(409, "voucher_voided", "This voucher was cancelled.")
    if voucher.state == "expired" or voucher.expires_at <= now:
        raise ApiError(422, "voucher_expired", "This voucher has expired.")
    if voucher.kind == "gift" and voucher.store_id != till.store_id:
        raise ApiError(
            409, "voucher_wrong_store", "Gifts are collected at the store that issued them."
        )
    voucher.state = "redeemed"
    voucher.redeemed_at = now
    voucher.redeemed_store_id = till.store_id
    voucher.redeemed_till_id = till.id
    session.flush()
    return voucher


def _return_stock(session: Session, voucher: Voucher) -> None:
    if voucher.kind != "gift" or voucher.item_id is None:
        return
    stock = session.scalar(
        select(ItemStock)
        .where(ItemStock.item_id == voucher.item_id, ItemStock.store_id == voucher.store_id)
        .with_for_update()
    )
    if stock is not None:
        stock.quantity += 1


def void(
    session: Session, *, voucher_id: str, actor: Actor, idempotency_key: str, now: datetime
) -> Voucher:
    """Cancel an open voucher: its points go back to the lots they came from."""
    found = session.scalar(select(Voucher.member_id).where(Voucher.id == voucher_id))
    if found is None:
        raise ApiError(404, "voucher_not_found", "No such voucher.")
    ledger.lock_member(session, found)  # lock order: member first
    voucher = _locked_voucher(session, voucher_id)
    assert voucher is not None
    if voucher.state not in OPEN_STATES:
        raise ApiError(
            409, "voucher_not_voidable", f"A voucher that is {voucher.state} cannot be voided."
        )
    spend = session.get(LedgerEntry, voucher.spend_entry_id)
    assert spend is not None
    refund = ledger.refund(
        session,
        spend_entry=spend,
        reason="voucher_void",
        actor=actor,
        idempotency_key=idempotency_key,
        now=now,
        reference=f"voucher:{voucher.id}",
    )
    _return_stock(session, voucher)
    voucher.state = "voided"
    voucher.voided_at = now
    voucher.refund_entry_id = refund.id
    session.flush()
    return voucher


def expire_voucher(session: Session, voucher: Voucher, now: datetime) -> bool:
    """An open voucher past its date expires (its points are not returned; gifts return to
    stock). The caller holds the voucher lock."""
    if voucher.state not in OPEN_STATES or voucher.expires_at > now:
        return False
    voucher.state = "expired"
    _return_stock(session, voucher)
    session.flush()
    return True
