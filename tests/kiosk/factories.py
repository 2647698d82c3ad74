"""Member summaries and API answers for kiosk tests (shapes from docs/api.md)."""

from __future__ import annotations

from typing import Any


def summary_json(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "member_id": "m_1",
        "member_no_masked": "1****1",
        "display_name": "L** W.",
        "balance": 12345,
        "tier": {"code": "silver", "name": {"en": "Silver", "zh": "银卡"}},
        "next_tier": {"code": "gold", "name": {"en": "Gold", "zh": "金卡"}, "points_needed": 655},
        "qualifying_points": 4345,
        "tier_progress": 0.87,
        "expiring": {"points": 300, "on": "2026-12-31"},
        "checked_in_today": False,
        "spins_left": 1,
        "language": "zh",
    }
    data.update(overrides)
    return data


def identified_json(can_spend: bool = True, **overrides: Any) -> dict[str, Any]:
    return {
        "member": summary_json(**overrides),
        "session": {
            "token": "sess-1",
            "expires_at": "2026-11-22T10:00:00Z",
            "can_spend": can_spend,
            "via": "code" if can_spend else "card",
        },
    }
