"""Demo PINs and the demo staff member (``pointsapi demo-data``; demo only).

Running the demo again resets these PINs to the printed ones, so the printed JSON stays true.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pointsapi.auth import attempts
from pointsapi.core.tokens import new_id
from pointsapi.members import pins
from pointsapi.members.models import Member
from pointsapi.staff import login as staff_auth
from pointsapi.staff.models import StaffCard, StaffMember, StaffStore
from pointsapi.stores.models import Store

DEMO_MEMBER_PIN = "1234"
DEMO_STAFF_NO = "9001"
DEMO_STAFF_CARD = "0009001001"
DEMO_STAFF_PIN = "4321"
DEMO_STAFF_NAME = "Li W."


def demo_member_pin(session: Session, member: Member, now: datetime) -> str:
    pins.set_member_pin(session, member.id, DEMO_MEMBER_PIN, now)
    return DEMO_MEMBER_PIN


def demo_staff(session: Session, store: Store, now: datetime) -> list[dict[str, Any]]:
    staff = session.scalar(select(StaffMember).where(StaffMember.staff_no == DEMO_STAFF_NO))
    salt, digest = pins.hash_pin(DEMO_STAFF_PIN)
    if staff is None:
        staff = StaffMember(
            id=new_id("stf"),
            staff_no=DEMO_STAFF_NO,
            display_name=DEMO_STAFF_NAME,
            role="manager",
            active=True,
            pin_salt=salt,
            pin_hash=digest,
            created_at=now,
        )
        session.add(staff)
        session.flush()
    else:
        staff.pin_salt, staff.pin_hash, staff.active = salt, digest, True
        attempts.reset(session, staff_auth.STAFF_PIN_SCOPE, staff.id)
    if session.get(StaffStore, (staff.id, store.id)) is None:
        session.add(StaffStore(staff_id=staff.id, store_id=store.id))
    if session.get(StaffCard, DEMO_STAFF_CARD) is None:
        session.add(StaffCard(card_number=DEMO_STAFF_CARD, staff_id=staff.id))
    session.flush()
    return [
        {
            "staff_id": staff.id,
            "staff_no": DEMO_STAFF_NO,
            "display_name": DEMO_STAFF_NAME,
            "card": f"{staff_auth.STAFF_CARD_PREFIX}{DEMO_STAFF_NO}",
            "card_number": DEMO_STAFF_CARD,
            "pin": DEMO_STAFF_PIN,
        }
    ]
