"""PINs: slow salted hashes (scrypt), constant-time checks, and the member PIN of card visits.

A member identified by a static card may look but not spend (:mod:`pointsapi.members.identify`); the
PIN typed on the kiosk's keypad lets that same member session spend, unless the store's policy
says spending needs the rotating code. Wrong PINs in a row lock the member's PIN for a while
(:mod:`pointsapi.auth.attempts`). PINs are never stored, logged or echoed: only their scrypt hash.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from pointsapi.auth import attempts
from pointsapi.auth.principals import KioskPrincipal, store_of
from pointsapi.core.errors import ApiError
from pointsapi.core.http import Refusal, lock_fields, refusal
from pointsapi.core.security import SecuritySettings
from pointsapi.members import identify
from pointsapi.members.models import Member, MemberPin, MemberSession, StorePinPolicy
from pointsapi.stores.models import Store

# scrypt cost: n=2^14, r=8, p=1 (16 MiB, tens of milliseconds per check), 16-byte salt.
_N, _R, _P, _LEN = 2**14, 8, 1, 32
SALT_BYTES = 16
MEMBER_PIN_SCOPE = "member_pin"


def hash_pin(pin: str, salt: bytes | None = None) -> tuple[bytes, bytes]:
    """``(salt, hash)`` of a PIN; a new random salt unless one is given."""
    salt = salt if salt is not None else secrets.token_bytes(SALT_BYTES)
    digest = hashlib.scrypt(pin.encode("ascii"), salt=salt, n=_N, r=_R, p=_P, dklen=_LEN)
    return salt, digest


def pin_matches(pin: str, salt: bytes, expected: bytes) -> bool:
    return hmac.compare_digest(hash_pin(pin, salt)[1], expected)


def burn_a_check(pin: str) -> None:
    """As slow as a real check: an unknown credential must not answer faster than a known one."""
    hash_pin(pin, b"\0" * SALT_BYTES)


def member_pin_limit(security: SecuritySettings) -> attempts.Limit:
    return attempts.Limit(
        scope=MEMBER_PIN_SCOPE,
        max_failures=security.member_pin_attempts,
        window=None,
        lock_for=security.member_pin_lock,
    )


def set_member_pin(session: Session, member_id: str, pin: str, now: datetime) -> MemberPin:
    """Set or change a member's PIN (from the member's own app); clears any PIN lock."""
    salt, digest = hash_pin(pin)
    row = session.get(MemberPin, member_id, with_for_update=True)
    if row is None:
        row = MemberPin(member_id=member_id, pin_salt=salt, pin_hash=digest, set_at=now)
        session.add(row)
    else:
        row.pin_salt, row.pin_hash, row.set_at = salt, digest, now
    attempts.reset(session, MEMBER_PIN_SCOPE, member_id)
    session.flush()
    return row


def pin_spend_allowed(session: Session, store_id: str) -> bool:
    policy = session.get(StorePinPolicy, store_id)
    return True if policy is None else policy.member_pin_spend


def set_pin_policy(session: Session, store_id: str, allowed: bool, now: datetime) -> None:
    policy = session.get(StorePinPolicy, store_id, with_for_update=True)
    if policy is None:
        session.add(StorePinPolicy(store_id=store_id, member_pin_spend=allowed, updated_at=now))
    else:
        policy.member_pin_spend, policy.updated_at = allowed, now
    session.flush()


@dataclass(frozen=True)
class PinCheck:
    """The result of a PIN typed for a card session: ``ok``, or what is left / the lock."""

    ok: bool
    attempts_left: int = 0
    locked_until: datetime | None = None


def check_member_pin(
    session: Session,
    *,
    member_session: MemberSession,
    stored: MemberPin,
    pin: str,
    security: SecuritySettings,
    now: datetime,
) -> PinCheck:
    """Check a PIN (the caller has refused a locked PIN already); a right one lets the session
    spend and forgets earlier wrong tries, a wrong one is counted."""
    if pin_matches(pin, stored.pin_salt, stored.pin_hash):
        attempts.reset(session, MEMBER_PIN_SCOPE, stored.member_id)
        member_session.can_spend = True
        member_session.via = "pin"
        session.flush()
        return PinCheck(ok=True)
    outcome = attempts.record_failure(session, member_pin_limit(security), stored.member_id, now)
    return PinCheck(
        ok=False, attempts_left=outcome.attempts_left, locked_until=outcome.locked_until
    )


def verify_for_spending(
    session: Session,
    *,
    token: str | None,
    kiosk: KioskPrincipal,
    pin: str,
    security: SecuritySettings,
    now: datetime,
) -> MemberSession | Refusal:
    """A card visit's PIN typed on the kiosk: the member session that may now spend, or the
    refusal to keep (a wrong PIN is counted, so it is returned, not raised)."""
    ms = identify.session_for_action(session, token=token, kiosk_id=kiosk.kiosk_id, now=now)
    member = session.get(Member, ms.member_id)
    assert member is not None  # foreign key
    if member.status != "active":
        raise ApiError(403, "member_blocked", "This membership is blocked; please ask staff.")
    if ms.can_spend:
        return ms
    store = store_of(session, kiosk)
    if not pin_spend_allowed(session, store.id):
        raise ApiError(
            403, "pin_not_allowed", "At this store spending needs the member's phone code."
        )
    stored = session.get(MemberPin, member.id)
    if stored is None:
        raise ApiError(409, "pin_not_set", "This member has not set a PIN in the app.")
    until = attempts.locked_until(session, MEMBER_PIN_SCOPE, member.id, now)
    if until is not None:
        raise _pin_locked(until, now, store)
    check = check_member_pin(
        session, member_session=ms, stored=stored, pin=pin, security=security, now=now
    )
    if check.ok:
        return ms
    if check.locked_until is not None:
        return refusal(
            423,
            "pin_locked",
            "Too many wrong PINs: the PIN is locked for a while.",
            **lock_fields(check.locked_until, now, store.timezone),
        )
    return refusal(401, "pin_incorrect", "Wrong PIN.", attempts_left=check.attempts_left)


def _pin_locked(until: datetime, now: datetime, store: Store) -> ApiError:
    fields = lock_fields(until, now, store.timezone)
    return ApiError(
        423,
        "pin_locked",
        "Too many wrong PINs: the PIN is locked for a while.",
        headers={"Retry-After": str(fields["retry_after_s"])},
        extra=fields,
    )
