"""Admin endpoints of members: register a member."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from pointsapi.auth.principals import AdminDep
from pointsapi.core.http import WRITE_ERRORS
from pointsapi.core.idempotency import WriteDep, run_write
from pointsapi.core.runtime import RuntimeDep
from pointsapi.ledger import service as ledger
from pointsapi.members import service
from pointsapi.members.schemas import MemberCreate, MemberCreated
from pointsapi.stores.service import get_store

router = APIRouter(prefix="/v1/admin", tags=["admin"])


@router.post("/members", status_code=201, response_model=MemberCreated, responses=WRITE_ERRORS)
def create_member(
    body: MemberCreate, admin: AdminDep, write: WriteDep, rt: RuntimeDep
) -> JSONResponse:
    """Register a member (registration bonus; referral bonuses when a referrer is named)."""
    now = rt.now()

    def handler(session: Session) -> tuple[int, MemberCreated]:
        member, token = service.register_member(
            session,
            store=get_store(session, body.store_id),
            full_name=body.full_name,
            language=body.language,
            card_number=body.card_number,
            referrer_no=body.referrer_member_no,
            actor=admin.actor,
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
