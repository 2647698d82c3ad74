"""Database tables (SQLAlchemy 2, typed). The schema itself is created only by Alembic migrations.

The points ledger is append-only (database triggers refuse UPDATE and DELETE on it). A member's
balance is the sum of their ledger entries. Each earning entry opens a :class:`PointLot` with its
own remaining amount and expiry; spending and expiry draw from lots and record each draw as a
:class:`LotMovement`, so ``lot.remaining == lot.points + sum(movements)`` can be reconciled.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UTCDateTime(TypeDecorator[datetime]):
    """Stores UTC instants; always returns timezone-aware UTC datetimes (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    pass


class Store(Base):
    __tablename__ = "stores"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_zh: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64))
    currency: Mapped[str] = mapped_column(String(3))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # StoreRules as JSON ("{}" = all defaults); see pointsapi/rules/config.py.
    rules_json: Mapped[str] = mapped_column(Text, default="{}", server_default="{}")
    # HMAC-SHA256 key the store's tills sign receipt QR codes with.
    receipt_key: Mapped[bytes | None] = mapped_column(LargeBinary(32), nullable=True)


class ConfigEntry(Base):
    """Programme-wide settings as JSON documents (key "program": ProgramRules)."""

    __tablename__ = "config_entries"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value_json: Mapped[str] = mapped_column(Text)


class Till(Base):
    """A store's point-of-sale credential: reports purchases, redeems vouchers."""

    __tablename__ = "tills"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Kiosk(Base):
    __tablename__ = "kiosks"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Admin(Base):
    __tablename__ = "admins"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


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


class Member(Base):
    __tablename__ = "members"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    member_no: Mapped[str] = mapped_column(String(20), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    preferred_language: Mapped[str] = mapped_column(String(5), default="zh")
    # Per-member secret of the rotating code; never leaves the API.
    code_secret: Mapped[bytes] = mapped_column(LargeBinary(32))
    status: Mapped[str] = mapped_column(String(16), default="active")
    tier_code: Mapped[str] = mapped_column(ForeignKey("tiers.code"))
    # The next tier review (downgrades only happen then); None until the engine sets it.
    tier_review_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    home_store_id: Mapped[str | None] = mapped_column(ForeignKey("stores.id"), nullable=True)
    referred_by_id: Mapped[str | None] = mapped_column(ForeignKey("members.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class MemberCard(Base):
    __tablename__ = "member_cards"

    # Normalised card number (digits, or upper-case hex for MIFARE UIDs).
    card_number: Mapped[str] = mapped_column(String(40), primary_key=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class MemberToken(Base):
    """A credential of the member's phone app."""

    __tablename__ = "member_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class MemberSession(Base):
    """A member identified at a kiosk: what ``X-Member-Session`` refers to."""

    __tablename__ = "member_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), index=True)
    kiosk_id: Mapped[str] = mapped_column(ForeignKey("kiosks.id"))
    via: Mapped[str] = mapped_column(String(8))
    can_spend: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class UsedCodeStep(Base):
    """Replay protection: a (member, time step) of the rotating code is accepted once, anywhere."""

    __tablename__ = "used_code_steps"

    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), primary_key=True)
    step: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    kiosk_id: Mapped[str] = mapped_column(ForeignKey("kiosks.id"))
    used_at: Mapped[datetime] = mapped_column(UTCDateTime())


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


class IdempotencyRecord(Base):
    """The first answer to a write, replayed for the same key and request."""

    __tablename__ = "idempotency_records"
    __table_args__ = (UniqueConstraint("principal", "key", name="uq_idempotency_principal_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # Who sent it ("kiosk:<id>", "admin:<id>", "member:<id>"): keys are scoped per credential.
    principal: Mapped[str] = mapped_column(String(80))
    key: Mapped[str] = mapped_column(String(128))
    # SHA-256 of method, path and body.
    fingerprint: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    response_body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Referral(Base):
    """One per new member: the referral bonus is paid once."""

    __tablename__ = "referrals"

    new_member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), primary_key=True)
    referrer_id: Mapped[str] = mapped_column(ForeignKey("members.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


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


class CatalogueItem(Base):
    """Something members can spend points on (managed by admins)."""

    __tablename__ = "catalogue_items"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    # voucher (cash value) | gift (per-store stock) | service | deal (points + cash at the till)
    kind: Mapped[str] = mapped_column(String(16))
    name_en: Mapped[str] = mapped_column(String(200))
    name_zh: Mapped[str] = mapped_column(String(200))
    points_cost: Mapped[int] = mapped_column(Integer)
    # Cash the member pays at the till (deals), minor units.
    cash_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    # Cash value of a voucher, minor units.
    value_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    valid_from: Mapped[datetime] = mapped_column(UTCDateTime())
    valid_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    per_member_limit: Mapped[int | None] = mapped_column(Integer, nullable=True)
    tier_codes_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    voucher_valid_days: Mapped[int] = mapped_column(Integer, default=30)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ItemStock(Base):
    """How many of a gift a store has left."""

    __tablename__ = "item_stock"

    item_id: Mapped[str] = mapped_column(ForeignKey("catalogue_items.id"), primary_key=True)
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id"), primary_key=True)
    quantity: Mapped[int] = mapped_column(Integer)


class SigningKey(Base):
    """Ed25519 keys that sign vouchers; tills verify offline with the public half."""

    __tablename__ = "signing_keys"

    kid: Mapped[str] = mapped_column(String(16), primary_key=True)
    private_key: Mapped[bytes] = mapped_column(LargeBinary(32))
    public_key: Mapped[bytes] = mapped_column(LargeBinary(32))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Voucher(Base):
    """What a redemption issued: issued -> printed -> redeemed | expired | voided."""

    __tablename__ = "vouchers"
    __table_args__ = (Index("ix_vouchers_member_item", "member_id", "item_id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"))
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id"))
    item_id: Mapped[str | None] = mapped_column(ForeignKey("catalogue_items.id"), nullable=True)
    # voucher | gift | service | deal | cash (points as cash)
    kind: Mapped[str] = mapped_column(String(16))
    points: Mapped[int] = mapped_column(Integer)
    value_minor: Mapped[int] = mapped_column(BigInteger)
    cash_due_minor: Mapped[int] = mapped_column(BigInteger)
    state: Mapped[str] = mapped_column(String(10), index=True)
    kid: Mapped[str] = mapped_column(ForeignKey("signing_keys.kid"))
    code: Mapped[str] = mapped_column(Text)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    printed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    redeemed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    redeemed_store_id: Mapped[str | None] = mapped_column(ForeignKey("stores.id"), nullable=True)
    redeemed_till_id: Mapped[str | None] = mapped_column(ForeignKey("tills.id"), nullable=True)
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    spend_entry_id: Mapped[int] = mapped_column(ForeignKey("ledger_entries.id"))
    refund_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("ledger_entries.id"), nullable=True
    )


# The prize wheel's tables live in their own module; importing it here registers them on
# Base.metadata for Alembic and the schema test (it imports Base from this module, which is
# complete by now).
import pointsapi.lottery.tables  # noqa: E402, F401

# Staff mode, member PINs, attempt limits, kiosk events and alerts (migration 0004) share this
# Base: imported here so every user of the metadata (Alembic, tests) sees those tables too.
from pointsapi import staff_models as _staff_models  # noqa: E402, F401
