"""Lottery wheel: wheels, segments, daily seeds, draws.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "wheels",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("store_id", sa.String(length=32), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("state_key", sa.String(length=64), nullable=False),
        sa.Column("spin_cost_points", sa.Integer(), nullable=False),
        sa.Column("daily_limit", sa.Integer(), nullable=False),
        sa.Column("daily_budget_points", sa.Integer(), nullable=True),
        sa.Column("fallback_segment_id", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("store_id"),
    )
    op.create_table(
        "wheel_segments",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("wheel_id", sa.String(length=32), nullable=False),
        sa.Column("segment_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("label_en", sa.String(length=24), nullable=False),
        sa.Column("label_zh", sa.String(length=24), nullable=False),
        sa.Column("colour", sa.String(length=7), nullable=False),
        sa.Column("image_asset", sa.String(length=80), nullable=True),
        sa.Column("image_url", sa.String(length=500), nullable=True),
        sa.Column("image_sha256", sa.String(length=64), nullable=True),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=True),
        sa.Column("item_id", sa.String(length=32), nullable=True),
        sa.Column("budget_points", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["catalogue_items.id"]),
        sa.ForeignKeyConstraint(["wheel_id"], ["wheels.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("wheel_id", "position", name="uq_wheel_segment_position"),
        sa.UniqueConstraint("wheel_id", "segment_id", name="uq_wheel_segment_id"),
    )
    op.create_table(
        "lottery_days",
        sa.Column("store_id", sa.String(length=32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("seed", sa.LargeBinary(length=32), nullable=False),
        sa.Column("seed_hash", sa.String(length=64), nullable=False),
        sa.Column("draw_count", sa.Integer(), nullable=False),
        sa.Column("budget_used", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"]),
        sa.PrimaryKeyConstraint("store_id", "day"),
    )
    op.create_table(
        "lottery_draws",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("store_id", sa.String(length=32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("nonce", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.String(length=32), nullable=False),
        sa.Column("kiosk_id", sa.String(length=32), nullable=False),
        sa.Column("idempotency_key", sa.String(length=128), nullable=False),
        sa.Column("wheel_id", sa.String(length=32), nullable=False),
        sa.Column("wheel_version", sa.Integer(), nullable=False),
        sa.Column("algorithm", sa.String(length=32), nullable=False),
        sa.Column("segment_ids_json", sa.Text(), nullable=False),
        sa.Column("weights_json", sa.Text(), nullable=False),
        sa.Column("number_hex", sa.String(length=16), nullable=False),
        sa.Column("segment_index", sa.Integer(), nullable=False),
        sa.Column("segment_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("paid_with", sa.String(length=8), nullable=False),
        sa.Column("cost_points", sa.Integer(), nullable=False),
        sa.Column("points_won", sa.Integer(), nullable=False),
        sa.Column("budget_points", sa.Integer(), nullable=False),
        sa.Column("voucher_id", sa.String(length=32), nullable=True),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["entry_id"], ["ledger_entries.id"]),
        sa.ForeignKeyConstraint(["kiosk_id"], ["kiosks.id"]),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"]),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"]),
        sa.ForeignKeyConstraint(["voucher_id"], ["vouchers.id"]),
        sa.ForeignKeyConstraint(["wheel_id"], ["wheels.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("store_id", "day", "nonce", name="uq_lottery_draw_nonce"),
    )
    with op.batch_alter_table("lottery_draws", schema=None) as batch_op:
        batch_op.create_index(
            "ix_lottery_draws_member_day", ["member_id", "store_id", "day"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("lottery_draws", schema=None) as batch_op:
        batch_op.drop_index("ix_lottery_draws_member_day")
    op.drop_table("lottery_draws")
    op.drop_table("lottery_days")
    op.drop_table("wheel_segments")
    op.drop_table("wheels")
