"""Request and response bodies of kiosk events and alerts."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, RootModel

from pointsapi.core.schemas import GiftCode, Instant, NoDetails, Strict


class PaperLowDetail(Strict):
    reason: Literal["paper_low_switch", "paper_near_end", "paper_estimate_low"]


class PaperOutDetail(Strict):
    reason: Literal["paper_out", "printer_offline", "printer_not_responding"]


class GiftStockLowDetail(Strict):
    gift_code: GiftCode
    quantity: int = Field(ge=0, le=10**6, strict=True)


class _Event(Strict):
    state: Literal["raised", "cleared"]
    occurred_at: Instant


class PaperLowEvent(_Event):
    kind: Literal["paper_low"]
    detail: PaperLowDetail


class PaperOutEvent(_Event):
    kind: Literal["paper_out"]
    detail: PaperOutDetail


class DoorOpenEvent(_Event):
    kind: Literal["door_open"]
    detail: NoDetails = Field(default_factory=NoDetails)


class HelpPressedEvent(_Event):
    kind: Literal["help_pressed"]
    state: Literal["raised"]  # it closes when staff log in at the kiosk, or an admin closes it
    detail: NoDetails = Field(default_factory=NoDetails)


class GiftStockLowEvent(_Event):
    kind: Literal["gift_stock_low"]
    detail: GiftStockLowDetail


class KioskEventRequest(
    RootModel[
        Annotated[
            PaperLowEvent | PaperOutEvent | DoorOpenEvent | HelpPressedEvent | GiftStockLowEvent,
            Field(discriminator="kind"),
        ]
    ]
):
    pass


class AlertView(BaseModel):
    alert_id: str
    kiosk_id: str
    kind: str
    subject: str
    state: Literal["open", "closed"]
    opened_at: datetime
    last_seen_at: datetime
    count: int
    detail: dict[str, Any]
    closed_at: datetime | None
    closed_by: str | None


class EventAccepted(BaseModel):
    event_id: str
    alert: AlertView | None


class AlertList(BaseModel):
    store_id: str
    alerts: list[AlertView]
