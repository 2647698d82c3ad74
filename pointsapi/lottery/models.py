"""Database rows of the prize wheel (on the shared ``Base`` of :mod:`pointsapi.core.base`;
created only by migration 0003).

- :class:`Wheel`: one per store, with its configuration version and the fingerprint of the
  availability the version was computed for (see ``state.refresh_version``).
- :class:`WheelSegment`: the segments in wheel order. Replaced as a whole by an admin edit; draws
  keep their own copy of what they used, so no draw refers to a segment row.
- :class:`LotteryDay`: the secret seed of one store-day, its published hash, the nonce counter
  and the prize budget used. Locked by every draw of that store-day.
- :class:`LotteryDraw`: one spin, with everything needed to recompute it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from pointsapi.core.base import Base, UTCDateTime


class Wheel(Base):
    __tablename__ = "wheels"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id"), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Increases on every change of what GET /v1/kiosk/wheel shows (except the member's offer).
    version: Mapped[int] = mapped_column(Integer)
    # SHA-256 of (store day, unavailable segments) the version was last computed for.
    state_key: Mapped[str] = mapped_column(String(64))
    spin_cost_points: Mapped[int] = mapped_column(Integer)
    daily_limit: Mapped[int] = mapped_column(Integer)
    # Prize budget per store-day in points-equivalent; None: no cap.
    daily_budget_points: Mapped[int | None] = mapped_column(Integer, nullable=True)
    fallback_segment_id: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class WheelSegment(Base):
    __tablename__ = "wheel_segments"
    __table_args__ = (
        UniqueConstraint("wheel_id", "segment_id", name="uq_wheel_segment_id"),
        UniqueConstraint("wheel_id", "position", name="uq_wheel_segment_position"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    wheel_id: Mapped[str] = mapped_column(ForeignKey("wheels.id"))
    segment_id: Mapped[str] = mapped_column(String(64))
    # Wheel order, clockwise from the pointer at rest, from 0.
    position: Mapped[int] = mapped_column(Integer)
    # points | voucher | gift | thanks
    kind: Mapped[str] = mapped_column(String(8))
    label_en: Mapped[str] = mapped_column(String(24))
    label_zh: Mapped[str] = mapped_column(String(24))
    colour: Mapped[str] = mapped_column(String(7))
    image_asset: Mapped[str | None] = mapped_column(String(80), nullable=True)
    image_url: Mapped[str | None] = mapped_column(String(500), nullable=True)
    image_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # Configured weight (today's effective weight may differ: see state.py).
    weight: Mapped[int] = mapped_column(Integer)
    # The points of a points prize.
    points: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # The catalogue item of a voucher or gift prize (gift stock is the item's store stock).
    item_id: Mapped[str | None] = mapped_column(ForeignKey("catalogue_items.id"), nullable=True)
    # What one win costs the daily budget (points prizes: their points; thanks: 0).
    budget_points: Mapped[int] = mapped_column(Integer, default=0)


class LotteryDay(Base):
    __tablename__ = "lottery_days"

    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    # 32 bytes from the operating system's CSPRNG; secret until the store-day has ended.
    seed: Mapped[bytes] = mapped_column(LargeBinary(32))
    seed_hash: Mapped[str] = mapped_column(String(64))
    # Draws made so far this store-day: the next draw's nonce is draw_count + 1.
    draw_count: Mapped[int] = mapped_column(Integer, default=0)
    budget_used: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class LotteryDraw(Base):
    __tablename__ = "lottery_draws"
    __table_args__ = (
        UniqueConstraint("store_id", "day", "nonce", name="uq_lottery_draw_nonce"),
        Index("ix_lottery_draws_member_day", "member_id", "store_id", "day"),
    )

    # Made by the kiosk (16-64 of [A-Za-z0-9_-]); a second use is refused.
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id"))
    day: Mapped[date] = mapped_column(Date)
    nonce: Mapped[int] = mapped_column(Integer)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"))
    kiosk_id: Mapped[str] = mapped_column(ForeignKey("kiosks.id"))
    idempotency_key: Mapped[str] = mapped_column(String(128))
    wheel_id: Mapped[str] = mapped_column(ForeignKey("wheels.id"))
    wheel_version: Mapped[int] = mapped_column(Integer)
    algorithm: Mapped[str] = mapped_column(String(32))
    # JSON lists in wheel order: segment ids and today's effective weights the draw used.
    segment_ids_json: Mapped[str] = mapped_column(Text)
    weights_json: Mapped[str] = mapped_column(Text)
    # The 64-bit draw number, 16 hex digits (it does not fit a signed BIGINT).
    number_hex: Mapped[str] = mapped_column(String(16))
    segment_index: Mapped[int] = mapped_column(Integer)
    segment_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(8))
    # "free" (a tier free spin) or "points".
    paid_with: Mapped[str] = mapped_column(String(8))
    cost_points: Mapped[int] = mapped_column(Integer)
    points_won: Mapped[int] = mapped_column(Integer)
    budget_points: Mapped[int] = mapped_column(Integer)
    voucher_id: Mapped[str | None] = mapped_column(ForeignKey("vouchers.id"), nullable=True)
    # The spin's ledger entry (the cost; 0 points for a free spin).
    entry_id: Mapped[int] = mapped_column(ForeignKey("ledger_entries.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
