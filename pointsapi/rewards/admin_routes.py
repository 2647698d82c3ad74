"""Admin endpoints: members, credentials, rules, catalogue, stock, promotions, vouchers."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pointsapi.auth.principals import AdminDep
from pointsapi.core.errors import ApiError
from pointsapi.core.http import WRITE_ERRORS, PathCode, PathId
from pointsapi.core.idempotency import WriteDep, run_write
from pointsapi.core.runtime import RuntimeDep
from pointsapi.core.schemas import EmptyBody
from pointsapi.core.tokens import new_id
from pointsapi.ledger import tiers
from pointsapi.rewards import redemption
from pointsapi.rewards.models import CatalogueItem, ItemStock
from pointsapi.rewards.schemas import (
    CatalogueItemAdmin,
    CatalogueItemCreate,
    CatalogueItemPatch,
    StockSet,
    StockView,
    VoucherView,
)
from pointsapi.rewards.views import item_admin_view, voucher_view
from pointsapi.stores.service import get_store

router = APIRouter(prefix="/v1/admin", tags=["admin"])


@router.post(
    "/catalogue", status_code=201, response_model=CatalogueItemAdmin, responses=WRITE_ERRORS
)
def create_item(
    body: CatalogueItemCreate, admin: AdminDep, write: WriteDep, rt: RuntimeDep
) -> JSONResponse:
    """Add a catalogue item (voucher, gift, service, or points + cash deal)."""
    now = rt.now()

    def handler(session: Session) -> tuple[int, CatalogueItemAdmin]:
        if session.scalar(select(CatalogueItem.id).where(CatalogueItem.code == body.code)):
            raise ApiError(409, "item_code_taken", "An item with this code exists.")
        for stamp in (body.valid_from, body.valid_until):
            if stamp is not None and stamp.tzinfo is None:
                raise ApiError(422, "time_needs_offset", "Times need a UTC offset.")
        if body.valid_until and body.valid_until <= (body.valid_from or now):
            raise ApiError(422, "validity_window_empty", "valid_until must be after valid_from.")
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
        return 201, item_admin_view(item)

    return run_write(rt, admin.principal, write, handler)


@router.put(
    "/catalogue/{item_code}/stock/{store_id}", response_model=StockView, responses=WRITE_ERRORS
)
def set_stock(
    item_code: PathCode,
    store_id: PathId,
    *,
    body: StockSet,
    admin: AdminDep,
    write: WriteDep,
    rt: RuntimeDep,
) -> JSONResponse:
    """Set how many of a gift a store has."""

    def handler(session: Session) -> tuple[int, StockView]:
        store = get_store(session, store_id)
        item = session.scalar(select(CatalogueItem).where(CatalogueItem.code == item_code))
        if item is None:
            raise ApiError(404, "item_not_found", "No such catalogue item.")
        if item.kind != "gift":
            raise ApiError(422, "item_not_stocked", "Only gifts have stock.")
        stock = session.scalar(
            select(ItemStock)
            .where(ItemStock.item_id == item.id, ItemStock.store_id == store.id)
            .with_for_update()
        )
        if stock is None:
            session.add(ItemStock(item_id=item.id, store_id=store.id, quantity=body.quantity))
        else:
            stock.quantity = body.quantity
        session.flush()
        return 200, StockView(item_code=item.code, store_id=store.id, quantity=body.quantity)

    return run_write(rt, admin.principal, write, handler)


@router.post("/vouchers/{voucher_id}/void", response_model=VoucherView, responses=WRITE_ERRORS)
def void_voucher(
    voucher_id: PathId, body: EmptyBody, admin: AdminDep, write: WriteDep, rt: RuntimeDep
) -> JSONResponse:
    """Cancel an open voucher; its points return to the member (and a gift to stock)."""
    now = rt.now()

    def handler(session: Session) -> tuple[int, VoucherView]:
        voucher = redemption.void(
            session,
            voucher_id=voucher_id,
            actor=admin.actor,
            idempotency_key=write.key,
            now=now,
        )
        return 200, voucher_view(session, voucher)

    return run_write(rt, admin.principal, write, handler)


@router.patch("/catalogue/{item_code}", response_model=CatalogueItemAdmin, responses=WRITE_ERRORS)
def patch_item(
    item_code: PathCode,
    body: CatalogueItemPatch,
    admin: AdminDep,
    write: WriteDep,
    rt: RuntimeDep,
) -> JSONResponse:
    """Change an item (e.g. deactivate it, end its window, change its price).

    Vouchers already issued keep what they were issued with.
    """
    changes = body.model_dump(exclude_unset=True)

    def handler(session: Session) -> tuple[int, CatalogueItemAdmin]:
        item = session.scalar(
            select(CatalogueItem).where(CatalogueItem.code == item_code).with_for_update()
        )
        if item is None:
            raise ApiError(404, "item_not_found", "No such catalogue item.")
        for field, value in changes.items():
            if value is None and field not in ("valid_until", "per_member_limit", "tier_codes"):
                raise ApiError(422, "field_required", f"{field} cannot be null.")
            if field == "tier_codes":
                item.tier_codes_json = tiers.check_tier_codes(session, value)
            elif field == "valid_until" and value is not None:
                if value.tzinfo is None:
                    raise ApiError(422, "time_needs_offset", "Times need a UTC offset.")
                if value <= item.valid_from:
                    raise ApiError(
                        422, "validity_window_empty", "valid_until must be after valid_from."
                    )
                item.valid_until = value
            else:
                setattr(item, field, value)
        session.flush()
        return 200, item_admin_view(item)

    return run_write(rt, admin.principal, write, handler)
