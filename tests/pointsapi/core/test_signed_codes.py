"""Signed codes have one spelling: the unused bits of a base64url segment's last character
cannot make another string that verifies as the same voucher or receipt."""

from __future__ import annotations

import base64
import binascii
from datetime import timedelta

import pytest

from pointsapi.core import signing as signed
from pointsapi.ledger import receipts
from tests.pointsapi.conftest import Api, problem, session_headers, till_headers

_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def _same_bytes_spellings(segment: str) -> list[str]:
    """Every other string whose base64url decoding equals ``segment``'s."""
    raw = signed.b64decode(segment)
    others = []
    for char in _ALPHABET:
        candidate = segment[:-1] + char
        if candidate == segment:
            continue
        try:
            decoded = base64.urlsafe_b64decode(candidate + "=" * (-len(candidate) % 4))
        except (binascii.Error, ValueError):
            continue
        if decoded == raw:
            others.append(candidate)
    return others


def test_only_the_canonical_spelling_decodes() -> None:
    raw = bytes(range(64))  # an Ed25519 signature's length: 86 characters, 4 unused bits
    text = signed.b64encode(raw)
    variants = _same_bytes_spellings(text)
    assert len(variants) == 15
    assert signed.b64decode(text) == raw
    for variant in variants:
        with pytest.raises(signed.Malformed, match="canonical"):
            signed.b64decode(variant)


def test_a_voucher_code_with_another_spelling_is_refused_at_the_till(api: Api) -> None:
    resp = api.post("/v1/kiosk/redeem", {"item_code": "cash-5"}, headers=session_headers(api, 0))
    assert resp.status_code == 200, resp.text
    code = resp.json()["voucher"]["code"]
    prefix, payload, sig = code.split(".")
    variants = [f"{prefix}.{payload}.{s}" for s in _same_bytes_spellings(sig)]
    variants += [f"{prefix}.{p}.{sig}" for p in _same_bytes_spellings(payload)]
    assert len(variants) >= 15
    till = till_headers(api)
    for variant in variants:
        problem(
            api.post("/v1/till/vouchers/redeem", {"code": variant}, headers=till),
            422,
            "voucher_invalid",
        )
    ok = api.post("/v1/till/vouchers/redeem", {"code": code}, headers=till)
    assert ok.status_code == 200, ok.text


def test_a_receipt_with_another_spelling_earns_nothing(api: Api) -> None:
    till = till_headers(api)
    key_resp = api.http.get("/v1/till/receipt-key", headers=till)
    key = signed.b64decode(key_resp.json()["key"])
    data = receipts.ReceiptData(
        api.demo["store_id"], "S-1", 5_000, "cash", api.clock.now() - timedelta(hours=1)
    )
    token = receipts.sign_receipt(key, data)
    prefix, payload, mac = token.split(".")
    variants = [f"{prefix}.{payload}.{m}" for m in _same_bytes_spellings(mac)]
    assert len(variants) == 3  # 32-byte HMAC: 43 characters, 2 unused bits
    headers = session_headers(api, 2, by_card=True)
    for variant in variants:
        resp = api.post("/v1/kiosk/receipts/claim", {"receipt": variant}, headers=headers)
        problem(resp, 422, "receipt_invalid")
    first = api.post("/v1/kiosk/receipts/claim", {"receipt": token}, headers=headers)
    assert first.status_code == 200, first.text
