"""Admin endpoints of the ledger: programme rules, promotions and tiers."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from pointsapi.auth.principals import AdminDep
from pointsapi.core.errors import ApiError
from pointsapi.core.http import WRITE_ERRORS, PathCode, PathId
from pointsapi.core.idempotency import WriteDep, run_write
from pointsapi.core.runtime import RuntimeDep
from pointsapi.core.tokens import new_id
from pointsapi.ledger import tiers
from pointsapi.ledger.config_store import program_rules, save_program_rules
from pointsapi.ledger.models import Promotion, Tier
from pointsapi.ledger.rules.config import ProgramRules
from pointsapi.ledger.schemas import (
    PromotionCreate,
    PromotionPatch,
    PromotionView,
    TierSet,
    TierView,
)
from pointsapi.ledger.views import promotion_view
from pointsapi.stores.service import get_store

router = APIRouter(prefix="/v1/admin", tags=["admin"])


@router.put("/program", response_model=ProgramRules, responses=WRITE_ERRORS)
def put_program(
    body: ProgramRules, admin: AdminDep, write: WriteDep, rt: RuntimeDep
) -> JSONResponse:
    """Replace the programme-wide tier rules (qualifying period, timezone)."""

    def handler(session: Session) -> tuple[int, ProgramRules]:
        try:
            ZoneInfo(body.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ApiError(422, "timezone_unknown", "Unknown timezone.") from exc
        save_program_rules(session, body)
        return 200, program_rules(session)

    return run_write(rt, admin.principal, write, handler)


@router.post("/promotions", status_code=201, response_model=PromotionView, responses=WRITE_ERRORS)
def create_promotion(
    body: PromotionCreate, admin: AdminDep, write: WriteDep, rt: RuntimeDep
) -> JSONResponse:
    """Add a member-day promotion (every month on a day, or every week on a weekday)."""
    now = rt.now()

    def handler(session: Session) -> tuple[int, PromotionView]:
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
        return 201, promotion_view(promo)

    return run_write(rt, admin.principal, write, handler)


@router.put("/tiers/{tier_code}", response_model=TierView, responses=WRITE_ERRORS)
def put_tier(
    tier_code: PathCode, body: TierSet, admin: AdminDep, write: WriteDep, rt: RuntimeDep
) -> JSONResponse:
    """Create or change a tier (tiers are never deleted: members refer to them).

    New thresholds apply from the next earning (upgrades) and the next review (downgrades).
    """

    def handler(session: Session) -> tuple[int, TierView]:
        tier = session.get(Tier, tier_code, with_for_update=True)
        clash = session.scalar(select(Tier).where(Tier.rank == body.rank, Tier.code != tier_code))
        if clash is not None:
            raise ApiError(409, "tier_rank_taken", f"Tier {clash.code} already has that rank.")
        if tier is None:
            tier = Tier(code=tier_code, **body.model_dump())
            session.add(tier)
        else:
            for field, value in body.model_dump().items():
                setattr(tier, field, value)
        session.flush()
        ordered = sorted(session.scalars(select(Tier)), key=lambda t: t.rank)
        thresholds = [t.min_qualifying for t in ordered]
        if thresholds != sorted(thresholds) or len(set(thresholds)) != len(thresholds):
            raise ApiError(422, "tier_thresholds_unordered", "Higher tiers need higher thresholds.")
        if ordered[0].min_qualifying != 0:
            raise ApiError(422, "tier_thresholds_unordered", "The lowest tier starts at 0.")
        return 200, TierView(code=tier.code, **body.model_dump())

    return run_write(rt, admin.principal, write, handler)


@router.patch("/promotions/{promotion_id}", response_model=PromotionView, responses=WRITE_ERRORS)
def patch_promotion(
    promotion_id: PathId,
    body: PromotionPatch,
    admin: AdminDep,
    write: WriteDep,
    rt: RuntimeDep,
) -> JSONResponse:
    """Switch a member-day promotion off (``active``) or end it (``ends_on``)."""
    changes = body.model_dump(exclude_unset=True)

    def handler(session: Session) -> tuple[int, PromotionView]:
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
        return 200, promotion_view(promo)

    return run_write(rt, admin.principal, write, handler)
