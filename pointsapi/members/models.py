"""Tables of members: accounts, cards, app tokens, kiosk sessions, code steps, referrals, PINs,
the one-time codes sent to phones and the member web app's sessions."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from pointsapi.core.base import Base, UTCDateTime


class Member(Base):
    __tablename__ = "members"
    # A unique index rather than a constraint: adding it needs no table rebuild on SQLite.
    __table_args__ = (Index("ix_members_phone", "phone", unique=True),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    member_no: Mapped[str] = mapped_column(String(20), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    # Mobile number in E.164 (pointsapi.core.phone); None for members made by an admin and for
    # erased accounts. Shown only masked (core.masking.mask_phone), never logged.
    phone: Mapped[str | None] = mapped_column(String(16), nullable=True)
    preferred_language: Mapped[str] = mapped_column(String(5), default="zh")
    # Per-member secret of the rotating code; never leaves the API.
    code_secret: Mapped[bytes] = mapped_column(LargeBinary(32))
    # active | blocked | erased (personal data removed, ledger kept under the opaque id)
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


class Referral(Base):
    """One per new member: the referral bonus is paid once."""

    __tablename__ = "referrals"

    new_member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), primary_key=True)
    referrer_id: Mapped[str] = mapped_column(ForeignKey("members.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


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


class PhoneChallenge(Base):
    """A one-time code sent to a phone (join or sign in), and what the person asked for.

    The code is stored only as HMAC-SHA256 under a per-row salt; the row dies after
    ``attempts`` wrong entries or at ``expires_at``. Once verified it grants one thing: a
    session for an existing member, or finishing the join (``grant_hash``).
    """

    __tablename__ = "phone_challenges"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    # The browser holds a random token; only its SHA-256 is stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    phone: Mapped[str] = mapped_column(String(16), index=True)
    # SHA-256 of the client address: the per-address send limit counts these.
    client_hash: Mapped[str] = mapped_column(String(64), index=True)
    code_salt: Mapped[bytes] = mapped_column(LargeBinary(16))
    code_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    failures: Mapped[int] = mapped_column(Integer, default=0)
    # What the join form carried (used only if the number has no member yet).
    full_name: Mapped[str] = mapped_column(String(200), default="")
    store_id: Mapped[str | None] = mapped_column(ForeignKey("stores.id"), nullable=True)
    referrer_no: Mapped[str | None] = mapped_column(String(20), nullable=True)
    language: Mapped[str] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    consumed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class MemberWebSession(Base):
    """A phone signed in to the member web app (cookie ``mw_session``; SHA-256 stored)."""

    __tablename__ = "member_web_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
