"""Rows of the ledger's tables as response bodies."""

from __future__ import annotations

import json
from typing import Literal, cast

from pointsapi.ledger.models import Promotion
from pointsapi.ledger.schemas import PromotionView


def promotion_view(promo: Promotion) -> PromotionView:
    return PromotionView(
        id=promo.id,
        name=promo.name,
        store_id=promo.store_id,
        schedule=cast(Literal["month_day", "weekday"], promo.schedule),
        schedule_value=promo.schedule_value,
        multiplier_pct=promo.multiplier_pct,
        tier_codes=json.loads(promo.tier_codes_json) if promo.tier_codes_json else None,
        starts_on=promo.starts_on,
        ends_on=promo.ends_on,
    )
