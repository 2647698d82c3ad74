"""Gift stock for staff: list a store's physical gifts, apply a delivery or a counted number.

There is one count per (gift, store): ``item_stock``, which redemptions and the prize wheel read
and decrement too (a wheel segment whose gift has quantity 0 is out of stock at the next fetch or
spin). The change itself is the lottery's :func:`pointsapi.lottery.stock.adjust_gift_stock`: it
locks that row (``SELECT ... FOR UPDATE``; SQLite: the write lock), so a spin or redemption at the
same moment happens wholly before or after it. Here each adjustment is recorded, audited, and
opens or closes the gift's ``gift_stock_low`` alert.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from pointsapi.auth.principals import KioskPrincipal
from pointsapi.core.errors import ApiError
from pointsapi.core.schemas import LocalizedName
from pointsapi.core.tokens import new_id
from pointsapi.fleet import alerts
from pointsapi.lottery.stock import adjust_gift_stock, gift_item_ids_on_wheel
from pointsapi.rewards.models import CatalogueItem, GiftStockAdjustment, GiftStockSetting, ItemStock
from pointsapi.staff import audit as staff_audit
from pointsapi.staff.models import StaffMember
from pointsapi.staff.schemas import AdjustmentView, GiftAdjustRequest, GiftStockView
from pointsapi.stores.models import Store

DEFAULT_LOW_THRESHOLD = 5


def _on_wheel(session: Session, store_id: str) -> set[str]:
    """Item ids that are prizes on the store's active wheel."""
    return gift_item_ids_on_wheel(session, store_id)


def _view(
    item: CatalogueItem, quantity: int, setting: GiftStockSetting | None, on_wheel: bool
) -> GiftStockView:
    return GiftStockView(
        code=item.code,
        name=LocalizedName(en=item.name_en, zh=item.name_zh),
        quantity=quantity,
        low_threshold=setting.low_threshold if setting else DEFAULT_LOW_THRESHOLD,
        on_wheel=on_wheel,
        updated_at=setting.updated_at if setting else None,
    )


def list_gifts(session: Session, store_id: str) -> list[GiftStockView]:
    """The store's gifts (catalogue gifts with stock here), sorted by English name."""
    rows = session.execute(
        select(CatalogueItem, ItemStock)
        .join(ItemStock, ItemStock.item_id == CatalogueItem.id)
        .where(ItemStock.store_id == store_id, CatalogueItem.kind == "gift")
    ).all()
    settings = {
        s.item_id: s
        for s in session.scalars(
            select(GiftStockSetting).where(GiftStockSetting.store_id == store_id)
        )
    }
    wheel = _on_wheel(session, store_id)
    views = [
        _view(item, stock.quantity, settings.get(item.id), item.id in wheel) for item, stock in rows
    ]
    return sorted(views, key=lambda v: (v.name.en.casefold(), v.code))


def _gift(session: Session, store_id: str, code: str) -> tuple[CatalogueItem, int]:
    """The gift and its count here. Reads the count as a column, not as an ``ItemStock`` entity:
    a stale entity in the session would hide the locked, current row from
    ``adjust_gift_stock`` (PostgreSQL, read committed)."""
    item = session.scalar(
        select(CatalogueItem).where(CatalogueItem.code == code, CatalogueItem.kind == "gift")
    )
    quantity = (
        session.scalar(
            select(ItemStock.quantity).where(
                ItemStock.item_id == item.id, ItemStock.store_id == store_id
            )
        )
        if item is not None
        else None
    )
    if item is None or quantity is None:
        raise ApiError(404, "gift_not_found", "No gift with this code is stocked at this store.")
    return item, quantity


def _setting(session: Session, item_id: str, store_id: str) -> GiftStockSetting:
    setting = session.get(GiftStockSetting, (item_id, store_id), with_for_update=True)
    if setting is None:
        setting = GiftStockSetting(
            item_id=item_id, store_id=store_id, low_threshold=DEFAULT_LOW_THRESHOLD
        )
        session.add(setting)
    return setting


def adjust(
    session: Session,
    *,
    kiosk: KioskPrincipal,
    staff: StaffMember,
    code: str,
    body: GiftAdjustRequest,
    now: datetime,
) -> tuple[GiftStockView, AdjustmentView]:
    # Only gifts already stocked at this store (404 otherwise), then the shared adjustment.
    item, _quantity = _gift(session, kiosk.store_id, code)
    store = session.get(Store, kiosk.store_id)
    assert store is not None  # foreign key
    change = adjust_gift_stock(
        session,
        store=store,
        item_code=item.code,
        delta=body.quantity if body.mode == "add" else None,
        counted=body.quantity if body.mode == "set" else None,
        reason=body.reason,
        actor=kiosk.actor,  # the staff member is in the audit entry
    )
    before, after = change.before, change.after
    setting = _setting(session, item.id, kiosk.store_id)
    setting.updated_at = now
    adjustment = GiftStockAdjustment(
        id=new_id("adj"),
        item_id=item.id,
        store_id=kiosk.store_id,
        kiosk_id=kiosk.kiosk_id,
        staff_id=staff.id,
        mode=body.mode,
        quantity=body.quantity,
        before=before,
        after=after,
        reason=body.reason,
        note=body.note,
        recorded_at=now,
    )
    session.add(adjustment)
    session.flush()
    adjusted = AdjustmentView(
        adjustment_id=adjustment.id,
        mode=body.mode,
        before=before,
        after=after,
        delta=after - before,
        reason=body.reason,
        note=body.note,
        recorded_at=now,
    )
    staff_audit.record(
        session,
        action="gift_stock_adjusted",
        store_id=kiosk.store_id,
        kiosk_id=kiosk.kiosk_id,
        staff=staff,
        details={"gift_code": item.code} | adjusted.model_dump(mode="json"),
        now=now,
    )
    if after <= setting.low_threshold:
        alerts.raise_alert(
            session,
            store_id=kiosk.store_id,
            kiosk_id=kiosk.kiosk_id,
            kind="gift_stock_low",
            subject=item.code,
            detail={"gift_code": item.code, "quantity": after},
            now=now,
        )
    else:
        alerts.close_gift_low(session, store_id=kiosk.store_id, gift_code=item.code, now=now)
    on_wheel = item.id in _on_wheel(session, kiosk.store_id)
    return _view(item, after, setting, on_wheel), adjusted


def gift_known(session: Session, store_id: str, code: str) -> bool:
    try:
        _gift(session, store_id, code)
    except ApiError:
        return False
    return True


def set_low_threshold(session: Session, store_id: str, code: str, threshold: int) -> GiftStockView:
    item, quantity = _gift(session, store_id, code)
    setting = _setting(session, item.id, store_id)
    setting.low_threshold = threshold
    session.flush()
    return _view(item, quantity, setting, item.id in _on_wheel(session, store_id))
