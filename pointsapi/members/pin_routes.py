"""Member PINs: a card visit spends after the PIN (kiosk), the member sets it (app), and the
store's policy says whether a PIN may stand in for the rotating code (admin)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from pointsapi.auth.principals import AdminDep, KioskDep, MemberDep
from pointsapi.core.errors import ApiError
from pointsapi.core.http import (
    MemberSessionHeader,
    PathId,
    problems,
    run_counted_write,
)
from pointsapi.core.idempotency import WriteDep, run_write
from pointsapi.core.runtime import RuntimeDep
from pointsapi.members import pins
from pointsapi.members.models import Member, MemberSession
from pointsapi.members.schemas import (
    MemberPinSet,
    MemberPinView,
    PinPolicy,
    PinPolicyView,
    PinSessionInfo,
    PinVerifyRequest,
    PinVerifyResponse,
)
from pointsapi.stores.service import get_store

router = APIRouter(tags=["member PIN"])


def _session_info(token: str, ms: MemberSession) -> PinVerifyResponse:
    return PinVerifyResponse(
        session=PinSessionInfo(
            token=token,
            expires_at=ms.expires_at,
            can_spend=ms.can_spend,
            via=ms.via,  # type: ignore[arg-type]
        )
    )


@router.post(
    "/v1/kiosk/sessions/pin",
    response_model=PinVerifyResponse,
    responses=problems(400, 401, 403, 409, 413, 423),
)
def verify_pin(
    body: PinVerifyRequest,
    kiosk: KioskDep,
    write: WriteDep,
    rt: RuntimeDep,
    member_session: MemberSessionHeader = None,
) -> JSONResponse:
    """A card visit's PIN, typed on the kiosk keypad: the same member session may then spend.

    Wrong PINs in a row lock the member's PIN for a while (``423 pin_locked``); a retry with the
    same Idempotency-Key replays the first answer and does not count again.
    """
    now = rt.now()
    security = rt.settings.security

    def handler(session: Session) -> tuple[int, PinVerifyResponse | dict[str, Any]]:
        outcome = pins.verify_for_spending(
            session, token=member_session, kiosk=kiosk, pin=body.pin, security=security, now=now
        )
        if isinstance(outcome, MemberSession):
            assert member_session is not None  # a session was found for it
            return 200, _session_info(member_session, outcome)
        return outcome

    return run_counted_write(rt, kiosk.principal, write, handler)


@router.put("/v1/member/pin", response_model=MemberPinView, responses=problems(400, 401, 403, 413))
def set_member_pin(
    body: MemberPinSet, member: MemberDep, write: WriteDep, rt: RuntimeDep
) -> JSONResponse:
    """Set or change the PIN that lets a card visit spend (4-6 digits; clears a PIN lock)."""
    now = rt.now()

    def handler(session: Session) -> tuple[int, MemberPinView]:
        row = session.get(Member, member.member_id)
        if row is None:  # tokens reference members (foreign key)
            raise ApiError(401, "invalid_token", "The token is unknown or revoked.")
        if row.status != "active":
            raise ApiError(403, "member_blocked", "This membership is blocked.")
        stored = pins.set_member_pin(session, row.id, body.pin, now)
        return 200, MemberPinView(pin_set=True, set_at=stored.set_at)

    return run_write(rt, member.principal, write, handler)


@router.get(
    "/v1/admin/stores/{store_id}/pin-policy",
    response_model=PinPolicyView,
    responses=problems(401, 403, 404),
)
def get_pin_policy(store_id: PathId, admin: AdminDep, rt: RuntimeDep) -> JSONResponse:
    """Whether a card visit at this store may spend after the member's PIN."""
    with rt.db.read() as session:
        store = get_store(session, store_id)
        allowed = pins.pin_spend_allowed(session, store.id)
    return JSONResponse(PinPolicyView(store_id=store.id, member_pin_spend=allowed).model_dump())


@router.put(
    "/v1/admin/stores/{store_id}/pin-policy",
    response_model=PinPolicyView,
    responses=problems(400, 401, 403, 404, 413),
)
def put_pin_policy(
    store_id: PathId, body: PinPolicy, admin: AdminDep, write: WriteDep, rt: RuntimeDep
) -> JSONResponse:
    """Allow a PIN to stand in for the rotating code at this store, or require the code."""
    now = rt.now()

    def handler(session: Session) -> tuple[int, PinPolicyView]:
        store = get_store(session, store_id)
        pins.set_pin_policy(session, store.id, body.member_pin_spend, now)
        return 200, PinPolicyView(store_id=store.id, member_pin_spend=body.member_pin_spend)

    return run_write(rt, admin.principal, write, handler)
