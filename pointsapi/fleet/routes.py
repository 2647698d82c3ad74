"""Kiosk endpoint of the fleet: a kiosk reports a hardware event."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from pointsapi.auth.principals import KioskDep
from pointsapi.core.errors import ApiError
from pointsapi.core.http import problems
from pointsapi.core.idempotency import WriteDep, run_write
from pointsapi.core.runtime import RuntimeDep
from pointsapi.fleet import alerts
from pointsapi.fleet.schemas import EventAccepted, GiftStockLowEvent, KioskEventRequest
from pointsapi.staff import gifts as staff_gifts

router = APIRouter(prefix="/v1/kiosk", tags=["staff"])


@router.post(
    "/events",
    status_code=202,
    response_model=EventAccepted,
    responses=problems(400, 401, 403, 413),
)
def kiosk_event(
    body: KioskEventRequest, kiosk: KioskDep, write: WriteDep, rt: RuntimeDep
) -> JSONResponse:
    """What the kiosk's hardware reports: opens, bumps or closes the matching alert."""
    now = rt.now()
    event = body.root

    def handler(session: Session) -> tuple[int, EventAccepted]:
        subject = ""
        if isinstance(event, GiftStockLowEvent):
            subject = event.detail.gift_code
            if not staff_gifts.gift_known(session, kiosk.store_id, subject):
                raise ApiError(
                    422,
                    "validation_error",
                    "The request does not match the expected shape.",
                    title="Validation error",
                    extra={
                        "errors": [
                            {
                                "loc": ["body", "detail", "gift_code"],
                                "msg": "no gift with this code is stocked at this store",
                            }
                        ]
                    },
                )
        recorded, alert = alerts.record_event(
            session,
            store_id=kiosk.store_id,
            kiosk_id=kiosk.kiosk_id,
            kind=event.kind,
            state=event.state,
            subject=subject,
            detail=event.detail.model_dump(mode="json"),
            occurred_at=event.occurred_at,
            now=now,
        )
        return 202, EventAccepted(event_id=recorded.id, alert=alerts.view(alert) if alert else None)

    return run_write(rt, kiosk.principal, write, handler)
