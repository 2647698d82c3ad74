"""Staff credentials, login at a kiosk (PIN checked here, wrong PINs limited per credential and
per kiosk), staff sessions and logout.

A staff session is bound to one kiosk and one staff member and needs both the kiosk's bearer
token and ``X-Staff-Session``. It ends 60 minutes after login, after 15 minutes without a staff
request, or at logout (settings in :class:`~pointsapi.staff_settings.SecuritySettings`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from pointsapi.auth import attempts
from pointsapi.auth.principals import KioskPrincipal
from pointsapi.core.errors import ApiError
from pointsapi.core.http import lock_fields, refusal
from pointsapi.core.security import SecuritySettings
from pointsapi.core.tokens import hash_token, new_token
from pointsapi.fleet import alerts
from pointsapi.members import codes, pins
from pointsapi.staff import audit as staff_audit
from pointsapi.staff.models import StaffCard, StaffMember, StaffSession, StaffStore
from pointsapi.staff.schemas import StaffIdentity, StaffLoginRequest, StaffLoginResponse
from pointsapi.stores.models import Store

STAFF_PIN_SCOPE = "staff_pin"
STAFF_KIOSK_SCOPE = "staff_kiosk"
STAFF_CARD_PREFIX = "S1:"


def credential_limit(security: SecuritySettings) -> attempts.Limit:
    return attempts.Limit(STAFF_PIN_SCOPE, security.staff_pin_attempts, None, security.staff_lock)


def kiosk_limit(security: SecuritySettings) -> attempts.Limit:
    return attempts.Limit(
        STAFF_KIOSK_SCOPE,
        security.staff_kiosk_failures,
        security.staff_kiosk_window,
        security.staff_lock,
    )


def normalise_staff_card(payload: str) -> str | None:
    """The number a scanned staff card is stored under (as member cards are), or None."""
    return codes.normalise_card(payload)


def find_credential(
    session: Session, *, card: str | None, staff_no: str | None
) -> StaffMember | None:
    text = (card or "").strip()
    if card is not None and text.startswith(STAFF_CARD_PREFIX):
        staff_no = text[len(STAFF_CARD_PREFIX) :]
    elif card is not None:
        number = normalise_staff_card(text)
        if number is None:
            return None
        found = session.get(StaffCard, number)
        return session.get(StaffMember, found.staff_id) if found else None
    if not staff_no:
        return None
    return session.scalar(select(StaffMember).where(StaffMember.staff_no == staff_no))


def serves_store(session: Session, staff_id: str, store_id: str) -> bool:
    return session.get(StaffStore, (staff_id, store_id)) is not None


def identity(staff: StaffMember) -> StaffIdentity:
    return StaffIdentity(
        staff_id=staff.id,
        display_name=staff.display_name,
        role=staff.role,  # type: ignore[arg-type]
    )


def _locked(until: datetime, now: datetime, timezone: str, why: str) -> ApiError:
    fields = lock_fields(until, now, timezone)
    return ApiError(
        423,
        "staff_locked",
        why,
        headers={"Retry-After": str(fields["retry_after_s"])},
        extra=fields,
    )


def login(
    session: Session,
    *,
    kiosk: KioskPrincipal,
    store: Store,
    body: StaffLoginRequest,
    security: SecuritySettings,
    now: datetime,
) -> tuple[int, StaffLoginResponse | dict[str, Any]]:
    """Check a staff login; refusals that count a try come back as problem bodies (committed)."""
    kiosk_lock = attempts.locked_until(session, STAFF_KIOSK_SCOPE, kiosk.kiosk_id, now)
    if kiosk_lock is not None:
        raise _locked(kiosk_lock, now, store.timezone, "Staff login is locked at this kiosk.")
    staff = find_credential(session, card=body.card, staff_no=body.staff_no)
    if staff is not None:
        staff_lock = attempts.locked_until(session, STAFF_PIN_SCOPE, staff.id, now)
        if staff_lock is not None:
            raise _locked(staff_lock, now, store.timezone, "This staff credential is locked.")

    def audit(action: str, reason: str | None = None) -> None:
        staff_audit.record(
            session,
            action=action,
            store_id=store.id,
            kiosk_id=kiosk.kiosk_id,
            staff=staff,
            details={"reason": reason} if reason else {},
            now=now,
        )

    if staff is None:
        pins.burn_a_check(body.pin)
        audit("login_failed", "unknown_credential")
        return _count_failure(
            session, kiosk=kiosk, store=store, staff=None, security=security, now=now
        )
    if not pins.pin_matches(body.pin, staff.pin_salt, staff.pin_hash):
        audit("login_failed", "pin_wrong")
        return _count_failure(
            session, kiosk=kiosk, store=store, staff=staff, security=security, now=now
        )
    if not staff.active:
        audit("login_failed", "disabled")
        return refusal(403, "staff_disabled", "This staff credential is disabled.")
    if not serves_store(session, staff.id, store.id):
        audit("login_failed", "wrong_store")
        return refusal(403, "staff_wrong_store", "This staff member does not work at this store.")
    attempts.reset(session, STAFF_PIN_SCOPE, staff.id)
    token = new_token("st")
    staff_session = StaffSession(
        token_hash=hash_token(token),
        staff_id=staff.id,
        kiosk_id=kiosk.kiosk_id,
        store_id=store.id,
        created_at=now,
        expires_at=now + security.staff_session_ttl,
        last_seen_at=now,
    )
    session.add(staff_session)
    audit("login")
    alerts.close_help(session, kiosk_id=kiosk.kiosk_id, staff_id=staff.id, now=now)
    return 201, StaffLoginResponse(
        token=token,
        expires_at=staff_session.expires_at,
        idle_timeout_s=int(security.staff_idle_timeout.total_seconds()),
        staff=identity(staff),
        store_id=store.id,
    )


def _count_failure(
    session: Session,
    *,
    kiosk: KioskPrincipal,
    store: Store,
    staff: StaffMember | None,
    security: SecuritySettings,
    now: datetime,
) -> tuple[int, dict[str, Any]]:
    at_kiosk = attempts.record_failure(session, kiosk_limit(security), kiosk.kiosk_id, now)
    outcomes = [("kiosk", at_kiosk)]
    if staff is not None:
        outcomes.append(
            (
                "credential",
                attempts.record_failure(session, credential_limit(security), staff.id, now),
            )
        )
    locks = [(scope, o.locked_until) for scope, o in outcomes if o.locked_until is not None]
    for scope, _until in locks:
        staff_audit.record(
            session,
            action="locked",
            store_id=store.id,
            kiosk_id=kiosk.kiosk_id,
            staff=staff if scope == "credential" else None,
            details={"scope": scope},
            now=now,
        )
    if locks:
        until = max(u for _s, u in locks if u is not None)
        return refusal(
            423,
            "staff_locked",
            "Too many wrong PINs: staff login is locked for a while.",
            **lock_fields(until, now, store.timezone),
        )
    left = min(o.attempts_left for _s, o in outcomes)
    return refusal(401, "staff_pin_wrong", "Wrong PIN.", attempts_left=left)


@dataclass(frozen=True)
class ActiveStaff:
    staff: StaffMember
    session: StaffSession

    @property
    def principal(self) -> str:
        """Idempotency scope of this staff session's writes (keys are per staff session)."""
        return f"kiosk:{self.session.kiosk_id}:st:{self.session.id}"


