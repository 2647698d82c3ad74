"""Admin side of staff mode: staff credentials, open alerts, the staff audit, gift thresholds."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from pointsapi.auth.principals import AdminDep
from pointsapi.core.http import WRITE_ERRORS, PathCode, PathId, problems
from pointsapi.core.idempotency import WriteDep, run_write
from pointsapi.core.runtime import RuntimeDep
from pointsapi.core.schemas import EmptyBody, Instant
from pointsapi.staff import audit as staff_audit
from pointsapi.staff import gifts as staff_gifts
from pointsapi.staff import service as staff_admin
from pointsapi.staff.schemas import (
    AuditList,
    GiftStockView,
    LowThresholdSet,
    StaffCreate,
    StaffPatch,
    StaffPinSet,
    StaffView,
    Unlocked,
)
from pointsapi.stores.service import get_store

router = APIRouter(prefix="/v1/admin", tags=["admin: staff"])


PathStaffNo = Annotated[str, Path(pattern=r"^[0-9]{1,10}$")]


_AUDIT_DEFAULT_SPAN = timedelta(hours=24)


@router.post("/staff", status_code=201, response_model=StaffView, responses=WRITE_ERRORS)
def create_staff(
    body: StaffCreate, admin: AdminDep, write: WriteDep, rt: RuntimeDep
) -> JSONResponse:
    """Create a staff credential (number, cards, PIN, stores). The printed barcode
    ``S1:<staff_no>`` always works as a card."""
    now = rt.now()

    def handler(session: Session) -> tuple[int, StaffView]:
        staff = staff_admin.create(session, body, now)
        return 201, staff_admin.view(session, staff)

    return run_write(rt, admin.principal, write, handler)


@router.put("/staff/{staff_no}/pin", response_model=StaffView, responses=WRITE_ERRORS)
def set_staff_pin(
    staff_no: PathStaffNo, body: StaffPinSet, admin: AdminDep, write: WriteDep, rt: RuntimeDep
) -> JSONResponse:
    """Give a staff member a new PIN; ends their open sessions and clears their lock."""
    now = rt.now()

    def handler(session: Session) -> tuple[int, StaffView]:
        staff = staff_admin.by_number(session, staff_no)
        staff_admin.set_pin(session, staff, body.pin, now)
        return 200, staff_admin.view(session, staff)

    return run_write(rt, admin.principal, write, handler)


@router.patch("/staff/{staff_no}", response_model=StaffView, responses=WRITE_ERRORS)
def patch_staff(
    staff_no: PathStaffNo, body: StaffPatch, admin: AdminDep, write: WriteDep, rt: RuntimeDep
) -> JSONResponse:
    """Disable or enable a staff member (disabling ends open sessions), rename, change role or
    stores."""
    now = rt.now()

    def handler(session: Session) -> tuple[int, StaffView]:
        staff = staff_admin.by_number(session, staff_no)
        staff_admin.patch(session, staff, body, now)
        return 200, staff_admin.view(session, staff)

    return run_write(rt, admin.principal, write, handler)


@router.post("/staff/{staff_no}/unlock", response_model=Unlocked, responses=WRITE_ERRORS)
def unlock_staff(
    staff_no: PathStaffNo, body: EmptyBody, admin: AdminDep, write: WriteDep, rt: RuntimeDep
) -> JSONResponse:
    """Clear a staff credential's wrong-PIN lock."""

    def handler(session: Session) -> tuple[int, Unlocked]:
        staff_admin.unlock_staff(session, staff_admin.by_number(session, staff_no))
        return 200, Unlocked(unlocked=True)

    return run_write(rt, admin.principal, write, handler)


@router.post(
    "/kiosks/{kiosk_id}/unlock-staff-login", response_model=Unlocked, responses=WRITE_ERRORS
)
def unlock_kiosk(
    kiosk_id: PathId, body: EmptyBody, admin: AdminDep, write: WriteDep, rt: RuntimeDep
) -> JSONResponse:
    """Clear a kiosk's staff-login lock."""

    def handler(session: Session) -> tuple[int, Unlocked]:
        staff_admin.unlock_kiosk(session, kiosk_id)
        return 200, Unlocked(unlocked=True)

    return run_write(rt, admin.principal, write, handler)


@router.get(
    "/stores/{store_id}/staff-audit", response_model=AuditList, responses=problems(401, 403, 404)
)
def staff_audit_log(
    store_id: PathId,
    *,
    admin: AdminDep,
    rt: RuntimeDep,
    since: Annotated[Instant | None, Query()] = None,
    kiosk_id: Annotated[str | None, Query(pattern=r"^[A-Za-z0-9_-]{1,32}$")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> JSONResponse:
    """Staff actions at the store, oldest first from ``since`` (default: the last 24 hours)."""
    start: datetime = since if since is not None else rt.now() - _AUDIT_DEFAULT_SPAN
    with rt.db.read() as session:
        store = get_store(session, store_id)
        found = staff_audit.entries(
            session, store_id=store.id, since=start, kiosk_id=kiosk_id, limit=limit
        )
        body = AuditList(store_id=store.id, entries=[staff_audit.view(e) for e in found])
    return JSONResponse(body.model_dump(mode="json"))


@router.put(
    "/stores/{store_id}/gifts/{code}/low-threshold",
    response_model=GiftStockView,
    responses=WRITE_ERRORS,
)
def set_low_threshold(
    store_id: PathId,
    code: PathCode,
    *,
    body: LowThresholdSet,
    admin: AdminDep,
    write: WriteDep,
    rt: RuntimeDep,
) -> JSONResponse:
    """At or below this count a gift is "low" (default 5)."""

    def handler(session: Session) -> tuple[int, GiftStockView]:
        store = get_store(session, store_id)
        return 200, staff_gifts.set_low_threshold(session, store.id, code, body.low_threshold)

    return run_write(rt, admin.principal, write, handler)
