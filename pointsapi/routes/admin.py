"""Admin endpoints: members, credentials, rules, catalogue, stock, promotions, vouchers."""

from __future__ import annotations

import json
import secrets
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pointsapi import earning, ledger, redemption
from pointsapi.auth import AdminDep, AdminPrincipal
from pointsapi.config_store import program_rules, save_program_rules, store_rules
from pointsapi.errors import ApiError
from pointsapi.idempotency import WriteDep, run_write
from pointsapi.ledger import Actor
from pointsapi.models import CatalogueItem, ItemStock, Kiosk, Promotion, Store, Tier, Till
from pointsapi.routes.common import PathCode, PathId, problems
from pointsapi.rules.config import ProgramRules, StoreRules
from pointsapi.runtime import RuntimeDep
from pointsapi.schemas import (
    CatalogueItemAdmin,
    CatalogueItemCreate,
    CatalogueItemPatch,
    CredentialCreate,
    CredentialCreated,
    EmptyBody,
    LocalizedName,
    MemberCreate,
    MemberCreated,
    PromotionCreate,
    PromotionPatch,
    PromotionView,
    StockSet,
    StockView,
    StoreCreate,
    StoreCreated,
    TierSet,
    TierView,
    VoucherView,
)
from pointsapi.tokens import hash_token, new_id, new_token
from pointsapi.views import item_admin_view, promotion_view, voucher_view

router = APIRouter(prefix="/v1/admin", tags=["admin"])

_WRITE_ERRORS = problems(400, 401, 403, 404, 409, 413, 422)


def _actor(admin: AdminPrincipal) -> Actor:
    return Actor("admin", admin.admin_id)


def _store(session: Session, store_id: str) -> Store:
    store = session.get(Store, store_id)
    if store is None:
        raise ApiError(404, "store_not_found", "No such store.")
    return store


def _check_tiers(session: Session, codes: list[str] | None) -> str | None:
    if codes is None:
        return None
    known = set(session.scalars(select(Tier.code)))
    unknown = sorted(set(codes) - known)
    if unknown:
        raise ApiError(422, "tier_unknown", f"Unknown tier code(s): {', '.join(unknown)}.")
    return json.dumps(sorted(set(codes)))


@router.post("/members", status_code=201, response_model=MemberCreated, responses=_WRITE_ERRORS)
def create_member(
    body: MemberCreate, admin: AdminDep, write: WriteDep, rt: RuntimeDep
) -> JSONResponse:
    """Register a member (registration bonus; referral bonuses when a referrer is named)."""
    now = rt.now()

    def handler(session: Session) -> tuple[int, MemberCreated]:
        member, token = earning.register_member(
            session,
            store=_store(session, body.store_id),
            full_name=body.full_name,
            language=body.language,
            card_number=body.card_number,
            referrer_no=body.referrer_member_no,
            actor=_actor(admin),
            idempotency_key=write.key,
            now=now,
        )
        return 201, MemberCreated(
            member_id=member.id,
            member_no=member.member_no,
            member_token=token,
            balance=ledger.balance(session, member.id, now),
        )

    return run_write(rt, admin.principal, write, handler)


def _credential(
    *,
    kind: str,
    store_id: str,
    body: CredentialCreate,
    admin: AdminPrincipal,
    write: WriteDep,
    rt: RuntimeDep,
) -> JSONResponse:
    now = rt.now()

    def handler(session: Session) -> tuple[int, CredentialCreated]:
        store = _store(session, store_id)
        token = new_token("tt" if kind == "till" else "kt")
        model = Till if kind == "till" else Kiosk
        row = model(
            id=new_id(kind[0]),
            store_id=store.id,
            name=body.name,
            token_hash=hash_token(token),
            active=True,
            created_at=now,
        )
        session.add(row)
        session.flush()
        return 201, CredentialCreated(id=row.id, store_id=store.id, token=token)

    return run_write(rt, admin.principal, write, handler)


@router.post(
    "/stores/{store_id}/tills",
    status_code=201,
    response_model=CredentialCreated,
    responses=_WRITE_ERRORS,
)
def create_till(
    store_id: PathId, body: CredentialCreate, admin: AdminDep, write: WriteDep, rt: RuntimeDep
) -> JSONResponse:
    """Issue a till credential for a store (the token is shown once)."""
    return _credential(kind="till", store_id=store_id, body=body, admin=admin, write=write, rt=rt)


