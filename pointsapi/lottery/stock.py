"""Gift stock of the wheel, for the staff API.

Decision (docs/lottery.md, "Gift stock"): a wheel gift is a catalogue item of kind ``gift`` and
its stock is that item's per-store stock (``item_stock``), the same count the rewards list and
redemptions use. One count per (gift, store): staff restock one number, a gift won on the wheel
or redeemed in the catalogue comes off the same shelf, and a voided or expired claim ticket goes
back to it. The wheel sees a change at its next fetch or spin (a new wheel version).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from pointsapi.core.actor import Actor
from pointsapi.core.errors import ApiError
from pointsapi.lottery.state import segments_of, wheel_of
from pointsapi.rewards.models import CatalogueItem, ItemStock
from pointsapi.stores.models import Store

MAX_STOCK = 10**6
STOCK_REASONS = frozenset({"delivery", "returned", "count", "damaged", "lost", "correction"})


@dataclass(frozen=True)
class StockChange:
    item_id: str
    item_code: str
    store_id: str
    before: int
    after: int
    reason: str
    actor: Actor

    @property
    def delta(self) -> int:
        return self.after - self.before


def gift_item_ids_on_wheel(session: Session, store_id: str) -> set[str]:
    """Catalogue item ids of the gifts on the store's active wheel (for ``on_wheel`` flags)."""
    wheel = wheel_of(session, store_id)
    if wheel is None or not wheel.active:
        return set()
    return {s.item_id for s in segments_of(session, wheel) if s.kind == "gift" and s.item_id}


def adjust_gift_stock(
    session: Session,
    *,
    store: Store,
    item_code: str,
    delta: int | None = None,
    counted: int | None = None,
    reason: str,
    actor: Actor,
) -> StockChange:
    """Add ``delta`` to (delivery, return, correction) or set ``counted`` as (a count) the stock
    of a gift at a store, with the stock row locked, inside the caller's write transaction.

    Exactly one of ``delta`` / ``counted``. The result never goes below 0 or above 10^6
    (``422 stock_invalid``). A gift not stocked at this store yet gets a stock row.
    ``404 gift_not_found`` for an unknown code or an item that is not a gift. Only the stock row
    is locked (never the wheel), so this cannot deadlock with a spin. The caller records the
    audit entry; ``reason`` must be one of :data:`STOCK_REASONS`.
    """
    if (delta is None) == (counted is None):
        raise ValueError("give exactly one of delta or counted")
    if reason not in STOCK_REASONS:
        raise ValueError(f"unknown stock reason {reason!r}")
    item = session.scalar(select(CatalogueItem).where(CatalogueItem.code == item_code))
    if item is None or item.kind != "gift":
        raise ApiError(404, "gift_not_found", "No gift with this code.")
    row = session.scalar(
        select(ItemStock)
        .where(ItemStock.item_id == item.id, ItemStock.store_id == store.id)
        .with_for_update()
        # Refresh a row this session may have read before: the locked count is the truth.
        .execution_options(populate_existing=True)
    )
    if row is None:
        row = ItemStock(item_id=item.id, store_id=store.id, quantity=0)
        session.add(row)
        session.flush()
    before = row.quantity
    after = before + delta if delta is not None else counted
    assert after is not None
    if not 0 <= after <= MAX_STOCK:
        raise ApiError(
            422,
            "stock_invalid",
            f"The stock would be {after}; it must stay between 0 and {MAX_STOCK}.",
            extra={"quantity": before},
        )
    row.quantity = after
    session.flush()
    return StockChange(
        item_id=item.id,
        item_code=item.code,
        store_id=store.id,
        before=before,
        after=after,
        reason=reason,
        actor=actor,
    )
