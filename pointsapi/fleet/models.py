"""Tables of the fleet: what kiosks report (events) and what needs a person (alerts)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pointsapi.core.base import Base, UTCDateTime


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
