"""Tables of authentication: admin credentials and attempt limits (migrations 0001, 0004)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from pointsapi.core.base import Base, UTCDateTime


class Admin(Base):
    __tablename__ = "admins"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


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
