"""Who is at the kiosk: a rotating member code (can spend) or a member card (view only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pointsapi.auth.principals import KioskPrincipal, store_of
from pointsapi.core.errors import ApiError
from pointsapi.core.tokens import hash_token, new_token
from pointsapi.ledger import earning
from pointsapi.members import codes
from pointsapi.members.models import Member, MemberCard, MemberSession, UsedCodeStep
from pointsapi.staff.models import StaffCard
from pointsapi.stores.models import Store

# Payload shapes that are not member identities: refused with a clear reason.
_OTHER_KINDS = (("S1:", "a staff card"), ("R1.", "a receipt"), ("V1.", "a voucher"))


@dataclass(frozen=True)
class Identified:
    member: Member
    via: str
    session_token: str
    session: MemberSession


def _member_by_code(session: Session, payload: str, kiosk_id: str, now: datetime) -> Member:
    parsed = codes.parse_member_code(payload)
    assert parsed is not None
    member = session.scalar(select(Member).where(Member.member_no == parsed.member_no))
    if member is None:
        raise ApiError(404, "member_not_found", "No member has this code.")
    check = codes.check_otp(member.code_secret, parsed.otp, now)
    if check.step is None:
        if check.expired:
            raise ApiError(
                422, "code_expired", "This member code has expired; show the current one."
            )
        raise ApiError(422, "code_invalid", "This member code is not valid.")
    _refuse_blocked(member)
    used = session.get(UsedCodeStep, (member.id, check.step))
    if used is not None:
        raise ApiError(409, "code_replayed", "This member code was already used.")
    try:
        with session.begin_nested():
            session.add(
                UsedCodeStep(member_id=member.id, step=check.step, kiosk_id=kiosk_id, used_at=now)
            )
    except IntegrityError as exc:
        # Another kiosk used the same code at the same moment (PostgreSQL).
        raise ApiError(409, "code_replayed", "This member code was already used.") from exc
    return member


def _member_by_card(session: Session, card_number: str) -> Member:
    card = session.get(MemberCard, card_number)
    if card is None and session.get(StaffCard, card_number) is not None:
        # The kiosk opens the staff keypad with it (docs/staff-api.md); nothing says whose it is.
        raise ApiError(
            400,
            "payload_unrecognised",
            "This is a staff card, not a member card.",
            extra={"kind": "staff_card"},
        )
    if card is None or not card.active:
        raise ApiError(404, "member_not_found", "No member has this card.")
    member = session.get(Member, card.member_id)
    assert member is not None  # foreign key
    _refuse_blocked(member)
    return member


def _refuse_blocked(member: Member) -> None:
    if member.status != "active":
        raise ApiError(403, "member_blocked", "This membership is blocked; please ask staff.")


def identify(
    session: Session, *, payload: str, kiosk_id: str, now: datetime, session_ttl_s: float
) -> Identified:
    text = payload.strip()
    if codes.parse_member_code(text) is not None:
        member, via = _member_by_code(session, text, kiosk_id, now), "code"
    elif (card_number := codes.normalise_card(text)) is not None:
        member, via = _member_by_card(session, card_number), "card"
    else:
        what = next((name for prefix, name in _OTHER_KINDS if text.startswith(prefix)), None)
        detail = (
            f"This is {what}, not a member code or card."
            if what
            else "This is neither a member code nor a member card."
        )
        kind = {"kind": "staff_card"} if text.startswith("S1:") else None
        raise ApiError(400, "payload_unrecognised", detail, extra=kind)
    token = new_token("ms")
    member_session = MemberSession(
        token_hash=hash_token(token),
        member_id=member.id,
        kiosk_id=kiosk_id,
        via=via,
        can_spend=via == "code",
        created_at=now,
        expires_at=now + timedelta(seconds=session_ttl_s),
    )
    session.add(member_session)
    session.flush()
    return Identified(member=member, via=via, session_token=token, session=member_session)


def _live_session(session: Session, token: str | None, now: datetime) -> MemberSession:
    """The unexpired member session of an ``X-Member-Session`` token (401 otherwise)."""
    if not token:
        raise ApiError(401, "member_session_required", "X-Member-Session header is required.")
    found = session.scalar(
        select(MemberSession).where(MemberSession.token_hash == hash_token(token))
    )
    if found is None:
        raise ApiError(401, "member_session_invalid", "The member session is unknown.")
    if found.expires_at <= now:
        raise ApiError(401, "member_session_expired", "The member session has expired.")
    return found


def resolve_session(
    session: Session, *, token: str | None, kiosk_id: str, member_id: str, now: datetime
) -> MemberSession:
    """The member session behind an ``X-Member-Session`` header, checked for this kiosk."""
    found = _live_session(session, token, now)
    if found.kiosk_id != kiosk_id or found.member_id != member_id:
        raise ApiError(
            403, "member_session_mismatch", "The member session is for another member or kiosk."
        )
    return found


def session_for_action(
    session: Session, *, token: str | None, kiosk_id: str, now: datetime, spend: bool = False
) -> MemberSession:
    """The member session behind ``X-Member-Session`` for an action at this kiosk.

    ``spend`` actions need a session opened with the rotating code (a card is view-only).
    """
    found = _live_session(session, token, now)
    if found.kiosk_id != kiosk_id:
        raise ApiError(403, "member_session_mismatch", "The member session is for another kiosk.")
    if spend and not found.can_spend:
        raise ApiError(
            403,
            "spend_not_allowed",
            "Spending points needs the member's phone code, not a card.",
        )
    return found


def member_at_till(session: Session, payload: str, now: datetime) -> str:
    """Member id for a scanned code or card at the till. Codes are checked like at a kiosk,
    but a till does not consume the code step (it only earns, never spends)."""
    text = payload.strip()
    parsed = codes.parse_member_code(text)
    if parsed is not None:
        member = session.scalar(select(Member).where(Member.member_no == parsed.member_no))
        if member is None:
            raise ApiError(404, "member_not_found", "No member has this code.")
        check = codes.check_otp(member.code_secret, parsed.otp, now)
        if check.step is None:
            code = "code_expired" if check.expired else "code_invalid"
            raise ApiError(422, code, "This member code is not valid now.")
        return member.id
    card = codes.normalise_card(text)
    if card is not None:
        row = session.get(MemberCard, card)
        if row is not None and row.active:
            return row.member_id
    raise ApiError(404, "member_not_found", "No member has this code or card.")


def visiting_member(
    session: Session,
    *,
    token: str | None,
    kiosk: KioskPrincipal,
    now: datetime,
    spend: bool = False,
) -> tuple[Member, Store]:
    """The member of this kiosk's member session, locked for a balance change, and the kiosk's
    store: how every kiosk write that moves points begins."""
    ms = session_for_action(session, token=token, kiosk_id=kiosk.kiosk_id, now=now, spend=spend)
    store = store_of(session, kiosk)
    return earning.locked_member(session, ms.member_id), store
