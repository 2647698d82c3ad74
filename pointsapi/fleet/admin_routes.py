"""Admin endpoints of the fleet: list and close alerts."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from pointsapi.auth.principals import AdminDep
from pointsapi.core.http import WRITE_ERRORS, PathId, problems
from pointsapi.core.idempotency import WriteDep, run_write
from pointsapi.core.runtime import RuntimeDep
from pointsapi.core.schemas import EmptyBody
from pointsapi.fleet import alerts
from pointsapi.fleet.schemas import AlertList, AlertView
from pointsapi.stores.service import get_store

router = APIRouter(prefix="/v1/admin", tags=["admin: staff"])


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
        store = get_store(session, store_id)
        found = [alerts.view(a) for a in alerts.for_store(session, store.id, state)]
    return JSONResponse(AlertList(store_id=store.id, alerts=found).model_dump(mode="json"))


@router.post("/alerts/{alert_id}/close", response_model=AlertView, responses=WRITE_ERRORS)
def close_alert(
    alert_id: PathId, body: EmptyBody, admin: AdminDep, write: WriteDep, rt: RuntimeDep
) -> JSONResponse:
    """Close an alert (a closed one is answered unchanged)."""
    now = rt.now()

    def handler(session: Session) -> tuple[int, AlertView]:
        return 200, alerts.view(alerts.close_by_admin(session, alert_id, now))

    return run_write(rt, admin.principal, write, handler)
