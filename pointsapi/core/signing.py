"""The signed-token wire format shared by receipts and vouchers: ``<P>.<b64 payload>.<b64 sig>``.

``b64`` is unpadded base64url; the payload is compact JSON; the signature covers the ASCII text
``<P>.<b64 payload>`` (prefix included, so a receipt can never pass as a voucher).
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any


class Malformed(ValueError):
    """Not a well-formed signed token."""


def b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def b64decode(text: str) -> bytes:
    if not text or any(c not in _B64_CHARS for c in text):
        raise Malformed("not base64url")
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise Malformed("not base64url") from exc
    # The last character of unpadded base64 can carry bits that decoding throws away, so up to
    # 16 strings decode to the same bytes. Only the one we would write is accepted: a signed
    # code has exactly one spelling, and a till or a journal can compare codes as text.
    if b64encode(raw) != text:
        raise Malformed("not canonical base64url")
    return raw


_B64_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def encode_payload(payload: dict[str, Any]) -> str:
    return b64encode(json.dumps(payload, separators=(",", ":"), sort_keys=True).encode())


def split(token: str, prefix: str) -> tuple[str, dict[str, Any], bytes]:
    """``(signed_text, payload, signature)`` of a token, or :class:`Malformed`."""
    parts = token.strip().split(".")
    if len(parts) != 3 or parts[0] != prefix:
        raise Malformed(f"not a {prefix} token")
    payload_raw = b64decode(parts[1])
    signature = b64decode(parts[2])
    try:
        payload = json.loads(payload_raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise Malformed("payload is not JSON") from exc
    if not isinstance(payload, dict):
        raise Malformed("payload is not an object")
    return f"{parts[0]}.{parts[1]}", payload, signature
