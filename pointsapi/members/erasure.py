"""Delete my account: erase the personal data, keep the ledger consistent.

The member row stays under its opaque id (``m_...``) so every ledger entry, lot, voucher and
referral still adds up; what identifies a person goes: name, phone, cards, PIN, sessions, app
tokens and pending one-time codes. The status ``erased`` refuses every later identify.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.orm import Session

from pointsapi.members.models import Member, MemberCard, MemberPin, PhoneChallenge
from pointsapi.members.web_sessions import end_everywhere


def erase_member(session: Session, member: Member, now: datetime) -> None:
    end_everywhere(session, member, now)
    if member.phone is not None:
        session.execute(delete(PhoneChallenge).where(PhoneChallenge.phone == member.phone))
    session.execute(delete(MemberCard).where(MemberCard.member_id == member.id))
    session.execute(delete(MemberPin).where(MemberPin.member_id == member.id))
    member.full_name = ""
    member.phone = None
    member.status = "erased"
    session.flush()
