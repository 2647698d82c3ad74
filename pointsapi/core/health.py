"""``GET /healthz``: liveness plus a database round trip."""

from __future__ import annotations

import logging

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from pointsapi import __version__
from pointsapi.core.runtime import RuntimeDep
from pointsapi.core.schemas import Health

router = APIRouter()
log = logging.getLogger("pointsapi.health")


@router.get("/healthz", response_model=Health, tags=["health"])
def healthz(rt: RuntimeDep) -> JSONResponse:
    try:
        with rt.db.read() as session:
            session.execute(text("SELECT 1"))
        database = "ok"
    except SQLAlchemyError as exc:
        log.warning("health: database unavailable (%s)", type(exc).__name__)
        database = "unavailable"
    body = Health(
        status="ok" if database == "ok" else "degraded",
        version=__version__,
        database=database,  # type: ignore[arg-type]
    )
    return JSONResponse(body.model_dump(), status_code=200 if database == "ok" else 503)
