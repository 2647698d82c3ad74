"""Staff actions recorded after the staff session: the kiosk's outbox sends them here.

A staff action made while the API was unreachable waits in the kiosk's outbox; by the time the
network is back the staff session has usually ended, and the staff endpoint would refuse it. An
audit record must not be lost that way, so the kiosk sends it under its own credential with the
staff identity and the time it was made with. What a kiosk credential can claim is bounded: the
staff member must serve this store and have had a session *at this kiosk* around ``made_at``,
which cannot be in the future nor older than ``MAX_AGE``.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from pointsapi.auth.principals import KioskPrincipal
from pointsapi.core.errors import ApiError
from pointsapi.core.models import IdempotencyRecord
from pointsapi.core.security import SecuritySettings
from pointsapi.rewards import redemption
from pointsapi.staff import audit as staff_audit
from pointsapi.staff import login as staff_auth
from pointsapi.staff.models import StaffAuditEntry, StaffMember, StaffSession, StaffStore
from pointsapi.staff.schemas import Reprint, StaffActionRecord, StaffAuditRecord

#: How late a record may arrive (a kiosk offline for longer is a case for staff, not a replay).
MAX_AGE = timedelta(days=7)
#: Kiosk and server clocks differ a little: a record this far outside its session still counts.
CLOCK_SKEW = timedelta(minutes=5)


def _session_then(
    session: Session,
    *,
    staff_id: str,
    kiosk_id: str,
    made_at: datetime,
    security: SecuritySettings,
) -> StaffSession | None:
    """The staff member's session at this kiosk that was open at ``made_at`` (give or take the
    clock skew), the latest one if several."""
    candidates = session.scalars(
        select(StaffSession)
        .where(
            StaffSession.staff_id == staff_id,
            StaffSession.kiosk_id == kiosk_id,
            StaffSession.created_at <= made_at + CLOCK_SKEW,
        )
        .order_by(StaffSession.created_at.desc())
        .limit(20)
    )
    for candidate in candidates:
        if staff_auth.ends_at(candidate, security) + CLOCK_SKEW >= made_at:
            return candidate
    return None


def _recorded_before(session: Session, scope: str, key: str) -> StaffAuditEntry | None:
    """The entry the staff endpoint wrote for this key, when its answer was lost but it was
    applied: the kiosk queues a record with the key of its first attempt."""
    previous = session.scalar(
        select(IdempotencyRecord).where(
            IdempotencyRecord.principal == scope, IdempotencyRecord.key == key
        )
    )
    if previous is None:
        return None
    try:
        audit_id = json.loads(previous.response_body)["audit_id"]
    except (ValueError, KeyError, TypeError):
        return None  # not an answer of the staff endpoint: record this one on its own
    return session.scalar(select(StaffAuditEntry).where(StaffAuditEntry.id == audit_id))


def record_action(
    session: Session,
    *,
    kiosk: KioskPrincipal,
    staff: StaffMember,
    action: StaffActionRecord,
    now: datetime,
    made_at: datetime,
) -> StaffAuditEntry:
    """Audit one staff action at this kiosk, at once or late. A printed reprint of a voucher
    also marks it printed, as the kiosk's printed notice does."""
    if isinstance(action, Reprint):
        details = action.details
        if details.printed and details.code and details.kind != "checkin":
            redemption.mark_printed_by_code(
                session, code=details.code, store_id=kiosk.store_id, now=now
            )
    return staff_audit.record(
        session,
        action=action.action,
        store_id=kiosk.store_id,
        kiosk_id=kiosk.kiosk_id,
        staff=staff,
        details=action.details.model_dump(mode="json"),
        now=made_at,
    )


def record_late(
    session: Session,
    *,
    kiosk: KioskPrincipal,
    body: StaffAuditRecord,
    idempotency_key: str,
    security: SecuritySettings,
    now: datetime,
) -> StaffAuditEntry:
    made_at = body.made_at
    if made_at > now + CLOCK_SKEW:
        raise ApiError(422, "audit_time_in_future", "made_at is in the future.")
    if made_at < now - MAX_AGE:
        raise ApiError(
            422,
            "audit_record_too_old",
            f"Records older than {MAX_AGE.days} days are not accepted; ask an admin.",
        )
    staff = session.get(StaffMember, body.staff_id)
    if staff is None:
        raise ApiError(404, "staff_not_found", "No such staff member.")
    if session.get(StaffStore, (staff.id, kiosk.store_id)) is None:
        raise ApiError(403, "staff_not_at_store", "This staff member does not serve this store.")
    then = _session_then(
        session,
        staff_id=staff.id,
        kiosk_id=kiosk.kiosk_id,
        made_at=made_at,
        security=security,
    )
    if then is None:
        raise ApiError(
            403,
            "staff_session_not_found",
            "This staff member had no session at this kiosk at that time.",
        )
    scope = f"{kiosk.principal}:st:{then.id}"  # as staff_auth.ActiveStaff.principal
    earlier = _recorded_before(session, scope, idempotency_key)
    if earlier is not None:
        return earlier
    return record_action(
        session, kiosk=kiosk, staff=staff, action=body.record, now=now, made_at=made_at
    )
