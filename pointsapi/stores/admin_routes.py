"""Admin endpoints of stores: create stores and issue their till and kiosk credentials."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from pointsapi.auth.principals import AdminDep, AdminPrincipal
from pointsapi.core.http import WRITE_ERRORS, PathId
from pointsapi.core.idempotency import WriteDep, run_write
from pointsapi.core.runtime import RuntimeDep
from pointsapi.core.schemas import LocalizedName
from pointsapi.stores import service
from pointsapi.stores.schemas import CredentialCreate, CredentialCreated, StoreCreate, StoreCreated
from pointsapi.stores.service import DeviceKind

router = APIRouter(prefix="/v1/admin", tags=["admin"])


def _credential(
    *,
    kind: DeviceKind,
    store_id: str,
    body: CredentialCreate,
    admin: AdminPrincipal,
    write: WriteDep,
    rt: RuntimeDep,
) -> JSONResponse:
    now = rt.now()

    def handler(session: Session) -> tuple[int, CredentialCreated]:
        row, token = service.create_device(
            session, kind=kind, store_id=store_id, name=body.name, now=now
        )
        return 201, CredentialCreated(id=row.id, store_id=row.store_id, token=token)

    return run_write(rt, admin.principal, write, handler)


@router.post(
    "/stores/{store_id}/tills",
    status_code=201,
    response_model=CredentialCreated,
    responses=WRITE_ERRORS,
)
def create_till(
    store_id: PathId, body: CredentialCreate, admin: AdminDep, write: WriteDep, rt: RuntimeDep
) -> JSONResponse:
    """Issue a till credential for a store (the token is shown once)."""
    return _credential(kind="till", store_id=store_id, body=body, admin=admin, write=write, rt=rt)


@router.post(
    "/stores/{store_id}/kiosks",
    status_code=201,
    response_model=CredentialCreated,
    responses=WRITE_ERRORS,
)
def create_kiosk(
    store_id: PathId, body: CredentialCreate, admin: AdminDep, write: WriteDep, rt: RuntimeDep
) -> JSONResponse:
    """Issue a kiosk credential for a store (the token is shown once)."""
    return _credential(kind="kiosk", store_id=store_id, body=body, admin=admin, write=write, rt=rt)


@router.post("/stores", status_code=201, response_model=StoreCreated, responses=WRITE_ERRORS)
def create_store(
    body: StoreCreate, admin: AdminDep, write: WriteDep, rt: RuntimeDep
) -> JSONResponse:
    """Add a store (with default rules and a fresh receipt-signing key)."""
    now = rt.now()

    def handler(session: Session) -> tuple[int, StoreCreated]:
        store = service.create_store(session, body, now)
        return 201, StoreCreated(
            store_id=store.id,
            code=store.code,
            name=LocalizedName(en=store.name_en, zh=store.name_zh),
            timezone=store.timezone,
            currency=store.currency,
        )

    return run_write(rt, admin.principal, write, handler)
