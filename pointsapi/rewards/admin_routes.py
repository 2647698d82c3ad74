"""Admin endpoints of rewards: the catalogue, gift stock and voiding vouchers."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from pointsapi.auth.principals import AdminDep
from pointsapi.core.http import WRITE_ERRORS, PathCode, PathId
from pointsapi.core.idempotency import WriteDep, run_write
from pointsapi.core.runtime import RuntimeDep
from pointsapi.core.schemas import EmptyBody
from pointsapi.rewards import catalogue, redemption
from pointsapi.rewards.schemas import (
    CatalogueItemAdmin,
    CatalogueItemCreate,
    CatalogueItemPatch,
    StockSet,
    StockView,
    VoucherView,
)
from pointsapi.rewards.views import item_admin_view, voucher_view

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
        item = catalogue.create_item(session, body, now)
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
        item = catalogue.set_stock(session, item_code, store_id, body.quantity)
        return 200, StockView(item_code=item.code, store_id=store_id, quantity=body.quantity)

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
        item = catalogue.change_item(session, item_code, changes)
        return 200, item_admin_view(item)

    return run_write(rt, admin.principal, write, handler)
