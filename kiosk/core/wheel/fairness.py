"""Provably fair draws (``hmac-sha256-v1``): the reference for ``docs/lottery.md``.

The kiosk never draws; it makes the draw id, and these functions let anyone (tests, the API's
implementation, a member with the revealed seed) check a draw.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Final

DRAW_ALGORITHM: Final = "hmac-sha256-v1"


def new_draw_id() -> str:
    """A draw id for the next spin, made by the kiosk before the first attempt (with the
    Idempotency-Key). The server cannot pick it, so it cannot try ids until one wins nothing."""
    return "d_" + secrets.token_urlsafe(16)


def draw_number(seed: bytes, draw_id: str, nonce: int) -> int:
    """HMAC-SHA256(seed, "<draw_id>:<nonce>"), first 8 bytes big-endian: 0 <= n < 2**64."""
    mac = hmac.new(seed, f"{draw_id}:{nonce}".encode(), hashlib.sha256).digest()
    return int.from_bytes(mac[:8], "big")


def effective_weights(weights: list[int], unavailable: set[int], fallback: int) -> list[int]:
    """Today's weights: an out-of-stock (or withdrawn) segment's weight moves to the fallback."""
    if fallback in unavailable:
        raise ValueError("the fallback segment cannot be unavailable")
    moved = [0 if i in unavailable else w for i, w in enumerate(weights)]
    moved[fallback] += sum(weights[i] for i in unavailable)
    return moved


def draw_index(seed: bytes, draw_id: str, nonce: int, weights: list[int]) -> int:
    """The segment a draw lands on: ``x = (number * total) >> 64`` picks a point in
    ``[0, total)`` without modulo bias worth the name; the first segment (in wheel order) whose
    running weight sum exceeds ``x`` wins. Segments with weight 0 can never win."""
    total = sum(weights)
    if total <= 0 or any(w < 0 for w in weights):
        raise ValueError("weights must be >= 0 and add up to more than 0")
    x = (draw_number(seed, draw_id, nonce) * total) >> 64
    running = 0
    for index, weight in enumerate(weights):
        running += weight
        if x < running:
            return index
    raise AssertionError("unreachable: x < total")  # pragma: no cover


def seed_hash(seed: bytes) -> str:
    return hashlib.sha256(seed).hexdigest()
