"""Stores: look one up for any domain (a missing store is a 404 problem)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from pointsapi.core.errors import ApiError
from pointsapi.stores.models import Store


def get_store(session: Session, store_id: str) -> Store:
    store = session.get(Store, store_id)
    if store is None:
        raise ApiError(404, "store_not_found", "No such store.")
    return store
