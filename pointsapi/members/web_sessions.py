"""Sessions of the member web app, and "sign out everywhere".

The cookie holds a random token; the table holds its SHA-256. Signing out everywhere ends every
web session and app token of the member and rotates the rotating code's secret, so a phone that
learnt the old secret (the card page computes codes offline) shows codes no kiosk accepts.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from pointsapi.core.tokens import hash_token, new_token
from pointsapi.members.models import Member, MemberSession, MemberToken, MemberWebSession


def open_session(session: Session, member_id: str, *, now: datetime, ttl: timedelta) -> str:
    token = new_token("ms")
    session.add(
        MemberWebSession(
            token_hash=hash_token(token), member_id=member_id, created_at=now, expires_at=now + ttl
        )
    )
    session.flush()
    return token


def member_for(session: Session, token: str, now: datetime) -> Member | None:
    """The active member a session cookie stands for, or None."""
    row = session.scalar(
        select(MemberWebSession).where(MemberWebSession.token_hash == hash_token(token))
    )
    if row is None or row.expires_at <= now:
        return None
    member = session.get(Member, row.member_id)
    if member is None or member.status != "active":
        return None
    return member


def close_session(session: Session, token: str) -> None:
    session.execute(
        delete(MemberWebSession).where(MemberWebSession.token_hash == hash_token(token))
    )


def end_everywhere(session: Session, member: Member, now: datetime) -> None:
    """End all of the member's web sessions, app tokens and kiosk sessions; new code secret."""
    session.execute(delete(MemberWebSession).where(MemberWebSession.member_id == member.id))
    session.execute(delete(MemberSession).where(MemberSession.member_id == member.id))
    session.execute(
        update(MemberToken)
        .where(MemberToken.member_id == member.id, MemberToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    member.code_secret = secrets.token_bytes(32)
    session.flush()