@router.post(
    "/stores/{store_id}/kiosks",
    status_code=201,
    response_model=CredentialCreated,
    responses=_WRITE_ERRORS,
)
def create_kiosk(
    store_id: PathId, body: CredentialCreate, admin: AdminDep, write: WriteDep, rt: RuntimeDep
) -> JSONResponse:
    """Issue a kiosk credential for a store (the token is shown once)."""
    return _credential(kind="kiosk", store_id=store_id, body=body, admin=admin, write=write, rt=rt)


@router.get(
    "/stores/{store_id}/rules", response_model=StoreRules, responses=problems(401, 403, 404)
)
def get_store_rules(store_id: PathId, admin: AdminDep, rt: RuntimeDep) -> JSONResponse:
    """The store's earning, expiry, check-in and points-as-cash rules."""
    with rt.db.read() as session:
        rules = store_rules(_store(session, store_id))
    return JSONResponse(rules.model_dump(mode="json"))


@router.put("/stores/{store_id}/rules", response_model=StoreRules, responses=_WRITE_ERRORS)
def put_store_rules(
    store_id: PathId, body: StoreRules, admin: AdminDep, write: WriteDep, rt: RuntimeDep
) -> JSONResponse:
    """Replace the store's rules (applies to what is earned or spent from now on)."""

    def handler(session: Session) -> tuple[int, StoreRules]:
        store = _store(session, store_id)
        store.rules_json = body.model_dump_json()
        session.flush()
        return 200, body

    return run_write(rt, admin.principal, write, handler)


@router.put("/program", response_model=ProgramRules, responses=_WRITE_ERRORS)
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


@router.post(
    "/catalogue", status_code=201, response_model=CatalogueItemAdmin, responses=_WRITE_ERRORS
)
def create_item(
    body: CatalogueItemCreate, admin: AdminDep, write: WriteDep, rt: RuntimeDep
) -> JSONResponse:
    """Add a catalogue item (voucher, gift, service, or points + cash deal)."""
    now = rt.now()

    def handler(session: Session) -> tuple[int, CatalogueItemAdmin]:
        if session.scalar(select(CatalogueItem.id).where(CatalogueItem.code == body.code)):
            raise ApiError(409, "item_code_taken", "An item with this code exists.")
        for stamp in (body.valid_from, body.valid_until):
            if stamp is not None and stamp.tzinfo is None:
                raise ApiError(422, "time_needs_offset", "Times need a UTC offset.")
        if body.valid_until and body.valid_until <= (body.valid_from or now):
            raise ApiError(422, "validity_window_empty", "valid_until must be after valid_from.")
        item = CatalogueItem(
            id=new_id("i"),
            code=body.code,
            kind=body.kind,
            name_en=body.name_en,
            name_zh=body.name_zh,
            points_cost=body.points_cost,
            cash_minor=body.cash_minor,
            value_minor=body.value_minor,
            valid_from=body.valid_from or now,
            valid_until=body.valid_until,
            per_member_limit=body.per_member_limit,
            tier_codes_json=_check_tiers(session, body.tier_codes),
            voucher_valid_days=body.voucher_valid_days,
            active=body.active,
            created_at=now,
        )
        try:
            with session.begin_nested():
                session.add(item)
        except IntegrityError as exc:
            raise ApiError(409, "item_code_taken", "An item with this code exists.") from exc
        return 201, item_admin_view(item)

    return run_write(rt, admin.principal, write, handler)


@router.put(
    "/catalogue/{item_code}/stock/{store_id}", response_model=StockView, responses=_WRITE_ERRORS
)
def set_stock(
    item_code: PathCode,
    store_id: PathId,
    *,
    body: StockSet,
    admin: AdminDep,
    write: WriteDep,
    rt: RuntimeDep,
) -> JSONResponse:
    """Set how many of a gift a store has."""

    def handler(session: Session) -> tuple[int, StockView]:
        store = _store(session, store_id)
        item = session.scalar(select(CatalogueItem).where(CatalogueItem.code == item_code))
        if item is None:
            raise ApiError(404, "item_not_found", "No such catalogue item.")
        if item.kind != "gift":
            raise ApiError(422, "item_not_stocked", "Only gifts have stock.")
        stock = session.scalar(
            select(ItemStock)
            .where(ItemStock.item_id == item.id, ItemStock.store_id == store.id)
            .with_for_update()
        )
        if stock is None:
            session.add(ItemStock(item_id=item.id, store_id=store.id, quantity=body.quantity))
        else:
            stock.quantity = body.quantity
        session.flush()
        return 200, StockView(item_code=item.code, store_id=store.id, quantity=body.quantity)

    return run_write(rt, admin.principal, write, handler)