def lookup(session: Session, token: str | None) -> StaffSession:
    if not token:
        raise ApiError(401, "staff_session_required", "X-Staff-Session header is required.")
    found = session.scalar(
        select(StaffSession).where(StaffSession.token_hash == hash_token(token)).with_for_update()
    )
    if found is None:
        raise ApiError(401, "staff_session_invalid", "The staff session is unknown.")
    return found


def ends_at(staff_session: StaffSession, security: SecuritySettings) -> datetime:
    """When the session ends (or ended) if nothing else happens."""
    if staff_session.ended_at is not None:
        return staff_session.ended_at
    return min(staff_session.expires_at, staff_session.last_seen_at + security.staff_idle_timeout)


def require_staff(
    session: Session,
    *,
    token: str | None,
    kiosk: KioskPrincipal,
    security: SecuritySettings,
    now: datetime,
) -> ActiveStaff:
    """The staff session behind ``X-Staff-Session`` at this kiosk; counts as activity."""
    found = lookup(session, token)
    if found.ended_at is not None:
        raise ApiError(401, "staff_session_invalid", "The staff session has ended.")
    if found.kiosk_id != kiosk.kiosk_id:
        raise ApiError(403, "staff_session_mismatch", "The staff session is for another kiosk.")
    if ends_at(found, security) <= now:
        raise ApiError(401, "staff_session_expired", "The staff session has expired.")
    staff = session.get(StaffMember, found.staff_id)
    assert staff is not None  # foreign key
    found.last_seen_at = now
    session.flush()
    return ActiveStaff(staff=staff, session=found)


def logout(
    session: Session,
    *,
    token: str | None,
    kiosk: KioskPrincipal,
    reason: str,
    security: SecuritySettings,
    now: datetime,
) -> datetime:
    """End the session; one that already ended answers with when it ended."""
    found = lookup(session, token)
    if found.kiosk_id != kiosk.kiosk_id:
        raise ApiError(403, "staff_session_mismatch", "The staff session is for another kiosk.")
    if found.ended_at is not None:
        return found.ended_at
    found.ended_at = min(now, ends_at(found, security))
    found.end_reason = reason
    staff = session.get(StaffMember, found.staff_id)
    staff_audit.record(
        session,
        action="logout",
        store_id=found.store_id,
        kiosk_id=found.kiosk_id,
        staff=staff,
        details={"reason": reason},
        now=now,
    )
    return found.ended_at


def end_sessions(session: Session, staff_id: str, reason: str, now: datetime) -> None:
    """End every open session of a staff member (new PIN, disabled)."""
    session.execute(
        update(StaffSession)
        .where(StaffSession.staff_id == staff_id, StaffSession.ended_at.is_(None))
        .values(ended_at=now, end_reason=reason)
    )


def current(session: Session, token: str | None) -> tuple[StaffSession, StaffMember]:
    """The staff session already checked by the route's staff scope, inside the write."""
    found = lookup(session, token)
    staff = session.get(StaffMember, found.staff_id)
    assert staff is not None  # foreign key
    return found, staff
