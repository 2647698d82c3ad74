"""Kiosk endpoints that earn points: daily check-in and receipt claims."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from pointsapi.auth.principals import KioskDep
from pointsapi.core.http import MemberSessionHeader, problems
from pointsapi.core.idempotency import WriteDep, run_write
from pointsapi.core.runtime import RuntimeDep
from pointsapi.core.schemas import EmptyBody
from pointsapi.ledger import earning
from pointsapi.ledger.schemas import (
    CheckinResponse,
    CheckinResult,
    ReceiptClaimRequest,
    ReceiptClaimResponse,
    ReceiptResult,
)
from pointsapi.members import identify as identify_mod
from pointsapi.members.summary import build_summary
from pointsapi.stores.models import Store

router = APIRouter(prefix="/v1/kiosk", tags=["kiosk"])


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
        member, store = identify_mod.visiting_member(
            session, token=member_session, kiosk=kiosk, now=now
        )
        done = earning.check_in(
            session,
            store=store,
            member=member,
            actor=kiosk.actor,
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
        member, store = identify_mod.visiting_member(
            session, token=member_session, kiosk=kiosk, now=now
        )
        receipt = earning.claim_receipt(
            session,
            token=body.receipt,
            member=member,
            actor=kiosk.actor,
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
            member=build_summary(session, member, store, now),
        )

    return run_write(rt, kiosk.principal, write, handler)
