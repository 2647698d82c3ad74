"""Tables of the ledger (SQLAlchemy 2, typed); the schema itself is created only by migrations.

The points ledger is append-only (database triggers refuse UPDATE and DELETE on it). A member's
balance is the sum of their ledger entries. Each earning entry opens a :class:`PointLot` with its
own remaining amount and expiry; spending and expiry draw from lots and record each draw as a
:class:`LotMovement`, so ``lot.remaining == lot.points + sum(movements)`` can be reconciled.
Also here: tiers, check-ins, receipts, promotions and the programme rules (``ConfigEntry``).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from pointsapi.core.base import Base, UTCDateTime


class ConfigEntry(Base):
    """Programme-wide settings as JSON documents (key "program": ProgramRules)."""

    __tablename__ = "config_entries"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value_json: Mapped[str] = mapped_column(Text)


class Tier(Base):
    __tablename__ = "tiers"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    rank: Mapped[int] = mapped_column(Integer, unique=True)
    name_en: Mapped[str] = mapped_column(String(100))
    name_zh: Mapped[str] = mapped_column(String(100))
    # Qualifying points (over the qualifying period) needed to hold this tier.
    min_qualifying: Mapped[int] = mapped_column(Integer)
    # Earn multiplier in percent (100 = x1, 125 = x1.25): integer arithmetic only.
    earn_multiplier_pct: Mapped[int] = mapped_column(Integer, default=100)
    daily_spins: Mapped[int] = mapped_column(Integer, default=0)


class LedgerEntry(Base):
    """One append-only movement of points. Never updated, never deleted."""

    __tablename__ = "ledger_entries"
    __table_args__ = (Index("ix_ledger_member_created", "member_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"))
    store_id: Mapped[str | None] = mapped_column(ForeignKey("stores.id"), nullable=True)
    # earn | spend | expire | refund | adjust
    kind: Mapped[str] = mapped_column(String(16))
    # Signed change of the spendable balance.
    points: Mapped[int] = mapped_column(Integer)
    # Change of qualifying (tier) points; spending never lowers it.
    qualifying_points: Mapped[int] = mapped_column(Integer, default=0)
    # Why: purchase, checkin, checkin_streak_bonus, receipt_claim, registration_bonus, ...
    reason: Mapped[str] = mapped_column(String(40))
    # Who: kiosk | till | admin | system, and which one.
    actor_type: Mapped[str] = mapped_column(String(8))
    actor_id: Mapped[str] = mapped_column(String(64))
    idempotency_key: Mapped[str] = mapped_column(String(160), index=True)
    # What it refers to (receipt id, voucher id, lot id, ...), free form, never personal data.
    reference: Mapped[str | None] = mapped_column(String(128), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PointLot(Base):
    """The points of one earning entry, with what is left of them and when they expire."""

    __tablename__ = "point_lots"
    __table_args__ = (Index("ix_lots_member_open", "member_id", "remaining", "expires_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"))
    entry_id: Mapped[int] = mapped_column(ForeignKey("ledger_entries.id"), unique=True)
    points: Mapped[int] = mapped_column(Integer)
    remaining: Mapped[int] = mapped_column(Integer)
    earned_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # None: never expires.
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class LotMovement(Base):
    """A draw from (negative) or a return to (positive) a lot, caused by one ledger entry."""

    __tablename__ = "lot_movements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("point_lots.id"), index=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("ledger_entries.id"), index=True)
    points: Mapped[int] = mapped_column(Integer)


class Checkin(Base):
    """A daily check-in: once per member per store per store-local business day."""

    __tablename__ = "checkins"
    __table_args__ = (
        UniqueConstraint("member_id", "store_id", "business_day", name="uq_checkin_day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"))
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id"))
    business_day: Mapped[date] = mapped_column(Date)
    # Day number within an unbroken run of daily check-ins at this store (1 = fresh start).
    streak: Mapped[int] = mapped_column(Integer)
    points: Mapped[int] = mapped_column(Integer)
    bonus: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Receipt(Base):
    """A purchase that earned points (reported by a till or claimed at a kiosk): earns once."""

    __tablename__ = "receipts"
    __table_args__ = (UniqueConstraint("store_id", "receipt_no", name="uq_receipt_store_no"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id"))
    receipt_no: Mapped[str] = mapped_column(String(64))
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), index=True)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    payment_method: Mapped[str] = mapped_column(String(32))
    purchased_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # "till" (reported at the till) or "kiosk" (claimed by scanning the receipt QR).
    source: Mapped[str] = mapped_column(String(8))
    points: Mapped[int] = mapped_column(Integer)
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entries.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Promotion(Base):
    """A recurring earn multiplier ("member day"), optionally for some tiers only."""

    __tablename__ = "promotions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    # None: all stores.
    store_id: Mapped[str | None] = mapped_column(ForeignKey("stores.id"), nullable=True)
    name: Mapped[str] = mapped_column(String(100))
    # "month_day" (value 1..31: that day of every month) or "weekday" (value 1=Mon..7=Sun).
    schedule: Mapped[str] = mapped_column(String(16))
    schedule_value: Mapped[int] = mapped_column(Integer)
    multiplier_pct: Mapped[int] = mapped_column(Integer)
    # JSON list of tier codes, or None for every tier.
    tier_codes_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
