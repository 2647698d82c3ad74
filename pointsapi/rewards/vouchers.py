"""Voucher codes: ``V1.<b64url payload>.<b64url Ed25519 signature>`` (146 ASCII characters).

The payload is 42 bytes, big-endian, so the QR code stays small (version 7 at level M):

| bytes | field |
| --- | --- |
| 1 | format version (1) |
| 4 | signing key id (``kid``, 8 hex digits) |
| 8 | voucher id (the 16 hex digits of ``v_...``) |
| 8 | issuing store id (the 16 hex digits of ``s_...``) |
| 1 | kind: 0 voucher, 1 gift, 2 service, 3 deal, 4 cash |
| 8 | cash value, minor units |
| 8 | cash due at the till (points + cash deals), minor units |
| 4 | expiry, Unix seconds |

The signature covers the ASCII text ``V1.<b64url payload>``. A till verifies it offline with the
public key of ``kid`` (``GET /v1/public/voucher-keys``); redemption itself is online, so a
voucher redeems once.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from pointsapi.core import signing
from pointsapi.core.tokens import new_id
from pointsapi.ledger.models import LedgerEntry
from pointsapi.members.models import Member
from pointsapi.rewards.models import CatalogueItem, SigningKey, Voucher
from pointsapi.stores.models import Store

PREFIX = "V1"
VERSION = 1
KINDS = ("voucher", "gift", "service", "deal", "cash")
_LAYOUT = struct.Struct(">B4s8s8sBQQI")
_ID = re.compile(r"^(?P<prefix>[a-z])_(?P<hex>[0-9a-f]{16})$")
_KID = re.compile(r"^[0-9a-f]{8}$")


@dataclass(frozen=True)
class VoucherClaims:
    voucher_id: str
    kid: str
    store_id: str
    kind: str
    value_minor: int
    cash_due_minor: int
    expires_unix: int


def _id_bytes(value: str, prefix: str) -> bytes:
    match = _ID.match(value)
    if match is None or match["prefix"] != prefix:
        raise ValueError(f"{value!r} is not a {prefix}_ id")
    return bytes.fromhex(match["hex"])


def active_key(session: Session) -> SigningKey:
    key = session.scalar(
        select(SigningKey).where(SigningKey.active.is_(True)).order_by(SigningKey.created_at.desc())
    )
    if key is None:  # created by migration 0002
        raise RuntimeError("no active voucher signing key; run 'pointsapi migrate'")
    return key


def sign_voucher(key: SigningKey, claims: VoucherClaims) -> str:
    if not _KID.match(claims.kid):
        raise ValueError("kid must be 8 hex digits")
    payload = _LAYOUT.pack(
        VERSION,
        bytes.fromhex(claims.kid),
        _id_bytes(claims.voucher_id, "v"),
        _id_bytes(claims.store_id, "s"),
        KINDS.index(claims.kind),
        claims.value_minor,
        claims.cash_due_minor,
        claims.expires_unix,
    )
    text = f"{PREFIX}.{signing.b64encode(payload)}"
    signature = Ed25519PrivateKey.from_private_bytes(key.private_key).sign(text.encode())
    return f"{text}.{signing.b64encode(signature)}"


def verify_voucher(public_keys: dict[str, bytes], token: str) -> VoucherClaims:
    """Claims of a voucher whose signature verifies, else :class:`signing.Malformed`."""
    parts = token.strip().split(".")
    if len(parts) != 3 or parts[0] != PREFIX:
        raise signing.Malformed("not a V1 voucher")
    payload = signing.b64decode(parts[1])
    signature = signing.b64decode(parts[2])
    if len(payload) != _LAYOUT.size:
        raise signing.Malformed("payload size")
    version, kid_raw, vid, store, kind, value, due, expires = _LAYOUT.unpack(payload)
    kid = kid_raw.hex()
    if version != VERSION or kind >= len(KINDS) or kid not in public_keys:
        raise signing.Malformed("unknown version, kind or key")
    try:
        Ed25519PublicKey.from_public_bytes(public_keys[kid]).verify(
            signature, f"{parts[0]}.{parts[1]}".encode()
        )
    except InvalidSignature as exc:
        raise signing.Malformed("bad signature") from exc
    return VoucherClaims(
        voucher_id=f"v_{vid.hex()}",
        kid=kid,
        store_id=f"s_{store.hex()}",
        kind=KINDS[kind],
        value_minor=value,
        cash_due_minor=due,
        expires_unix=expires,
    )


def signing_keys(session: Session) -> list[SigningKey]:
    """Every voucher signing key, oldest first (tills verify with their public halves)."""
    return list(session.scalars(select(SigningKey).order_by(SigningKey.created_at)))


def public_keys(session: Session) -> dict[str, bytes]:
    return {k.kid: k.public_key for k in session.scalars(select(SigningKey))}


def expires_unix(instant: datetime) -> int:
    return int(instant.timestamp())


def issue(
    session: Session,
    *,
    member: Member,
    store: Store,
    item: CatalogueItem | None,
    kind: str,
    points: int,
    value_minor: int,
    cash_due_minor: int,
    valid_days: int,
    spend: LedgerEntry,
    now: datetime,
) -> Voucher:
    """Sign and store a voucher for what ``spend`` paid: a redemption, points as cash or a
    prize slip of the wheel (then ``points`` is what the spin cost, so voiding the slip returns
    it as voiding a redemption does). The item's own end date caps the voucher's."""
    key = active_key(session)
    voucher_id = new_id("v")
    expires_at = now + timedelta(days=valid_days)
    if item is not None and item.valid_until is not None:
        expires_at = min(expires_at, item.valid_until)
    code = sign_voucher(
        key,
        VoucherClaims(
            voucher_id=voucher_id,
            kid=key.kid,
            store_id=store.id,
            kind=kind,
            value_minor=value_minor,
            cash_due_minor=cash_due_minor,
            expires_unix=expires_unix(expires_at),
        ),
    )
    voucher = Voucher(
        id=voucher_id,
        member_id=member.id,
        store_id=store.id,
        item_id=item.id if item else None,
        kind=kind,
        points=points,
        value_minor=value_minor,
        cash_due_minor=cash_due_minor,
        state="issued",
        kid=key.kid,
        code=code,
        issued_at=now,
        expires_at=expires_at,
        spend_entry_id=spend.id,
    )
    session.add(voucher)
    session.flush()
    return voucher
