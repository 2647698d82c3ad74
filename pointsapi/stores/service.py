"""Stores and their devices: look a store up, add stores, issue till and kiosk credentials."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Literal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pointsapi.core.clock import require_timezone
from pointsapi.core.errors import ApiError
from pointsapi.core.tokens import hash_token, new_id, new_token
from pointsapi.stores.models import Kiosk, Store, Till
from pointsapi.stores.schemas import StoreCreate

DeviceKind = Literal["till", "kiosk"]


def get_store(session: Session, store_id: str) -> Store:
    store = session.get(Store, store_id)
    if store is None:
        raise ApiError(404, "store_not_found", "No such store.")
    return store


def create_store(session: Session, body: StoreCreate, now: datetime) -> Store:
    """A store with default rules and a fresh receipt-signing key; its code is unique."""
    require_timezone(body.timezone)
    if session.scalar(select(Store.id).where(Store.code == body.code)) is not None:
        raise ApiError(409, "store_code_taken", "A store with this code exists.")
    store = Store(
        id=new_id("s"),
        code=body.code,
        name_en=body.name_en,
        name_zh=body.name_zh,
        timezone=body.timezone,
        currency=body.currency,
        created_at=now,
        rules_json="{}",
        receipt_key=secrets.token_bytes(32),
    )
    try:
        with session.begin_nested():
            session.add(store)
    except IntegrityError as exc:
        raise ApiError(409, "store_code_taken", "A store with this code exists.") from exc
    return store


def create_device(
    session: Session, *, kind: DeviceKind, store_id: str, name: str, now: datetime
) -> tuple[Till | Kiosk, str]:
    """A till or kiosk credential for a store, and its token (only its hash is kept)."""
    store = get_store(session, store_id)
    token = new_token("tt" if kind == "till" else "kt")
    model = Till if kind == "till" else Kiosk
    row = model(
        id=new_id(kind[0]),
        store_id=store.id,
        name=name,
        token_hash=hash_token(token),
        active=True,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return row, token
