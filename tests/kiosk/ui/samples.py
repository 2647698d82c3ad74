"""Wheel configs and spin answers shaped like the API's (docs/lottery.md), for tests and benches."""

from __future__ import annotations

import hashlib
from typing import Any

PPM = 1_000_000

# Distinct, saturated colours (neighbours differ clearly, so the colour under the pointer tells
# the segment apart in screenshots).
PALETTE = [
    "#E4572E", "#17BEBB", "#FFC914", "#2E86AB", "#76B041", "#A23B72", "#F18F01", "#3B1F2B",
    "#C73E1D", "#1B998B", "#F46036", "#5B5F97", "#9BC53D", "#E55934", "#00A6ED", "#7D4E57",
]  # fmt: skip

PRIZES: list[tuple[str, dict[str, Any], dict[str, str]]] = [
    ("points", {"points": 50}, {"en": "50 points", "zh": "50 积分"}),
    ("thanks", {}, {"en": "Thanks for playing", "zh": "谢谢参与"}),
    ("voucher", {"name": {"en": "10 off coffee", "zh": "咖啡立减10元"}},
     {"en": "Coffee ¥10 off", "zh": "咖啡立减10元"}),
    ("points", {"points": 200}, {"en": "200 points", "zh": "200 积分"}),
    ("gift", {"name": {"en": "Tote bag", "zh": "帆布袋"}}, {"en": "Tote bag", "zh": "帆布袋"}),
    ("points", {"points": 10}, {"en": "10 points", "zh": "10 积分"}),
    ("gift", {"name": {"en": "Mug", "zh": "马克杯"}}, {"en": "Mug", "zh": "马克杯"}),
    ("points", {"points": 1000}, {"en": "1000 points", "zh": "1000 积分"}),
]  # fmt: skip

SEED = b"demo store-day seed"
SEED_HASH = hashlib.sha256(SEED).hexdigest()


def ppm_shares(weights: list[int]) -> list[int]:
    """Largest-remainder rounding of weight shares to parts per million (the documented method)."""
    total = sum(weights)
    exact = [w * PPM / total for w in weights]
    shares = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in order[: PPM - sum(shares)]:
        shares[i] += 1
    return shares


def wheel_json(
    n: int = 8,
    *,
    out_of_stock: tuple[int, ...] = (),
    version: int = 3,
    with_offer: bool = True,
    weights: list[int] | None = None,
) -> dict[str, Any]:
    """A valid wheel of ``n`` segments; segment 1 ("thanks") is the fallback."""
    base_weights = weights or [10 + 7 * (i % 5) for i in range(n)]
    segments: list[dict[str, Any]] = []
    for i in range(n):
        kind, prize, label = PRIZES[i % len(PRIZES)]
        if kind in ("points",) and i >= len(PRIZES):
            prize = {"points": prize["points"] + i}
            label = {"en": f"{prize['points']} points", "zh": f"{prize['points']} 积分"}
        segments.append(
            {
                "id": f"seg-{i}",
                "label": label,
                "colour": PALETTE[i],
                "image": None,
                "kind": kind,
                "prize": prize or None,
                "weight": base_weights[i],
                "out_of_stock": False,
                "prints": kind in ("voucher", "gift"),
            }
        )
    fallback = 1
    for i in out_of_stock:
        assert segments[i]["kind"] in ("gift", "voucher")
        segments[fallback]["weight"] += segments[i]["weight"]
        segments[i]["weight"] = 0
        segments[i]["out_of_stock"] = True
    for segment, share in zip(segments, ppm_shares([s["weight"] for s in segments]), strict=True):
        segment["probability_ppm"] = share
    wheel: dict[str, Any] = {
        "wheel_id": "wheel-demo",
        "version": version,
        "segments": segments,
        "fallback_segment_id": "seg-1",
        "spin_cost_points": 100,
        "daily_limit": 3,
        "fairness": {
            "store_day": "2026-11-22",
            "seed_hash": SEED_HASH,
            "algorithm": "hmac-sha256-v1",
        },
    }
    if with_offer:
        wheel["offer"] = {
            "cost_points": 0,
            "free_spins_left": 1,
            "spins_left_today": 3,
            "balance": 1250,
        }
    return wheel


def spin_json(wheel: dict[str, Any], segment_index: int) -> dict[str, Any]:
    """The server's answer for a draw that landed on ``segment_index``."""
    segment = wheel["segments"][segment_index]
    kind = segment["kind"]
    voucher = {
        "voucher_id": "v_7Hq2",
        "code": "V1.eyJ2IjoxfQ.c2ln",
        "kind": kind,
        "state": "issued",
        "item_code": None,
        "name": (segment["prize"] or {}).get("name", segment["label"]),
        "points": 0,
        "value_minor": 1000,
        "cash_due_minor": 0,
        "currency": "CNY",
        "issued_at": "2026-11-22T05:12:09Z",
        "expires_at": "2026-12-22T15:59:59Z",
        "redeemed_at": None,
    }
    return {
        "draw_id": "d_Zm9vYmFyYmF6cXV4MTIz",
        "wheel_version": wheel["version"],
        "store_day": wheel["fairness"]["store_day"],
        "segment_id": segment["id"],
        "kind": kind,
        "points_won": segment["prize"]["points"] if kind == "points" else 0,
        "voucher": voucher if kind in ("voucher", "gift") else None,
        "seed_hash": wheel["fairness"]["seed_hash"],
        "nonce": 17,
        "paid_with": "free",
        "cost_points": 0,
        "balance_after": 1250,
        "offer": {"cost_points": 100, "free_spins_left": 0, "spins_left_today": 2, "balance": 1250},
        "member": {"member_id": "m_1", "balance": 1250, "spins_left": 2},
        "created_at": "2026-11-22T05:12:09Z",
    }
