"""Managing staff credentials (admin): create, new PIN, disable, unlock."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pointsapi.auth import attempts
from pointsapi.core.errors import ApiError
from pointsapi.core.tokens import new_id
from pointsapi.members import pins
from pointsapi.members.models import MemberCard
from pointsapi.staff import login as staff_auth
from pointsapi.staff.models import StaffCard, StaffMember, StaffStore
from pointsapi.staff.schemas import StaffCreate, StaffPatch, StaffView
from pointsapi.stores.models import Kiosk, Store


def view(session: Session, staff: StaffMember) -> StaffView:
    stores = session.scalars(
        select(StaffStore.store_id).where(StaffStore.staff_id == staff.id).order_by("store_id")
    )
    cards = session.scalars(
        select(StaffCard.card_number).where(StaffCard.staff_id == staff.id).order_by("card_number")
    )
    return StaffView(
        staff_id=staff.id,
        staff_no=staff.staff_no,
        display_name=staff.display_name,
        role=staff.role,  # type: ignore[arg-type]
        active=staff.active,
        store_ids=list(stores),
        cards=list(cards),
    )


def _check_stores(session: Session, store_ids: list[str]) -> list[str]:
    unique = sorted(set(store_ids))
    for store_id in unique:
        if session.get(Store, store_id) is None:
            raise ApiError(404, "store_not_found", "No such store.")
    return unique


def _card_numbers(session: Session, cards: list[str]) -> list[str]:
    numbers: list[str] = []
    for card in cards:
        number = staff_auth.normalise_staff_card(card)
        if number is None:
            raise ApiError(422, "card_invalid", "A staff card must be a card number.")
        if (
            session.get(MemberCard, number) is not None
            or session.get(StaffCard, number) is not None
        ):
            raise ApiError(409, "card_taken", "This card belongs to a member or a staff member.")
        numbers.append(number)
    return sorted(set(numbers))


def create(session: Session, body: StaffCreate, now: datetime) -> StaffMember:
    if session.scalar(select(StaffMember.id).where(StaffMember.staff_no == body.staff_no)):
        raise ApiError(409, "staff_no_taken", "A staff member has this number.")
    store_ids = _check_stores(session, body.store_ids)
    numbers = _card_numbers(session, body.cards)
    salt, digest = pins.hash_pin(body.pin)
    staff = StaffMember(
        id=new_id("stf"),
        staff_no=body.staff_no,
        display_name=body.display_name,
        role=body.role,
        active=True,
        pin_salt=salt,
        pin_hash=digest,
        created_at=now,
    )
    try:
        with session.begin_nested():
            session.add(staff)
            session.flush()
            session.add_all(StaffStore(staff_id=staff.id, store_id=s) for s in store_ids)
            session.add_all(StaffCard(card_number=n, staff_id=staff.id) for n in numbers)
    except IntegrityError as exc:
        # Created at the same moment by another request (PostgreSQL).
        raise ApiError(409, "staff_no_taken", "A staff member has this number or card.") from exc
    return staff


def by_number(session: Session, staff_no: str) -> StaffMember:
    staff = session.scalar(
        select(StaffMember).where(StaffMember.staff_no == staff_no).with_for_update()
    )
    if staff is None:
        raise ApiError(404, "staff_not_found", "No staff member has this number.")
    return staff


def set_pin(session: Session, staff: StaffMember, pin: str, now: datetime) -> None:
    staff.pin_salt, staff.pin_hash = pins.hash_pin(pin)
    attempts.reset(session, staff_auth.STAFF_PIN_SCOPE, staff.id)
    staff_auth.end_sessions(session, staff.id, "new_pin", now)
    session.flush()


def patch(session: Session, staff: StaffMember, body: StaffPatch, now: datetime) -> None:
    changes = body.model_dump(exclude_unset=True)
    for field in ("active", "display_name", "role"):
        if field in changes:
            if changes[field] is None:
                raise ApiError(422, "field_required", f"{field} cannot be null.")
            setattr(staff, field, changes[field])
    if "store_ids" in changes:
        if body.store_ids is None:
            raise ApiError(422, "field_required", "store_ids cannot be null.")
        store_ids = _check_stores(session, body.store_ids)
        session.execute(delete(StaffStore).where(StaffStore.staff_id == staff.id))
        session.add_all(StaffStore(staff_id=staff.id, store_id=s) for s in store_ids)
    if changes.get("active") is False:
        staff_auth.end_sessions(session, staff.id, "disabled", now)
    session.flush()


def unlock_staff(session: Session, staff: StaffMember) -> None:
    attempts.reset(session, staff_auth.STAFF_PIN_SCOPE, staff.id)


def unlock_kiosk(session: Session, kiosk_id: str) -> None:
    if session.get(Kiosk, kiosk_id) is None:
        raise ApiError(404, "kiosk_not_found", "No such kiosk.")
    attempts.reset(session, staff_auth.STAFF_KIOSK_SCOPE, kiosk_id)
