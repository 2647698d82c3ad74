"""Tables of rewards: the catalogue, gift stock, signing keys and vouchers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pointsapi.core.base import Base, UTCDateTime


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
