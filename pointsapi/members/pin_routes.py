"""Member PINs: a card visit spends after the PIN (kiosk), the member sets it (app), and the
store's policy says whether a PIN may stand in for the rotating code (admin)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from pointsapi.auth import attempts
from pointsapi.auth.principals import AdminDep, KioskDep, MemberDep, store_of
from pointsapi.core.errors import ApiError
from pointsapi.core.http import (
    MemberSessionHeader,
    PathId,
    lock_fields,
    problems,
    refusal,
    run_counted_write,
)
from pointsapi.core.idempotency import WriteDep, run_write
from pointsapi.core.runtime import RuntimeDep
from pointsapi.members import identify as identify_mod
from pointsapi.members import pins
from pointsapi.members.models import Member, MemberPin, MemberSession
from pointsapi.members.schemas import (
    MemberPinSet,
    MemberPinView,
    PinPolicy,
    PinPolicyView,
    PinSessionInfo,
    PinVerifyRequest,
    PinVerifyResponse,
)
from pointsapi.stores.models import Store
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
        ms = identify_mod.session_for_action(
            session, token=member_session, kiosk_id=kiosk.kiosk_id, now=now
        )
        assert member_session is not None  # session_for_action refuses a missing header
        member = session.get(Member, ms.member_id)
        assert member is not None  # foreign key
        if member.status != "active":
            raise ApiError(403, "member_blocked", "This membership is blocked; please ask staff.")
        if ms.can_spend:
            return 200, _session_info(member_session, ms)
        store = store_of(session, kiosk)
        if not pins.pin_spend_allowed(session, store.id):
            raise ApiError(
                403, "pin_not_allowed", "At this store spending needs the member's phone code."
            )
        stored = session.get(MemberPin, member.id)
        if stored is None:
            raise ApiError(409, "pin_not_set", "This member has not set a PIN in the app.")
        until = attempts.locked_until(session, pins.MEMBER_PIN_SCOPE, member.id, now)
        if until is not None:
            raise _pin_locked(until, now, store)
        check = pins.check_member_pin(
            session, member_session=ms, stored=stored, pin=body.pin, security=security, now=now
        )
        if check.ok:
            return 200, _session_info(member_session, ms)
        if check.locked_until is not None:
            return refusal(
                423,
                "pin_locked",
                "Too many wrong PINs: the PIN is locked for a while.",
                **lock_fields(check.locked_until, now, store.timezone),
            )
        return refusal(401, "pin_incorrect", "Wrong PIN.", attempts_left=check.attempts_left)

    return run_counted_write(rt, kiosk.principal, write, handler)


def _pin_locked(until: datetime, now: datetime, store: Store) -> ApiError:
    fields = lock_fields(until, now, store.timezone)
    return ApiError(
        423,
        "pin_locked",
        "Too many wrong PINs: the PIN is locked for a while.",
        headers={"Retry-After": str(fields["retry_after_s"])},
        extra=fields,
    )


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
