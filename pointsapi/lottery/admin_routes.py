"""Admin endpoints of the prize wheel: read and replace a store's wheel."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from pointsapi.auth.principals import AdminDep
from pointsapi.core.http import PathId, problems
from pointsapi.core.idempotency import WriteDep, run_write
from pointsapi.core.runtime import RuntimeDep
from pointsapi.lottery import config, state
from pointsapi.lottery.schemas import WheelConfig, WheelConfigView
from pointsapi.stores.service import get_store

admin_router = APIRouter(prefix="/v1/admin", tags=["lottery"])


@admin_router.get(
    "/stores/{store_id}/wheel", response_model=WheelConfigView, responses=problems(401, 403, 404)
)
def admin_get_wheel(store_id: PathId, admin: AdminDep, rt: RuntimeDep) -> JSONResponse:
    """The store's wheel configuration (configured weights, not today's effective ones)."""
    with rt.db.read() as session:
        store = get_store(session, store_id)
        wheel = state.wheel_of(session, store.id)
        if wheel is None:
            raise state.not_configured()
        body = config.view(session, wheel)
    return JSONResponse(body.model_dump(mode="json"))


@admin_router.put(
    "/stores/{store_id}/wheel",
    response_model=WheelConfigView,
    responses=problems(400, 401, 403, 404, 409, 413, 422),
)
def admin_put_wheel(
    store_id: PathId, body: WheelConfig, admin: AdminDep, write: WriteDep, rt: RuntimeDep
) -> JSONResponse:
    """Create or replace the store's wheel (the version increases)."""
    now = rt.now()

    def handler(session: Session) -> tuple[int, WheelConfigView]:
        store = get_store(session, store_id)
        wheel = config.save(session, store, body, now)
        return 200, config.view(session, wheel)

    return run_write(rt, admin.principal, write, handler)
