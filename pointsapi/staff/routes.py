"""Staff mode at a kiosk (kiosk token + ``X-Staff-Session``) and the kiosk's hardware events.

See docs/staff-api.md. Every staff action is an audit entry written in the same transaction as
the change it records.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from pointsapi.auth.principals import KioskDep, KioskPrincipal, store_of
from pointsapi.core.http import PathCode, problems, run_counted_write
from pointsapi.core.idempotency import WriteDep, run_write
from pointsapi.core.runtime import Runtime, RuntimeDep
from pointsapi.staff import gifts as staff_gifts
from pointsapi.staff import late_records
from pointsapi.staff import login as staff_auth
from pointsapi.staff.schemas import (
    GiftAdjusted,
    GiftAdjustRequest,
    GiftStockList,
    LogoutRequest,
    LogoutResponse,
    StaffActionRecorded,
    StaffActionRequest,
    StaffAuditRecord,
    StaffLoginRequest,
    StaffLoginResponse,
)

router = APIRouter(prefix="/v1/kiosk", tags=["staff"])


StaffSessionHeader = Annotated[
    str | None,
    Header(
        alias="X-Staff-Session",
        description="The staff session token returned by POST /v1/kiosk/staff/sessions",
    ),
]


_STAFF_ERRORS = problems(400, 401, 403, 413)


@router.post(
    "/staff/sessions",
    status_code=201,
    response_model=StaffLoginResponse,
    responses=problems(400, 401, 403, 413, 423),
)
def staff_login(
    body: StaffLoginRequest, kiosk: KioskDep, write: WriteDep, rt: RuntimeDep
) -> JSONResponse:
    """Log a staff member in at this kiosk with a card or staff number and a PIN.

    An unknown card or number is answered like a wrong PIN. Wrong PINs lock the credential (at
    every kiosk) and failed logins lock staff login at this kiosk (``423 staff_locked``).
    """
    now = rt.now()

    def handler(session: Session) -> tuple[int, StaffLoginResponse | dict[str, Any]]:
        return staff_auth.login(
            session,
            kiosk=kiosk,
            store=store_of(session, kiosk),
            body=body,
            security=rt.settings.security,
            now=now,
        )

    return run_counted_write(rt, kiosk.principal, write, handler)


def _staff_scope(rt: Runtime, token: str | None, kiosk: KioskPrincipal) -> str:
    """Check the staff session (and count the request as activity); its idempotency scope."""
    with rt.db.write() as session:
        active = staff_auth.require_staff(
            session, token=token, kiosk=kiosk, security=rt.settings.security, now=rt.now()
        )
        return active.principal


@router.post(
    "/staff/sessions/current/logout",
    response_model=LogoutResponse,
    responses=problems(400, 401, 403, 413),
)
def staff_logout(
    body: LogoutRequest,
    kiosk: KioskDep,
    write: WriteDep,
    rt: RuntimeDep,
    staff_session: StaffSessionHeader = None,
) -> JSONResponse:
    """End the staff session; a session that already ended answers with when it ended."""
    now = rt.now()

    def handler(session: Session) -> tuple[int, LogoutResponse]:
        ended = staff_auth.logout(
            session,
            token=staff_session,
            kiosk=kiosk,
            reason=body.reason,
            security=rt.settings.security,
            now=now,
        )
        return 200, LogoutResponse(ended_at=ended)

    with rt.db.read() as session:
        found = staff_auth.lookup(session, staff_session)
        scope = f"{kiosk.principal}:st:{found.id}"
    return run_write(rt, scope, write, handler)


@router.post(
    "/staff/actions",
    status_code=201,
    response_model=StaffActionRecorded,
    responses=_STAFF_ERRORS,
)
def staff_action(
    body: StaffActionRequest,
    kiosk: KioskDep,
    write: WriteDep,
    rt: RuntimeDep,
    staff_session: StaffSessionHeader = None,
) -> JSONResponse:
    """Record what the kiosk did at a staff member's request (paper, test print, reprint,
    restart)."""
    now = rt.now()
    scope = _staff_scope(rt, staff_session, kiosk)
    action = body.root

    def handler(session: Session) -> tuple[int, StaffActionRecorded]:
        _found, staff = staff_auth.current(session, staff_session)
        entry = late_records.record_action(
            session, kiosk=kiosk, staff=staff, action=action, now=now, made_at=now
        )
        return 201, StaffActionRecorded(audit_id=entry.id, recorded_at=entry.at)

    return run_write(rt, scope, write, handler)


@router.post(
    "/staff/audit",
    status_code=201,
    response_model=StaffActionRecorded,
    responses=problems(400, 401, 403, 404, 409, 413),
)
def staff_audit_record(
    body: StaffAuditRecord, kiosk: KioskDep, write: WriteDep, rt: RuntimeDep
) -> JSONResponse:
    """A staff action the kiosk could not send during the staff session (its outbox sends it
    later), under the kiosk's credential with the staff member and the time it was made."""
    now = rt.now()

    def handler(session: Session) -> tuple[int, StaffActionRecorded]:
        entry = late_records.record_late(
            session,
            kiosk=kiosk,
            body=body,
            idempotency_key=write.key,
            security=rt.settings.security,
            now=now,
        )
        return 201, StaffActionRecorded(audit_id=entry.id, recorded_at=entry.at)

    return run_write(rt, kiosk.principal, write, handler)


@router.get("/staff/gifts", response_model=GiftStockList, responses=problems(401, 403))
def staff_gifts_list(
    kiosk: KioskDep, rt: RuntimeDep, staff_session: StaffSessionHeader = None
) -> JSONResponse:
    """This store's physical gifts and their counts (wheel prizes and catalogue gifts)."""
    _staff_scope(rt, staff_session, kiosk)
    with rt.db.read() as session:
        gifts = staff_gifts.list_gifts(session, kiosk.store_id)
    return JSONResponse(GiftStockList(store_id=kiosk.store_id, gifts=gifts).model_dump(mode="json"))


@router.post(
    "/staff/gifts/{code}/adjustments",
    status_code=201,
    response_model=GiftAdjusted,
    responses=problems(400, 401, 403, 404, 413),
)
def staff_gift_adjust(
    code: PathCode,
    *,
    body: GiftAdjustRequest,
    kiosk: KioskDep,
    write: WriteDep,
    rt: RuntimeDep,
    staff_session: StaffSessionHeader = None,
) -> JSONResponse:
    """Stock received (``add``) or a counted number (``set``), with a reason."""
    now = rt.now()
    scope = _staff_scope(rt, staff_session, kiosk)

    def handler(session: Session) -> tuple[int, GiftAdjusted]:
        _found, staff = staff_auth.current(session, staff_session)
        gift, adjustment = staff_gifts.adjust(
            session, kiosk=kiosk, staff=staff, code=code, body=body, now=now
        )
        return 201, GiftAdjusted(gift=gift, adjustment=adjustment)

    return run_write(rt, scope, write, handler)
