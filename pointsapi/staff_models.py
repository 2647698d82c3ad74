"""Tables of staff mode, member PINs, attempt limits, kiosk events, alerts and gift stock notes.

Imported at the end of :mod:`pointsapi.models` so they share its ``Base`` (one metadata for the
migrations). Created by migration 0004.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pointsapi.models import Base, UTCDateTime


class StaffMember(Base):
    """A staff credential: a number, cards, a PIN (scrypt hash only) and the stores it serves."""

    __tablename__ = "staff"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    staff_no: Mapped[str] = mapped_column(String(10), unique=True)
    # Safe for the kiosk screen (e.g. "Li W."): staff choose it, it is not a full legal name.
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))  # staff | manager
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    pin_salt: Mapped[bytes] = mapped_column(LargeBinary(16))
    pin_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class StaffStore(Base):
    __tablename__ = "staff_stores"

    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id"), primary_key=True)
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id"), primary_key=True)


class StaffCard(Base):
    """A card number (normalised like member cards) that is a staff credential."""

    __tablename__ = "staff_cards"

    card_number: Mapped[str] = mapped_column(String(40), primary_key=True)
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id"), index=True)


class StaffSession(Base):
    """A staff member logged in at one kiosk: what ``X-Staff-Session`` refers to."""

    __tablename__ = "staff_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id"), index=True)
    kiosk_id: Mapped[str] = mapped_column(ForeignKey("kiosks.id"))
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    end_reason: Mapped[str | None] = mapped_column(String(16), nullable=True)


class StaffAuditEntry(Base):
    """One staff action (append-only: database triggers refuse UPDATE and DELETE)."""

    __tablename__ = "staff_audit"
    __table_args__ = (Index("ix_staff_audit_store_at", "store_id", "at"),)

    # Insertion order, so entries with the same timestamp still list in the order they happened.
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(32), unique=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id"))
    kiosk_id: Mapped[str | None] = mapped_column(ForeignKey("kiosks.id"), nullable=True)
    staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    staff_no: Mapped[str | None] = mapped_column(String(10), nullable=True)
    action: Mapped[str] = mapped_column(String(32))
    # Never a PIN, a token or member data.
    details_json: Mapped[str] = mapped_column(Text)


class MemberPin(Base):
    """A member's PIN for spending on a card visit (scrypt hash only)."""

    __tablename__ = "member_pins"

    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), primary_key=True)
    pin_salt: Mapped[bytes] = mapped_column(LargeBinary(16))
    pin_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime())


class StorePinPolicy(Base):
    """Whether a card visit at this store may spend after a PIN (no row: allowed)."""

    __tablename__ = "store_pin_policies"

    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id"), primary_key=True)
    member_pin_spend: Mapped[bool] = mapped_column(Boolean)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AttemptLimit(Base):
    """Failures counted against one limit (scope + key), and the lock they led to.

    Scopes: ``member_pin`` (member id), ``staff_pin`` (staff id), ``staff_kiosk`` (kiosk id),
    ``identify_member`` (member number). Kept in the database so limits hold across workers.
    """

    __tablename__ = "attempt_limits"

    scope: Mapped[str] = mapped_column(String(24), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    window_started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class KioskEvent(Base):
    """What a kiosk reported about its hardware (paper, door, help button, gift stock)."""

    __tablename__ = "kiosk_events"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kiosk_id: Mapped[str] = mapped_column(ForeignKey("kiosks.id"), index=True)
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id"))
    kind: Mapped[str] = mapped_column(String(24))
    state: Mapped[str] = mapped_column(String(8))
    subject: Mapped[str] = mapped_column(String(40))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime())
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    detail_json: Mapped[str] = mapped_column(Text)
    alert_id: Mapped[str | None] = mapped_column(ForeignKey("alerts.id"), nullable=True)


class Alert(Base):
    """Something at a kiosk that needs a person; at most one open per (kiosk, kind, subject)."""

    __tablename__ = "alerts"
    __table_args__ = (Index("ix_alerts_store_opened", "store_id", "opened_at"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id"))
    kiosk_id: Mapped[str] = mapped_column(ForeignKey("kiosks.id"))
    kind: Mapped[str] = mapped_column(String(24))
    subject: Mapped[str] = mapped_column(String(40))
    # "<kiosk>|<kind>|<subject>" while open, NULL once closed: a unique column (NULLs are
    # distinct) keeps a second open alert for the same thing out, on SQLite and PostgreSQL.
    open_key: Mapped[str | None] = mapped_column(String(120), unique=True, nullable=True)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    count: Mapped[int] = mapped_column(Integer)
    detail_json: Mapped[str] = mapped_column(Text)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    closed_by: Mapped[str | None] = mapped_column(String(48), nullable=True)


class GiftStockSetting(Base):
    """Per (gift, store): the low-stock threshold and when staff last adjusted the count."""

    __tablename__ = "gift_stock_settings"

    item_id: Mapped[str] = mapped_column(ForeignKey("catalogue_items.id"), primary_key=True)
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id"), primary_key=True)
    low_threshold: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class GiftStockAdjustment(Base):
    """A staff count or delivery applied to a gift's stock at a store."""

    __tablename__ = "gift_stock_adjustments"
    __table_args__ = (Index("ix_gift_adjustments_item_store", "item_id", "store_id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("catalogue_items.id"))
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id"))
    kiosk_id: Mapped[str] = mapped_column(ForeignKey("kiosks.id"))
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id"))
    mode: Mapped[str] = mapped_column(String(8))  # add | set
    quantity: Mapped[int] = mapped_column(Integer)
    before: Mapped[int] = mapped_column(Integer)
    after: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(String(200), nullable=True)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
