"""Admin endpoints of stores: create stores, tills and kiosks; read and set store rules."""

from __future__ import annotations

import secrets
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pointsapi.auth.principals import AdminDep, AdminPrincipal
from pointsapi.core.errors import ApiError
from pointsapi.core.http import WRITE_ERRORS, PathId, problems
from pointsapi.core.idempotency import WriteDep, run_write
from pointsapi.core.runtime import RuntimeDep
from pointsapi.core.schemas import LocalizedName
from pointsapi.core.tokens import hash_token, new_id, new_token
from pointsapi.ledger.config_store import store_rules
from pointsapi.ledger.rules.config import StoreRules
from pointsapi.stores.models import Kiosk, Store, Till
from pointsapi.stores.schemas import CredentialCreate, CredentialCreated, StoreCreate, StoreCreated
from pointsapi.stores.service import get_store

router = APIRouter(prefix="/v1/admin", tags=["admin"])


def _credential(
    *,
    kind: str,
    store_id: str,
    body: CredentialCreate,
    admin: AdminPrincipal,
    write: WriteDep,
    rt: RuntimeDep,
) -> JSONResponse:
    now = rt.now()

    def handler(session: Session) -> tuple[int, CredentialCreated]:
        store = get_store(session, store_id)
        token = new_token("tt" if kind == "till" else "kt")
        model = Till if kind == "till" else Kiosk
        row = model(
            id=new_id(kind[0]),
            store_id=store.id,
            name=body.name,
            token_hash=hash_token(token),
            active=True,
            created_at=now,
        )
        session.add(row)
        session.flush()
        return 201, CredentialCreated(id=row.id, store_id=store.id, token=token)

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


@router.get(
    "/stores/{store_id}/rules", response_model=StoreRules, responses=problems(401, 403, 404)
)
def get_store_rules(store_id: PathId, admin: AdminDep, rt: RuntimeDep) -> JSONResponse:
    """The store's earning, expiry, check-in and points-as-cash rules."""
    with rt.db.read() as session:
        rules = store_rules(get_store(session, store_id))
    return JSONResponse(rules.model_dump(mode="json"))


@router.put("/stores/{store_id}/rules", response_model=StoreRules, responses=WRITE_ERRORS)
def put_store_rules(
    store_id: PathId, body: StoreRules, admin: AdminDep, write: WriteDep, rt: RuntimeDep
) -> JSONResponse:
    """Replace the store's rules (applies to what is earned or spent from now on)."""

    def handler(session: Session) -> tuple[int, StoreRules]:
        store = get_store(session, store_id)
        store.rules_json = body.model_dump_json()
        session.flush()
        return 200, body

    return run_write(rt, admin.principal, write, handler)


@router.post("/stores", status_code=201, response_model=StoreCreated, responses=WRITE_ERRORS)
def create_store(
    body: StoreCreate, admin: AdminDep, write: WriteDep, rt: RuntimeDep
) -> JSONResponse:
    """Add a store (with default rules and a fresh receipt-signing key)."""
    now = rt.now()

    def handler(session: Session) -> tuple[int, StoreCreated]:
        try:
            ZoneInfo(body.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ApiError(422, "timezone_unknown", "Unknown timezone.") from exc
        if session.scalar(select(Store.id).where(Store.code == body.code)) is not None:
            raise ApiError(409, "store_code_taken", "A store with this code exists.")
        store = Store(
            id=new_id("s"),
            code=body.code,
            name_en=body.name_en,
            name_zh=body.name_zh,
            timezone=body.timezone,
            currency=body.currency,
            created_at=now,
            rules_json="{}",
            receipt_key=secrets.token_bytes(32),
        )
        try:
            with session.begin_nested():
                session.add(store)
        except IntegrityError as exc:
            raise ApiError(409, "store_code_taken", "A store with this code exists.") from exc
        return 201, StoreCreated(
            store_id=store.id,
            code=store.code,
            name=LocalizedName(en=store.name_en, zh=store.name_zh),
            timezone=store.timezone,
            currency=store.currency,
        )

    return run_write(rt, admin.principal, write, handler)
