"""Admin endpoints of the ledger: programme and store rules, promotions and tiers."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from pointsapi.auth.principals import AdminDep
from pointsapi.core.http import WRITE_ERRORS, PathCode32, PathId, problems
from pointsapi.core.idempotency import WriteDep, run_write
from pointsapi.core.runtime import RuntimeDep
from pointsapi.ledger import promotions, tiers
from pointsapi.ledger.config_store import (
    program_rules,
    save_program_rules,
    save_store_rules,
    store_rules,
)
from pointsapi.ledger.rules.config import ProgramRules, StoreRules
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
        promo = promotions.create(session, body, now)
        return 201, promotion_view(promo)

    return run_write(rt, admin.principal, write, handler)


@router.put("/tiers/{tier_code}", response_model=TierView, responses=WRITE_ERRORS)
def put_tier(
    tier_code: PathCode32, body: TierSet, admin: AdminDep, write: WriteDep, rt: RuntimeDep
) -> JSONResponse:
    """Create or change a tier (tiers are never deleted: members refer to them).

    New thresholds apply from the next earning (upgrades) and the next review (downgrades).
    """

    def handler(session: Session) -> tuple[int, TierView]:
        tier = tiers.set_tier(session, tier_code, body)
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
        promo = promotions.change(session, promotion_id, changes)
        return 200, promotion_view(promo)

    return run_write(rt, admin.principal, write, handler)


@router.get(
    "/stores/{store_id}/rules", response_model=StoreRules, responses=problems(401, 403, 404)
)
def get_store_rules(store_id: PathId, admin: AdminDep, rt: RuntimeDep) -> JSONResponse:
    """The store's earning, expiry, check-in and points-as-cash rules."""
    with rt.db.read() as session:
        rules = store_rules(get_store(session, store_id))
    return JSONResponse(rules.model_dump(mode="json"))


@router.put("/stores/{store_id}/rules", response_model=StoreRules, responses=WRITE_ERRORS)
def put_store_rules(
    store_id: PathId, body: StoreRules, admin: AdminDep, write: WriteDep, rt: RuntimeDep
) -> JSONResponse:
    """Replace the store's rules (applies to what is earned or spent from now on)."""

    def handler(session: Session) -> tuple[int, StoreRules]:
        save_store_rules(session, get_store(session, store_id), body)
        return 200, body

    return run_write(rt, admin.principal, write, handler)
