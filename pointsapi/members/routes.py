"""Member app endpoints (member token)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from pointsapi.auth.principals import MemberDep
from pointsapi.core.errors import ApiError
from pointsapi.core.http import problems
from pointsapi.core.runtime import RuntimeDep
from pointsapi.members import codes
from pointsapi.members.models import Member
from pointsapi.members.schemas import MemberCode

router = APIRouter(prefix="/v1/member", tags=["member"])


@router.get("/code", response_model=MemberCode, responses=problems(401, 403))
def member_code(member: MemberDep, rt: RuntimeDep) -> JSONResponse:
    """The rotating code the member's phone shows as a QR code (changes every 30 s)."""
    now = rt.now()
    with rt.db.read() as session:
        row = session.get(Member, member.member_id)
        if row is None:  # tokens reference members (foreign key)
            raise ApiError(401, "invalid_token", "The token is unknown or revoked.")
        if row.status != "active":
            raise ApiError(403, "member_blocked", "This membership is blocked.")
        step = codes.step_at(now)
        body = MemberCode(
            payload=codes.member_code(row.member_no, row.code_secret, now),
            step_seconds=codes.STEP_SECONDS,
            valid_until=codes.step_start(step + 1),
        )
    return JSONResponse(body.model_dump(mode="json"))
