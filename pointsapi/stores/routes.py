"""Kiosk endpoint of stores: what a kiosk knows about itself and its store."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from pointsapi.auth.principals import KioskDep, store_of
from pointsapi.core.http import problems
from pointsapi.core.runtime import RuntimeDep
from pointsapi.core.schemas import LocalizedName
from pointsapi.stores.schemas import KioskMe, StoreInfo

router = APIRouter(prefix="/v1/kiosk", tags=["kiosk"])


@router.get("/me", response_model=KioskMe, responses=problems(401, 403))
def kiosk_me(kiosk: KioskDep, rt: RuntimeDep) -> JSONResponse:
    """Which kiosk this token is and the store it belongs to."""
    with rt.db.read() as session:
        store = store_of(session, kiosk)
        body = KioskMe(
            kiosk_id=kiosk.kiosk_id,
            store=StoreInfo(
                store_id=store.id,
                name=LocalizedName(en=store.name_en, zh=store.name_zh),
                timezone=store.timezone,
                currency=store.currency,
            ),
        )
    return JSONResponse(body.model_dump(mode="json"))
