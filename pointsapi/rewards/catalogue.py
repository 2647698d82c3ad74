"""The catalogue as admins keep it: add and change items, set a gift's stock at a store."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pointsapi.core.errors import ApiError
from pointsapi.core.tokens import new_id
from pointsapi.ledger import tiers
from pointsapi.rewards.models import CatalogueItem, ItemStock
from pointsapi.rewards.schemas import CatalogueItemCreate
from pointsapi.stores.service import get_store

# Fields an admin may clear (set to null); every other field needs a value.
_NULLABLE = ("valid_until", "per_member_limit", "tier_codes")


def _item(session: Session, code: str, *, lock: bool = False) -> CatalogueItem:
    query = select(CatalogueItem).where(CatalogueItem.code == code)
    item = session.scalar(query.with_for_update() if lock else query)
    if item is None:
        raise ApiError(404, "item_not_found", "No such catalogue item.")
    return item


def _check_until(valid_until: datetime, valid_from: datetime) -> None:
    if valid_until.tzinfo is None:
        raise ApiError(422, "time_needs_offset", "Times need a UTC offset.")
    if valid_until <= valid_from:
        raise ApiError(422, "validity_window_empty", "valid_until must be after valid_from.")


def create_item(session: Session, body: CatalogueItemCreate, now: datetime) -> CatalogueItem:
    """A voucher, gift, service or points + cash deal; its code is unique."""
    if session.scalar(select(CatalogueItem.id).where(CatalogueItem.code == body.code)):
        raise ApiError(409, "item_code_taken", "An item with this code exists.")
    if body.valid_from is not None and body.valid_from.tzinfo is None:
        raise ApiError(422, "time_needs_offset", "Times need a UTC offset.")
    if body.valid_until is not None:
        _check_until(body.valid_until, body.valid_from or now)
    item = CatalogueItem(
        id=new_id("i"),
        code=body.code,
        kind=body.kind,
        name_en=body.name_en,
        name_zh=body.name_zh,
        points_cost=body.points_cost,
        cash_minor=body.cash_minor,
        value_minor=body.value_minor,
        valid_from=body.valid_from or now,
        valid_until=body.valid_until,
        per_member_limit=body.per_member_limit,
        tier_codes_json=tiers.check_tier_codes(session, body.tier_codes),
        voucher_valid_days=body.voucher_valid_days,
        active=body.active,
        created_at=now,
    )
    try:
        with session.begin_nested():
            session.add(item)
    except IntegrityError as exc:
        raise ApiError(409, "item_code_taken", "An item with this code exists.") from exc
    return item


def change_item(session: Session, code: str, changes: dict[str, Any]) -> CatalogueItem:
    """Apply the fields an admin sent; vouchers already issued keep what they were issued with."""
    item = _item(session, code, lock=True)
    for field, value in changes.items():
        if value is None and field not in _NULLABLE:
            raise ApiError(422, "field_required", f"{field} cannot be null.")
        if field == "tier_codes":
            item.tier_codes_json = tiers.check_tier_codes(session, value)
        elif field == "valid_until" and value is not None:
            _check_until(value, item.valid_from)
            item.valid_until = value
        else:
            setattr(item, field, value)
    session.flush()
    return item


def set_stock(session: Session, code: str, store_id: str, quantity: int) -> CatalogueItem:
    """How many of a gift the store has (only gifts have stock)."""
    store = get_store(session, store_id)
    item = _item(session, code)
    if item.kind != "gift":
        raise ApiError(422, "item_not_stocked", "Only gifts have stock.")
    stock = session.scalar(
        select(ItemStock)
        .where(ItemStock.item_id == item.id, ItemStock.store_id == store.id)
        .with_for_update()
    )
    if stock is None:
        session.add(ItemStock(item_id=item.id, store_id=store.id, quantity=quantity))
    else:
        stock.quantity = quantity
    session.flush()
    return item
