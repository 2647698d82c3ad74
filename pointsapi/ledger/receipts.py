"""Receipt QR codes: ``R1.<b64url payload>.<b64url HMAC-SHA256>`` signed with the store's key.

Payload (compact JSON): ``{"s": store_id, "r": receipt_no, "a": amount_minor,
"p": payment_method, "t": purchased_at_unix_seconds}``. The till holds the store's receipt key
(``GET /v1/till/receipt-key``) and signs with :func:`sign_receipt`; the API verifies the HMAC,
so a forged or altered receipt is refused.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pointsapi.core import signing

PREFIX = "R1"


@dataclass(frozen=True)
class ReceiptData:
    store_id: str
    receipt_no: str
    amount_minor: int
    payment_method: str
    purchased_at: datetime


def sign_receipt(key: bytes, data: ReceiptData) -> str:
    payload = {
        "s": data.store_id,
        "r": data.receipt_no,
        "a": data.amount_minor,
        "p": data.payment_method,
        "t": int(data.purchased_at.timestamp()),
    }
    text = f"{PREFIX}.{signing.encode_payload(payload)}"
    return f"{text}.{signing.b64encode(hmac.new(key, text.encode(), hashlib.sha256).digest())}"


def peek_store(token: str) -> str:
    """The store a receipt claims to come from (unverified: only to pick the key)."""
    _, payload, _ = signing.split(token, PREFIX)
    store = payload.get("s")
    if not isinstance(store, str):
        raise signing.Malformed("no store")
    return store


def verify_receipt(key: bytes, token: str) -> ReceiptData:
    """The receipt data if the HMAC is right, else :class:`signing.Malformed`."""
    text, payload, signature = signing.split(token, PREFIX)
    expected = hmac.new(key, text.encode(), hashlib.sha256).digest()
    if not hmac.compare_digest(expected, signature):
        raise signing.Malformed("bad signature")
    return _parse(payload)


def _parse(payload: dict[str, Any]) -> ReceiptData:
    store, receipt_no = payload.get("s"), payload.get("r")
    amount, method, ts = payload.get("a"), payload.get("p"), payload.get("t")
    if not (
        isinstance(store, str)
        and isinstance(receipt_no, str)
        and 0 < len(receipt_no) <= 64
        and isinstance(amount, int)
        and not isinstance(amount, bool)
        and isinstance(method, str)
        and 0 < len(method) <= 32
        and isinstance(ts, int)
        and not isinstance(ts, bool)
        and 0 <= ts < 2**33
    ):
        raise signing.Malformed("payload fields")
    return ReceiptData(store, receipt_no, amount, method, datetime.fromtimestamp(ts, UTC))
