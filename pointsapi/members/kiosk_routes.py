"""Kiosk endpoints of members: identify a member and show their summary."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from pointsapi.auth.principals import KioskDep, store_of
from pointsapi.core.errors import ApiError
from pointsapi.core.http import MemberSessionHeader, PathId, problems
from pointsapi.core.idempotency import WriteDep, run_write
from pointsapi.core.runtime import RuntimeDep
from pointsapi.members import identify as identify_mod
from pointsapi.members import identify_limits
from pointsapi.members.models import Member
from pointsapi.members.schemas import (
    IdentifyRequest,
    IdentifyResponse,
    MemberSessionInfo,
    MemberSummary,
)
from pointsapi.members.summary import build_summary

router = APIRouter(prefix="/v1/kiosk", tags=["kiosk"])


# Refusals that count towards the per-kiosk guessing limit.
_GUESS_FAILURES = frozenset({"member_not_found", "code_invalid", "code_expired", "code_replayed"})


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
