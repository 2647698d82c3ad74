"""Members' mobile numbers, one-time codes sent to phones, member web app sessions.

Revision ID: 0007
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("members", sa.Column("phone", sa.String(length=16), nullable=True))
    op.create_index("ix_members_phone", "members", ["phone"], unique=True)
    op.create_table(
        "phone_challenges",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("phone", sa.String(length=16), nullable=False),
        sa.Column("client_hash", sa.String(length=64), nullable=False),
        sa.Column("code_salt", sa.LargeBinary(length=16), nullable=False),
        sa.Column("code_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("store_id", sa.String(length=32), nullable=True),
        sa.Column("referrer_no", sa.String(length=20), nullable=True),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("consumed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index("ix_phone_challenges_phone", "phone_challenges", ["phone"])
    op.create_index("ix_phone_challenges_client_hash", "phone_challenges", ["client_hash"])
    op.create_index("ix_phone_challenges_created_at", "phone_challenges", ["created_at"])
    op.create_table(
        "member_web_sessions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("member_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index("ix_member_web_sessions_member_id", "member_web_sessions", ["member_id"])


def downgrade() -> None:
    op.drop_index("ix_member_web_sessions_member_id", table_name="member_web_sessions")
    op.drop_table("member_web_sessions")
    op.drop_index("ix_phone_challenges_created_at", table_name="phone_challenges")
    op.drop_index("ix_phone_challenges_client_hash", table_name="phone_challenges")
    op.drop_index("ix_phone_challenges_phone", table_name="phone_challenges")
    op.drop_table("phone_challenges")
    op.drop_index("ix_members_phone", table_name="members")
    with op.batch_alter_table("members") as batch:
        batch.drop_column("phone")
