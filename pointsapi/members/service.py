"""Members: register a member (with their card, app token and welcome and referral bonuses)."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pointsapi.core.actor import Actor
from pointsapi.core.errors import ApiError
from pointsapi.core.tokens import hash_token, new_id, new_token
from pointsapi.ledger.config_store import store_rules
from pointsapi.ledger.earning import credit, locked_member
from pointsapi.ledger.models import Tier
from pointsapi.members import codes
from pointsapi.members.models import Member, MemberCard, MemberToken, Referral
from pointsapi.stores.models import Store

FIRST_MEMBER_NO = 100001


def _next_member_no(session: Session) -> str:
    numbers = session.scalars(select(Member.member_no))
    highest = max((int(n) for n in numbers if n.isdigit()), default=FIRST_MEMBER_NO - 1)
    return str(highest + 1)


def register_member(
    session: Session,
    *,
    store: Store,
    full_name: str,
    language: str,
    card_number: str | None,
    referrer_no: str | None,
    actor: Actor,
    idempotency_key: str,
    now: datetime,
    phone: str | None = None,
) -> tuple[Member, str]:
    """Create a member with the registration bonus (and referral bonuses); returns the app token."""
    rules = store_rules(store)
    referrer: Member | None = None
    if referrer_no is not None:
        found = session.scalar(select(Member.id).where(Member.member_no == referrer_no))
        if found is None:
            raise ApiError(404, "referrer_not_found", "No member has that referrer number.")
        referrer = locked_member(session, found)
    normalised: str | None = None
    if card_number is not None:
        normalised = codes.normalise_card(card_number)
        if normalised is None:
            raise ApiError(422, "card_invalid", "That is not a member card number.")
        if session.get(MemberCard, normalised) is not None:
            raise ApiError(409, "card_in_use", "That card already belongs to a member.")
    bronze = session.scalar(select(Tier).order_by(Tier.rank).limit(1))
    if bronze is None:
        raise ApiError(409, "tiers_missing", "No tiers are configured.")
    member = Member(
        id=new_id("m"),
        member_no=_next_member_no(session),
        full_name=full_name,
        phone=phone,
        preferred_language=language,
        code_secret=secrets.token_bytes(32),
        status="active",
        tier_code=bronze.code,
        home_store_id=store.id,
        referred_by_id=referrer.id if referrer else None,
        created_at=now,
    )
    try:
        with session.begin_nested():
            session.add(member)
            if normalised is not None:
                session.add(MemberCard(card_number=normalised, member_id=member.id, created_at=now))
    except IntegrityError as exc:
        raise ApiError(
            409, "registration_conflict", "A concurrent registration took this number or card."
        ) from exc
    token = new_token("mt")
    session.add(MemberToken(member_id=member.id, token_hash=hash_token(token), created_at=now))

    def bonus(who: Member, points: int, reason: str, reference: str | None = None) -> None:
        credit(
            session,
            member=who,
            store=store,
            points=points,
            reason=reason,
            actor=actor,
            idempotency_key=idempotency_key,
            now=now,
            qualifying=False,
            reference=reference,
        )

    bonus(member, rules.registration_bonus, "registration_bonus")
    if referrer is not None:
        session.add(Referral(new_member_id=member.id, referrer_id=referrer.id, created_at=now))
        bonus(referrer, rules.referral_bonus_referrer, "referral_bonus", f"referred:{member.id}")
        bonus(
            member,
            rules.referral_bonus_new_member,
            "referral_welcome_bonus",
            f"referrer:{referrer.id}",
        )
    session.flush()
    return member, token
