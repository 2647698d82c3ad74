"""Member-day promotions: recurring earn multipliers an admin adds, switches off or ends."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from pointsapi.core.errors import ApiError
from pointsapi.core.tokens import new_id
from pointsapi.ledger import tiers
from pointsapi.ledger.models import Promotion
from pointsapi.ledger.schemas import PromotionCreate
from pointsapi.stores.service import get_store


def create(session: Session, body: PromotionCreate, now: datetime) -> Promotion:
    """Every month on a day, or every week on a weekday (1 = Monday .. 7 = Sunday)."""
    if body.store_id is not None:
        get_store(session, body.store_id)
    if body.schedule == "weekday" and body.schedule_value > 7:
        raise ApiError(422, "schedule_invalid", "Weekdays are 1 (Monday) to 7 (Sunday).")
    if body.ends_on is not None and body.ends_on < body.starts_on:
        raise ApiError(422, "schedule_invalid", "ends_on is before starts_on.")
    promo = Promotion(
        id=new_id("p"),
        store_id=body.store_id,
        name=body.name,
        schedule=body.schedule,
        schedule_value=body.schedule_value,
        multiplier_pct=body.multiplier_pct,
        tier_codes_json=tiers.check_tier_codes(session, body.tier_codes),
        starts_on=body.starts_on,
        ends_on=body.ends_on,
        active=True,
        created_at=now,
    )
    session.add(promo)
    session.flush()
    return promo


def change(session: Session, promotion_id: str, changes: dict[str, Any]) -> Promotion:
    """Apply the fields an admin sent (``active``, ``ends_on``); the rest stays."""
    promo = session.get(Promotion, promotion_id, with_for_update=True)
    if promo is None:
        raise ApiError(404, "promotion_not_found", "No such promotion.")
    if "active" in changes:
        if changes["active"] is None:
            raise ApiError(422, "field_required", "active cannot be null.")
        promo.active = changes["active"]
    if "ends_on" in changes:
        if changes["ends_on"] is not None and changes["ends_on"] < promo.starts_on:
            raise ApiError(422, "schedule_invalid", "ends_on is before starts_on.")
        promo.ends_on = changes["ends_on"]
    session.flush()
    return promo
