"""Kiosk endpoints (kiosk token, bound to one store)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from pointsapi.auth.principals import KioskDep, KioskPrincipal, store_of
from pointsapi.core.http import MemberSessionHeader, PathId, problems
from pointsapi.core.idempotency import WriteDep, run_write
from pointsapi.core.runtime import RuntimeDep
from pointsapi.core.schemas import EmptyBody
from pointsapi.ledger import service as ledger
from pointsapi.members import identify as identify_mod
from pointsapi.members.models import Member
from pointsapi.members.summary import build_summary
from pointsapi.rewards import redemption, unprinted
from pointsapi.rewards.schemas import (
    CatalogueResponse,
    PointsCashRequest,
    RedeemRequest,
    RedeemResponse,
    UnprintedVoucher,
    UnprintedVouchers,
    VoucherView,
)
from pointsapi.rewards.views import catalogue_view, voucher_view

router = APIRouter(prefix="/v1/kiosk", tags=["kiosk"])


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


def _spend(
    kiosk: KioskPrincipal,
    write: WriteDep,
    rt: RuntimeDep,
    member_session: str | None,
    body: RedeemRequest | PointsCashRequest,
) -> JSONResponse:
    """A spend: the member's spending session, their row locked, the points taken and a voucher
    issued in one transaction."""
    now = rt.now()

    def handler(session: Session) -> tuple[int, RedeemResponse]:
        member, store = identify_mod.visiting_member(
            session, token=member_session, kiosk=kiosk, now=now, spend=True
        )
        if isinstance(body, RedeemRequest):
            voucher = redemption.redeem_item(
                session,
                member=member,
                store=store,
                item_code=body.item_code,
                actor=kiosk.actor,
                idempotency_key=write.key,
                now=now,
            )
        else:
            voucher = redemption.points_as_cash(
                session,
                member=member,
                store=store,
                points=body.points,
                actor=kiosk.actor,
                idempotency_key=write.key,
                now=now,
            )
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
    return _spend(kiosk, write, rt, member_session, body)


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
    return _spend(kiosk, write, rt, member_session, body)


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


MemberQuery = Annotated[
    str, Query(alias="member", pattern=r"^[A-Za-z0-9_-]{1,32}$", description="A member id")
]


@router.get(
    "/vouchers/unprinted",
    response_model=UnprintedVouchers,
    responses=problems(401, 403),
)
def vouchers_unprinted(member_id: MemberQuery, kiosk: KioskDep, rt: RuntimeDep) -> JSONResponse:
    """Vouchers this kiosk issued to the member that it has not confirmed printing (an answer
    lost on the network, a restart): the kiosk prints them and then says so (``printed``)."""
    now = rt.now()
    with rt.db.read() as session:
        found = unprinted.unprinted(
            session,
            kiosk_id=kiosk.kiosk_id,
            store_id=kiosk.store_id,
            member_id=member_id,
            now=now,
        )
        views = [
            UnprintedVoucher(**voucher_view(session, voucher).model_dump(), intent_key=key)
            for voucher, key in found
        ]
    return JSONResponse(UnprintedVouchers(vouchers=views).model_dump(mode="json"))
