"""The provably fair draw ``hmac-sha256-v1`` and the published odds (pure functions).

1. Each store-day has a secret 32-byte seed (``secrets.token_bytes``: the operating system's
   CSPRNG); ``seed_hash = hex(SHA-256(seed))`` is published before the day starts and the seed
   after it ends.
2. ``number = int.from_bytes(HMAC-SHA256(key=seed, msg=UTF-8("<draw_id>:<nonce>"))[:8], "big")``.
3. ``weights`` are the day's effective weights in wheel order; ``total = sum(weights)``.
4. ``x = (number * total) >> 64`` (so ``0 <= x < total``); the winner is the first segment whose
   running weight sum exceeds ``x``.

The kiosk's reference (``kiosk.core.wheel.fairness``) implements the same; the tests check both
against the published test vector. Kept free of the database so the audit and the chi-square
test use exactly what the API uses.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from typing import Final

ALGORITHM: Final = "hmac-sha256-v1"
SEED_BYTES: Final = 32
PPM: Final = 1_000_000
# Weights add up to less than this, so number * total fits the documented 96-bit product.
MAX_TOTAL_WEIGHT: Final = 2**32


def new_seed() -> bytes:
    return secrets.token_bytes(SEED_BYTES)


def seed_hash(seed: bytes) -> str:
    return hashlib.sha256(seed).hexdigest()


def draw_number(seed: bytes, draw_id: str, nonce: int) -> int:
    mac = hmac.new(seed, f"{draw_id}:{nonce}".encode(), hashlib.sha256).digest()
    return int.from_bytes(mac[:8], "big")


def index_for(number: int, weights: Sequence[int]) -> int:
    """The segment that ``number`` (0 <= number < 2**64) lands on for these weights."""
    total = sum(weights)
    if total <= 0 or total >= MAX_TOTAL_WEIGHT or any(w < 0 for w in weights):
        raise ValueError("weights must be >= 0 and add up to 1 .. 2**32 - 1")
    if not 0 <= number < 2**64:
        raise ValueError("the draw number is a 64-bit unsigned integer")
    x = (number * total) >> 64
    running = 0
    for index, weight in enumerate(weights):
        running += weight
        if x < running:
            return index
    raise AssertionError("unreachable: x < total")  # pragma: no cover


def draw_index(seed: bytes, draw_id: str, nonce: int, weights: Sequence[int]) -> int:
    return index_for(draw_number(seed, draw_id, nonce), weights)


def effective_weights(weights: Sequence[int], unavailable: set[int], fallback: int) -> list[int]:
    """An unavailable segment's weight moves to the fallback segment; its own becomes 0."""
    if fallback in unavailable:
        raise ValueError("the fallback segment is never unavailable")
    moved = [0 if i in unavailable else w for i, w in enumerate(weights)]
    moved[fallback] += sum(weights[i] for i in unavailable)
    return moved


def probability_ppm(weights: Sequence[int]) -> list[int]:
    """Chances in parts per million adding up to exactly 1,000,000: ``floor(w * 10^6 / total)``,
    then the remaining ppm one each to the largest remainders (ties: wheel order)."""
    total = sum(weights)
    if total <= 0:
        raise ValueError("weights add up to 0")
    floors = [w * PPM // total for w in weights]
    remainders = [w * PPM % total for w in weights]
    left = PPM - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for i in order[:left]:
        floors[i] += 1
    return floors