@router.post("/promotions", status_code=201, response_model=PromotionView, responses=_WRITE_ERRORS)
def create_promotion(
    body: PromotionCreate, admin: AdminDep, write: WriteDep, rt: RuntimeDep
) -> JSONResponse:
    """Add a member-day promotion (every month on a day, or every week on a weekday)."""
    now = rt.now()

    def handler(session: Session) -> tuple[int, PromotionView]:
        if body.store_id is not None:
            _store(session, body.store_id)
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
            tier_codes_json=_check_tiers(session, body.tier_codes),
            starts_on=body.starts_on,
            ends_on=body.ends_on,
            active=True,
            created_at=now,
        )
        session.add(promo)
        session.flush()
        return 201, promotion_view(promo)

    return run_write(rt, admin.principal, write, handler)


@router.post("/vouchers/{voucher_id}/void", response_model=VoucherView, responses=_WRITE_ERRORS)
def void_voucher(
    voucher_id: PathId, body: EmptyBody, admin: AdminDep, write: WriteDep, rt: RuntimeDep
) -> JSONResponse:
    """Cancel an open voucher; its points return to the member (and a gift to stock)."""
    now = rt.now()

    def handler(session: Session) -> tuple[int, VoucherView]:
        voucher = redemption.void(
            session,
            voucher_id=voucher_id,
            actor=_actor(admin),
            idempotency_key=write.key,
            now=now,
        )
        return 200, voucher_view(session, voucher)

    return run_write(rt, admin.principal, write, handler)


@router.patch("/catalogue/{item_code}", response_model=CatalogueItemAdmin, responses=_WRITE_ERRORS)
def patch_item(
    item_code: PathCode,
    body: CatalogueItemPatch,
    admin: AdminDep,
    write: WriteDep,
    rt: RuntimeDep,
) -> JSONResponse:
    """Change an item (e.g. deactivate it, end its window, change its price).

    Vouchers already issued keep what they were issued with.
    """
    changes = body.model_dump(exclude_unset=True)

    def handler(session: Session) -> tuple[int, CatalogueItemAdmin]:
        item = session.scalar(
            select(CatalogueItem).where(CatalogueItem.code == item_code).with_for_update()
        )
        if item is None:
            raise ApiError(404, "item_not_found", "No such catalogue item.")
        for field, value in changes.items():
            if value is None and field not in ("valid_until", "per_member_limit", "tier_codes"):
                raise ApiError(422, "field_required", f"{field} cannot be null.")
            if field == "tier_codes":
                item.tier_codes_json = _check_tiers(session, value)
            elif field == "valid_until" and value is not None:
                if value.tzinfo is None:
                    raise ApiError(422, "time_needs_offset", "Times need a UTC offset.")
                if value <= item.valid_from:
                    raise ApiError(
                        422, "validity_window_empty", "valid_until must be after valid_from."
                    )
                item.valid_until = value
            else:
                setattr(item, field, value)
        session.flush()
        return 200, item_admin_view(item)

    return run_write(rt, admin.principal, write, handler)


@router.put("/tiers/{tier_code}", response_model=TierView, responses=_WRITE_ERRORS)
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


@router.post("/stores", status_code=201, response_model=StoreCreated, responses=_WRITE_ERRORS)
def create_store(
    body: StoreCreate, admin: AdminDep, write: WriteDep, rt: RuntimeDep
) -> JSONResponse:
    """Add a store (with default rules and a fresh receipt-signing key)."""
    now = rt.now()

    def handler(session: Session) -> tuple[int, StoreCreated]:
        try:
            ZoneInfo(body.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ApiError(422, "timezone_unknown", "Unknown timezone.") from exc
        if session.scalar(select(Store.id).where(Store.code == body.code)) is not None:
            raise ApiError(409, "store_code_taken", "A store with this code exists.")
        store = Store(
            id=new_id("s"),
            code=body.code,
            name_en=body.name_en,
            name_zh=body.name_zh,
            timezone=body.timezone,
            currency=body.currency,
            created_at=now,
            rules_json="{}",
            receipt_key=secrets.token_bytes(32),
        )
        try:
            with session.begin_nested():
                session.add(store)
        except IntegrityError as exc:
            raise ApiError(409, "store_code_taken", "A store with this code exists.") from exc
        return 201, StoreCreated(
            store_id=store.id,
            code=store.code,
            name=LocalizedName(en=store.name_en, zh=store.name_zh),
            timezone=store.timezone,
            currency=store.currency,
        )

    return run_write(rt, admin.principal, write, handler)


@router.patch("/promotions/{promotion_id}", response_model=PromotionView, responses=_WRITE_ERRORS)
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
