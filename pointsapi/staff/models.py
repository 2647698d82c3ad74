"""Tables of staff mode: staff members, their stores and cards, sessions and the audit log.

On the shared ``Base`` of :mod:`pointsapi.core.base`; created by migration 0004.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pointsapi.core.base import Base, UTCDateTime


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
