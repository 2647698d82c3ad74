"""The staff audit: who did what, when, at which kiosk. Append-only (database triggers).

Entries are written in the same transaction as the change they record. ``details`` never holds
a PIN, a token or member data: callers pass only the fields the contract names.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pointsapi.core.tokens import new_id
from pointsapi.staff.models import StaffAuditEntry, StaffMember
from pointsapi.staff.schemas import AuditEntryView


def record(
    session: Session,
    *,
    action: str,
    store_id: str,
    kiosk_id: str | None,
    staff: StaffMember | None,
    details: dict[str, Any],
    now: datetime,
) -> StaffAuditEntry:
    entry = StaffAuditEntry(
        id=new_id("aud"),
        at=now,
        store_id=store_id,
        kiosk_id=kiosk_id,
        staff_id=staff.id if staff else None,
        staff_no=staff.staff_no if staff else None,
        action=action,
        details_json=json.dumps(details, ensure_ascii=False, separators=(",", ":")),
    )
    session.add(entry)
    session.flush()
    return entry


def view(entry: StaffAuditEntry) -> AuditEntryView:
    details = json.loads(entry.details_json)
    assert isinstance(details, dict)
    return AuditEntryView(
        audit_id=entry.id,
        at=entry.at,
        store_id=entry.store_id,
        kiosk_id=entry.kiosk_id,
        staff_id=entry.staff_id,
        staff_no=entry.staff_no,
        action=entry.action,
        details=details,
    )


def entries(
    session: Session, *, store_id: str, since: datetime, kiosk_id: str | None, limit: int
) -> list[StaffAuditEntry]:
    """Oldest first from ``since`` (inclusive), at most ``limit``."""
    query = select(StaffAuditEntry).where(
        StaffAuditEntry.store_id == store_id, StaffAuditEntry.at >= since
    )
    if kiosk_id is not None:
        query = query.where(StaffAuditEntry.kiosk_id == kiosk_id)
    return list(session.scalars(query.order_by(StaffAuditEntry.seq).limit(limit)))
