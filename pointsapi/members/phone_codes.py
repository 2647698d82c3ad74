"""One-time codes sent by SMS: start a challenge, check a code, finish a join.

Nothing here depends on whether the number belongs to a member until the code is proven:
starting a challenge does the same work, stores the same row and sends the same message for
every number, so answers and timings cannot tell who is a member. Codes are six digits, kept
only as HMAC-SHA256 under a per-row salt, live ``otp_ttl`` and die after ``otp_attempts`` wrong
entries. Sending is limited per number and per client address over ``send_window``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from pointsapi.core.actor import Actor
from pointsapi.core.errors import ApiError
from pointsapi.core.member_web import MemberWebSettings
from pointsapi.core.phone import normalise_phone
from pointsapi.core.tokens import hash_token, new_id, new_token
from pointsapi.members.models import Member, PhoneChallenge
from pointsapi.members.service import register_member
from pointsapi.stores.models import Store

CODE_DIGITS = 6


def _code_hash(salt: bytes, code: str) -> bytes:
    return hmac.new(salt, code.encode("ascii"), hashlib.sha256).digest()


def client_hash(address: str) -> str:
    return hashlib.sha256(f"client:{address}".encode()).hexdigest()


def _serialise(session: Session, *keys: str) -> None:
    """PostgreSQL: concurrent sends for one number or address queue here, so the counts below
    cannot be passed twice at once (SQLite writers are serialised by ``BEGIN IMMEDIATE``)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for key in sorted(keys):
        lock_id = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
        session.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": lock_id})


@dataclass(frozen=True)
class Started:
    token: str  # the browser's handle on the challenge (a cookie)
    phone: str  # E.164
    code: str  # to send by SMS; never stored in clear


def start(
    session: Session,
    *,
    phone_text: str,
    full_name: str,
    store_id: str | None,
    referrer_no: str | None,
    language: str,
    client_address: str,
    settings: MemberWebSettings,
    now: datetime,
) -> Started:
    phone = normalise_phone(phone_text)
    if phone is None:
        raise ApiError(422, "phone_invalid", "That is not a mobile number.")
    client = client_hash(client_address)
    _serialise(session, f"otp-phone:{phone}", f"otp-client:{client}")
    since = now - settings.send_window
    per_number = session.scalar(
        select(func.count())
        .select_from(PhoneChallenge)
        .where(PhoneChallenge.phone == phone, PhoneChallenge.created_at > since)
    )
    per_client = session.scalar(
        select(func.count())
        .select_from(PhoneChallenge)
        .where(PhoneChallenge.client_hash == client, PhoneChallenge.created_at > since)
    )
    if (per_number or 0) >= settings.sends_per_number or (
        per_client or 0
    ) >= settings.sends_per_client:
        raise ApiError(429, "too_many_codes", "Too many codes were sent; try again later.")
    # A store or referrer that does not exist is dropped, not refused: links outlive stores.
    if store_id is not None and session.get(Store, store_id) is None:
        store_id = None
    if referrer_no is not None:
        found = session.scalar(
            select(Member.id).where(Member.member_no == referrer_no, Member.status == "active")
        )
        referrer_no = referrer_no if found is not None else None
    code = str(secrets.randbelow(10**CODE_DIGITS)).zfill(CODE_DIGITS)
    salt = secrets.token_bytes(16)
    token = new_token("pc")
    session.add(
        PhoneChallenge(
            id=new_id("pc"),
            token_hash=hash_token(token),
            phone=phone,
            client_hash=client,
            code_salt=salt,
            code_hash=_code_hash(salt, code),
            failures=0,
            full_name=full_name.strip()[:200],
            store_id=store_id,
            referrer_no=referrer_no,
            language=language,
            created_at=now,
            expires_at=now + settings.otp_ttl,
        )
    )
    session.flush()
    return Started(token=token, phone=phone, code=code)


def find(session: Session, token: str) -> PhoneChallenge | None:
    return session.scalar(
        select(PhoneChallenge).where(PhoneChallenge.token_hash == hash_token(token))
    )


@dataclass(frozen=True)
class Checked:
    """``member_id`` when the number belongs to a member (sign them in); ``join`` otherwise."""

    ok: bool
    attempts_left: int
    member_id: str | None = None
    join: bool = False


def check(
    session: Session,
    challenge: PhoneChallenge,
    code: str,
    *,
    settings: MemberWebSettings,
    now: datetime,
) -> Checked:
    """Count a wrong code (the caller commits it); on the right code say what it grants."""
    live = (
        challenge.consumed_at is None
        and challenge.verified_at is None
        and challenge.expires_at > now
        and challenge.failures < settings.otp_attempts
    )
    if not live:
        raise ApiError(410, "code_expired", "This code has expired; ask for a new one.")
    if not hmac.compare_digest(_code_hash(challenge.code_salt, code.strip()), challenge.code_hash):
        challenge.failures += 1
        session.flush()
        return Checked(ok=False, attempts_left=max(0, settings.otp_attempts - challenge.failures))
    challenge.verified_at = now
    member_id = session.scalar(
        select(Member.id).where(Member.phone == challenge.phone, Member.status == "active")
    )
    if member_id is not None:
        challenge.consumed_at = now
    session.flush()
    return Checked(ok=True, attempts_left=0, member_id=member_id, join=member_id is None)


def join_grant(
    challenge: PhoneChallenge | None, *, settings: MemberWebSettings, now: datetime
) -> PhoneChallenge:
    """The verified, unused challenge a join may be finished with."""
    if (
        challenge is None
        or challenge.verified_at is None
        or challenge.consumed_at is not None
        or challenge.verified_at + settings.join_grant_ttl <= now
    ):
        raise ApiError(410, "join_expired", "Confirm your number again to join.")
    return challenge


def default_store(session: Session) -> Store:
    store = session.scalar(select(Store).order_by(Store.created_at, Store.id).limit(1))
    if store is None:
        raise ApiError(409, "no_store", "No store is configured.")
    return store


WEB_ACTOR = Actor("system", "member-web")


def finish_join(session: Session, challenge: PhoneChallenge, *, now: datetime) -> str:
    """Make the member a verified join asked for (bonuses included); returns the member id.

    A second submit of the same join (a double tap) finds the member the first one made.
    """
    existing = session.scalar(select(Member).where(Member.phone == challenge.phone))
    if existing is not None:
        challenge.consumed_at = now
        if existing.status != "active":
            raise ApiError(403, "member_blocked", "This membership is blocked.")
        return existing.id
    store = session.get(Store, challenge.store_id) if challenge.store_id else None
    member, _app_token = register_member(
        session,
        store=store or default_store(session),
        full_name=challenge.full_name,
        language=challenge.language,
        card_number=None,
        referrer_no=challenge.referrer_no,
        actor=WEB_ACTOR,
        idempotency_key=f"member-web:join:{challenge.id}",
        now=now,
        phone=challenge.phone,
    )
    challenge.consumed_at = now
    session.flush()
    return member.id
