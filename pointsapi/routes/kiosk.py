"""Kiosk endpoints (kiosk token, bound to one store)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Header
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from pointsapi import earning, identify_limits, ledger, redemption
from pointsapi import identify as identify_mod
from pointsapi.auth import KioskDep, KioskPrincipal, store_of
from pointsapi.errors import ApiError
from pointsapi.idempotency import WriteDep, run_write
from pointsapi.ledger import Actor
from pointsapi.models import Member, Store, Voucher
from pointsapi.routes.common import PathId, problems
from pointsapi.runtime import RuntimeDep
from pointsapi.schemas import (
    CatalogueResponse,
    CheckinResponse,
    CheckinResult,
    EmptyBody,
    IdentifyRequest,
    IdentifyResponse,
    KioskMe,
    LocalizedName,
    MemberSessionInfo,
    MemberSummary,
    PointsCashRequest,
    ReceiptClaimRequest,
    ReceiptClaimResponse,
    ReceiptResult,
    RedeemRequest,
    RedeemResponse,
    StoreInfo,
    VoucherView,
)
from pointsapi.summary import build_summary
from pointsapi.views import catalogue_view, voucher_view

router = APIRouter(prefix="/v1/kiosk", tags=["kiosk"])

# Refusals that count towards the per-kiosk guessing limit.
_GUESS_FAILURES = frozenset({"member_not_found", "code_invalid", "code_expired", "code_replayed"})

MemberSessionHeader = Annotated[
    str | None,
    Header(
        alias="X-Member-Session",
        description="The session token returned by POST /v1/kiosk/identify",
    ),
]


@router.post(
    "/identify",
    response_model=IdentifyResponse,
    responses=problems(400, 401, 403, 404, 409, 413, 422, 429),
)
def identify(
    body: IdentifyRequest,
    kiosk: KioskDep,
    write: WriteDep,
    rt: RuntimeDep,
) -> JSONResponse:
    """Identify a member from a scanned rotating code (can spend) or card (view only)."""
    now = rt.now()
    # Per kiosk, and per member number across kiosks (both durable: identify_limits.py).
    retry_after = identify_limits.kiosk_retry_after(rt, kiosk.kiosk_id, now)
    if retry_after is None:
        retry_after = identify_limits.retry_after(rt, body.payload, now)
    if retry_after is not None:
        raise ApiError(
            429,
            "rate_limited",
            "Too many failed identify attempts; wait a moment.",
            headers={"Retry-After": str(retry_after)},
        )

    def handler(session: Session) -> tuple[int, IdentifyResponse]:
        store = store_of(session, kiosk)
        found = identify_mod.identify(
            session,
            payload=body.payload,
            kiosk_id=kiosk.kiosk_id,
            now=now,
            session_ttl_s=rt.settings.member_session_ttl.total_seconds(),
        )
        return 200, IdentifyResponse(
            member=build_summary(session, found.member, store, now),
            session=MemberSessionInfo(
                token=found.session_token,
                expires_at=found.session.expires_at,
                can_spend=found.session.can_spend,
                via=found.via,  # type: ignore[arg-type]
            ),
        )

    try:
        return run_write(rt, kiosk.principal, write, handler)
    except ApiError as exc:
        if exc.code in _GUESS_FAILURES:
            identify_limits.record_kiosk_failure(rt, kiosk.kiosk_id, now)
            identify_limits.record_failure(rt, body.payload, exc.code, now)
        raise


@router.get(
    "/members/{member_id}/summary",
    response_model=MemberSummary,
    responses=problems(401, 403, 404),
)
def member_summary(
    member_id: PathId,
    kiosk: KioskDep,
    rt: RuntimeDep,
    member_session: MemberSessionHeader = None,
) -> JSONResponse:
    """The member screen after an action (needs the session from identify)."""
    now = rt.now()
    with rt.db.read() as session:
        identify_mod.resolve_session(
            session, token=member_session, kiosk_id=kiosk.kiosk_id, member_id=member_id, now=now
        )
        member = session.get(Member, member_id)
        if member is None:
            raise ApiError(404, "member_not_found", "No such member.")
        summary = build_summary(session, member, store_of(session, kiosk), now)
    return JSONResponse(summary.model_dump(mode="json"))


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


def _actor(kiosk: KioskPrincipal) -> Actor:
    return Actor("kiosk", kiosk.kiosk_id)


@router.post(
    "/checkin",
    response_model=CheckinResponse,
    responses=problems(400, 401, 403, 404, 409, 413, 422),
)
def checkin(
    body: EmptyBody,
    kiosk: KioskDep,
    write: WriteDep,
    rt: RuntimeDep,
    member_session: MemberSessionHeader = None,
) -> JSONResponse:
    """Daily check-in: once per member per store-local day; streak bonus on configured days."""
    now = rt.now()

    def handler(session: Session) -> tuple[int, CheckinResponse]:
        ms = identify_mod.session_for_action(
            session, token=member_session, kiosk_id=kiosk.kiosk_id, now=now
        )
        store = store_of(session, kiosk)
        member = earning.locked_member(session, ms.member_id)
        done = earning.check_in(
            session,
            store=store,
            member=member,
            actor=_actor(kiosk),
            idempotency_key=write.key,
            now=now,
        )
        return 200, CheckinResponse(
            checkin=CheckinResult(
                business_day=done.business_day,
                streak=done.streak,
                points=done.points,
                bonus=done.bonus,
            ),
            member=build_summary(session, member, store, now),
        )

    return run_write(rt, kiosk.principal, write, handler)


@router.post(
    "/receipts/claim",
    response_model=ReceiptClaimResponse,
    responses=problems(400, 401, 403, 404, 409, 413, 422),
)
def claim_receipt(
    body: ReceiptClaimRequest,
    kiosk: KioskDep,
    write: WriteDep,
    rt: RuntimeDep,
    member_session: MemberSessionHeader = None,
) -> JSONResponse:
    """Earn the points of a scanned receipt QR (``R1...``), once per receipt."""
    now = rt.now()

    def handler(session: Session) -> tuple[int, ReceiptClaimResponse]:
        ms = identify_mod.session_for_action(
            session, token=member_session, kiosk_id=kiosk.kiosk_id, now=now
        )
        member = earning.locked_member(session, ms.member_id)
        receipt = earning.claim_receipt(
            session,
            token=body.receipt,
            member=member,
            actor=_actor(kiosk),
            idempotency_key=write.key,
            now=now,
        )
        receipt_store = session.get(Store, receipt.store_id)
        assert receipt_store is not None
        return 200, ReceiptClaimResponse(
            receipt=ReceiptResult(
                store_id=receipt.store_id,
                receipt_no=receipt.receipt_no,
                amount_minor=receipt.amount_minor,
                currency=receipt_store.currency,
                points=receipt.points,
                purchased_at=receipt.purchased_at,
            ),
            member=build_summary(session, member, store_of(session, kiosk), now),
        )

    return run_write(rt, kiosk.principal, write, handler)


@router.get(
    "/catalogue",
    response_model=CatalogueResponse,
    responses=problems(401, 403),
)
def catalogue(
    kiosk: KioskDep, rt: RuntimeDep, member_session: MemberSessionHeader = None
) -> JSONResponse:
    """What the identified member can redeem here (items for other tiers are not listed)."""
    now = rt.now()
    with rt.db.read() as session:
        ms = identify_mod.session_for_action(
            session, token=member_session, kiosk_id=kiosk.kiosk_id, now=now
        )
        member = session.get(Member, ms.member_id)
        assert member is not None
        store = store_of(session, kiosk)
        balance = ledger.balance(session, member.id, now)
        items = [
            catalogue_view(entry, balance, store.currency)
            for entry in redemption.catalogue_for(session, member, store, now)
        ]
    return JSONResponse(CatalogueResponse(items=items).model_dump(mode="json"))


# A spend: the member's spending session, their row locked, the points taken and a voucher
# issued in one transaction by ``issue(session, member, store, actor, key, now)``.
IssueVoucher = Callable[[Session, Member, Store, Actor, str, datetime], Voucher]


def _spend(
    kiosk: KioskPrincipal,
    write: WriteDep,
    rt: RuntimeDep,
    member_session: str | None,
    issue: IssueVoucher,
) -> JSONResponse:
    now = rt.now()

    def handler(session: Session) -> tuple[int, RedeemResponse]:
        ms = identify_mod.session_for_action(
            session, token=member_session, kiosk_id=kiosk.kiosk_id, now=now, spend=True
        )
        member = earning.locked_member(session, ms.member_id)
        store = store_of(session, kiosk)
        voucher = issue(session, member, store, _actor(kiosk), write.key, now)
        return 200, RedeemResponse(
            voucher=voucher_view(session, voucher),
            member=build_summary(session, member, store, now),
        )

    return run_write(rt, kiosk.principal, write, handler)


@router.post(
    "/redeem",
    response_model=RedeemResponse,
    responses=problems(400, 401, 403, 404, 409, 413, 422),
)
def redeem(
    body: RedeemRequest,
    kiosk: KioskDep,
    write: WriteDep,
    rt: RuntimeDep,
    member_session: MemberSessionHeader = None,
) -> JSONResponse:
    """Spend points on a catalogue item; answers with a signed voucher to print."""
    return _spend(
        kiosk,
        write,
        rt,
        member_session,
        lambda session, member, store, actor, key, now: redemption.redeem_item(
            session,
            member=member,
            store=store,
            item_code=body.item_code,
            actor=actor,
            idempotency_key=key,
            now=now,
        ),
    )


@router.post(
    "/points-cash",
    response_model=RedeemResponse,
    responses=problems(400, 401, 403, 404, 409, 413, 422),
)
def points_cash(
    body: PointsCashRequest,
    kiosk: KioskDep,
    write: WriteDep,
    rt: RuntimeDep,
    member_session: MemberSessionHeader = None,
) -> JSONResponse:
    """Turn points into a cash voucher at the store's rate (minimum, step and cap apply)."""
    return _spend(
        kiosk,
        write,
        rt,
        member_session,
        lambda session, member, store, actor, key, now: redemption.points_as_cash(
            session,
            member=member,
            store=store,
            points=body.points,
            actor=actor,
            idempotency_key=key,
            now=now,
        ),
    )


@router.post(
    "/vouchers/{voucher_id}/printed",
    response_model=VoucherView,
    responses=problems(400, 401, 403, 404, 413, 422),
)
def voucher_printed(
    voucher_id: PathId, body: EmptyBody, kiosk: KioskDep, write: WriteDep, rt: RuntimeDep
) -> JSONResponse:
    """Record that the voucher came out of the printer (issued -> printed)."""
    now = rt.now()

    def handler(session: Session) -> tuple[int, VoucherView]:
        voucher = redemption.mark_printed(
            session, voucher_id=voucher_id, store_id=kiosk.store_id, now=now
        )
        return 200, voucher_view(session, voucher)

    return run_write(rt, kiosk.principal, write, handler)
