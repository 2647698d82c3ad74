"""Admin endpoints of the fleet: list and close alerts."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from pointsapi.auth.principals import AdminDep
from pointsapi.core.errors import ApiError
from pointsapi.core.http import PathId, problems
from pointsapi.core.idempotency import WriteDep, run_write
from pointsapi.core.runtime import RuntimeDep
from pointsapi.core.schemas import EmptyBody
from pointsapi.fleet import alerts
from pointsapi.fleet.schemas import AlertList, AlertView
from pointsapi.stores.models import Store

router = APIRouter(prefix="/v1/admin", tags=["admin: staff"])


_WRITE_ERRORS = problems(400, 401, 403, 404, 409, 413)


def _store(session: Session, store_id: str) -> Store:
    store = session.get(Store, store_id)
    if store is None:
        raise ApiError(404, "store_not_found", "No such store.")
    return store


@router.get(
    "/stores/{store_id}/alerts", response_model=AlertList, responses=problems(401, 403, 404)
)
def list_alerts(
    store_id: PathId,
    admin: AdminDep,
    rt: RuntimeDep,
    state: Literal["open", "closed", "all"] = "open",
) -> JSONResponse:
    """The store's alerts, newest opened first (at most 500)."""
    with rt.db.read() as session:
        store = _store(session, store_id)
        found = [alerts.view(a) for a in alerts.for_store(session, store.id, state)]
    return JSONResponse(AlertList(store_id=store.id, alerts=found).model_dump(mode="json"))


@router.post("/alerts/{alert_id}/close", response_model=AlertView, responses=_WRITE_ERRORS)
def close_alert(
    alert_id: PathId, body: EmptyBody, admin: AdminDep, write: WriteDep, rt: RuntimeDep
) -> JSONResponse:
    """Close an alert (a closed one is answered unchanged)."""
    now = rt.now()

    def handler(session: Session) -> tuple[int, AlertView]:
        return 200, alerts.view(alerts.close_by_admin(session, alert_id, now))

    return run_write(rt, admin.principal, write, handler)
