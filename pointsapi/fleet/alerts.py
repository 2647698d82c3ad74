"""Kiosk events and the alerts they open and close.

At most one alert is open per (kiosk, kind, subject): the ``open_key`` column is unique while
the alert is open and NULL once it is closed. ``raised`` opens an alert or bumps the open one
(``last_seen_at``, ``count``); ``cleared`` closes it. ``help_pressed`` closes when a staff
member logs in at that kiosk or an admin closes it. ``gift_stock_low`` alerts are also raised and
closed by the API itself whenever staff adjust a gift's stock.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pointsapi.core.errors import ApiError
from pointsapi.core.tokens import new_id
from pointsapi.fleet.models import Alert, KioskEvent
from pointsapi.fleet.schemas import AlertView

MAX_LISTED = 500


def _open_key(kiosk_id: str, kind: str, subject: str) -> str:
    return f"{kiosk_id}|{kind}|{subject}"


def _dump(detail: dict[str, Any]) -> str:
    return json.dumps(detail, ensure_ascii=False, separators=(",", ":"))


def _find_open(session: Session, key: str) -> Alert | None:
    return session.scalar(select(Alert).where(Alert.open_key == key).with_for_update())


def raise_alert(
    session: Session,
    *,
    store_id: str,
    kiosk_id: str,
    kind: str,
    subject: str,
    detail: dict[str, Any],
    now: datetime,
) -> Alert:
    """Open an alert, or bump the one already open for the same thing."""
    key = _open_key(kiosk_id, kind, subject)
    alert = _find_open(session, key)
    if alert is None:
        alert = Alert(
            id=new_id("al"),
            store_id=store_id,
            kiosk_id=kiosk_id,
            kind=kind,
            subject=subject,
            open_key=key,
            opened_at=now,
            last_seen_at=now,
            count=1,
            detail_json=_dump(detail),
        )
        try:
            with session.begin_nested():
                session.add(alert)
            return alert
        except IntegrityError:
            # The same alert was opened at this moment by another request (PostgreSQL).
            alert = _find_open(session, key)
            if alert is None:
                raise
    alert.last_seen_at = max(alert.last_seen_at, now)
    alert.count += 1
    alert.detail_json = _dump(detail)
    session.flush()
    return alert


def close(alert: Alert, *, by: str, now: datetime) -> Alert:
    if alert.open_key is not None:
        alert.open_key = None
        alert.closed_at = now
        alert.closed_by = by
    return alert


def clear_alert(
    session: Session, *, kiosk_id: str, kind: str, subject: str, by: str, now: datetime
) -> Alert | None:
    alert = _find_open(session, _open_key(kiosk_id, kind, subject))
    if alert is None:
        return None
    close(alert, by=by, now=now)
    session.flush()
    return alert


def close_help(session: Session, *, kiosk_id: str, staff_id: str, now: datetime) -> None:
    """A staff member logged in at the kiosk: whoever pressed help is being looked after."""
    clear_alert(
        session, kiosk_id=kiosk_id, kind="help_pressed", subject="", by=f"staff:{staff_id}", now=now
    )


def close_gift_low(session: Session, *, store_id: str, gift_code: str, now: datetime) -> None:
    """The gift is above its threshold again: close its low-stock alerts at every kiosk."""
    found = session.scalars(
        select(Alert)
        .where(
            Alert.store_id == store_id,
            Alert.kind == "gift_stock_low",
            Alert.subject == gift_code,
            Alert.open_key.is_not(None),
        )
        .with_for_update()
    )
    for alert in found:
        close(alert, by="api", now=now)
    session.flush()


def record_event(
    session: Session,
    *,
    store_id: str,
    kiosk_id: str,
    kind: str,
    state: str,
    subject: str,
    detail: dict[str, Any],
    occurred_at: datetime,
    now: datetime,
) -> tuple[KioskEvent, Alert | None]:
    if state == "raised":
        alert: Alert | None = raise_alert(
            session,
            store_id=store_id,
            kiosk_id=kiosk_id,
            kind=kind,
            subject=subject,
            detail=detail,
            now=now,
        )
    else:
        alert = clear_alert(
            session, kiosk_id=kiosk_id, kind=kind, subject=subject, by="kiosk", now=now
        )
    event = KioskEvent(
        id=new_id("ev"),
        kiosk_id=kiosk_id,
        store_id=store_id,
        kind=kind,
        state=state,
        subject=subject,
        occurred_at=occurred_at,
        received_at=now,
        detail_json=_dump(detail),
        alert_id=alert.id if alert else None,
    )
    session.add(event)
    session.flush()
    return event, alert


def view(alert: Alert) -> AlertView:
    detail = json.loads(alert.detail_json)
    assert isinstance(detail, dict)
    return AlertView(
        alert_id=alert.id,
        kiosk_id=alert.kiosk_id,
        kind=alert.kind,
        subject=alert.subject,
        state="open" if alert.open_key is not None else "closed",
        opened_at=alert.opened_at,
        last_seen_at=alert.last_seen_at,
        count=alert.count,
        detail=detail,
        closed_at=alert.closed_at,
        closed_by=alert.closed_by,
    )


def for_store(session: Session, store_id: str, state: str) -> list[Alert]:
    """Newest opened first, at most :data:`MAX_LISTED`."""
    query = select(Alert).where(Alert.store_id == store_id)
    if state == "open":
        query = query.where(Alert.open_key.is_not(None))
    elif state == "closed":
        query = query.where(Alert.open_key.is_(None))
    query = query.order_by(Alert.opened_at.desc(), Alert.id).limit(MAX_LISTED)
    return list(session.scalars(query))


def close_by_admin(session: Session, alert_id: str, now: datetime) -> Alert:
    alert = session.get(Alert, alert_id, with_for_update=True)
    if alert is None:
        raise ApiError(404, "alert_not_found", "No such alert.")
    close(alert, by="admin", now=now)
    session.flush()
    return alert
