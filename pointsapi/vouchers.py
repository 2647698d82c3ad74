"""Voucher codes: ``V1.<b64url payload>.<b64url Ed25519 signature>``.

Payload (compact JSON): ``{"id": voucher_id, "kid": key id, "s": store_id, "k": kind,
"val": value_minor, "due": cash_due_minor, "exp": expires_unix, "i": item code or null}``.
A till verifies the signature offline with the public key of ``kid``
(``GET /v1/public/voucher-keys``); redemption itself is online, so a voucher redeems once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeGuard

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from pointsapi import signed
from pointsapi.models import SigningKey

PREFIX = "V1"


@dataclass(frozen=True)
class VoucherClaims:
    voucher_id: str
    kid: str
    store_id: str
    kind: str
    value_minor: int
    cash_due_minor: int
    expires_unix: int
    item_code: str | None


def active_key(session: Session) -> SigningKey:
    key = session.scalar(
        select(SigningKey).where(SigningKey.active.is_(True)).order_by(SigningKey.created_at.desc())
    )
    if key is None:  # created by migration 0002
        raise RuntimeError("no active voucher signing key; run 'pointsapi migrate'")
    return key


def sign_voucher(key: SigningKey, claims: VoucherClaims) -> str:
    payload: dict[str, Any] = {
        "id": claims.voucher_id,
        "kid": claims.kid,
        "s": claims.store_id,
        "k": claims.kind,
        "val": claims.value_minor,
        "due": claims.cash_due_minor,
        "exp": claims.expires_unix,
        "i": claims.item_code,
    }
    text = f"{PREFIX}.{signed.encode_payload(payload)}"
    signature = Ed25519PrivateKey.from_private_bytes(key.private_key).sign(text.encode())
    return f"{text}.{signed.b64encode(signature)}"


def verify_voucher(public_keys: dict[str, bytes], token: str) -> VoucherClaims:
    """Claims of a voucher whose signature verifies, else :class:`signed.Malformed`."""
    text, payload, signature = signed.split(token, PREFIX)
    kid = payload.get("kid")
    if not isinstance(kid, str) or kid not in public_keys:
        raise signed.Malformed("unknown key")
    try:
        Ed25519PublicKey.from_public_bytes(public_keys[kid]).verify(signature, text.encode())
    except InvalidSignature as exc:
        raise signed.Malformed("bad signature") from exc
    vid, store, kind = payload.get("id"), payload.get("s"), payload.get("k")
    value, due, exp, item = (
        payload.get("val"),
        payload.get("due"),
        payload.get("exp"),
        payload.get("i"),
    )
    if not (
        isinstance(vid, str)
        and isinstance(store, str)
        and isinstance(kind, str)
        and _is_int(value)
        and _is_int(due)
        and _is_int(exp)
        and (item is None or isinstance(item, str))
    ):
        raise signed.Malformed("payload fields")
    return VoucherClaims(
        voucher_id=vid,
        kid=kid,
        store_id=store,
        kind=kind,
        value_minor=value,
        cash_due_minor=due,
        expires_unix=exp,
        item_code=item,
    )


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def public_keys(session: Session) -> dict[str, bytes]:
    return {k.kid: k.public_key for k in session.scalars(select(SigningKey))}


def expires_unix(instant: datetime) -> int:
    return int(instant.timestamp())
