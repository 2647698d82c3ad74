"""MemberSummary: masking, balance from lots, tiers, progress, expiring points."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.pointsapi.conftest import Api


def _summary(api: Api, index: int) -> dict[str, Any]:
    resp = api.identify(api.member(index)["card_number"])
    assert resp.status_code == 200, resp.text
    member_id, token = resp.json()["member"]["member_id"], resp.json()["session"]["token"]
    again = api.http.get(
        f"/v1/kiosk/members/{member_id}/summary",
        headers=api.kiosk_headers | {"X-Member-Session": token},
    )
    assert again.status_code == 200
    assert again.json() == resp.json()["member"]
    body: dict[str, Any] = again.json()
    return body


def test_member_close_to_the_next_tier(api: Api) -> None:
    s = _summary(api, 0)
    assert s["member_no_masked"] == "1****1"
    assert s["display_name"] == "L** W."
    assert s["balance"] == 3650 == api.member(0)["balance"]
    assert s["tier"] == {"code": "silver", "name": {"en": "Silver", "zh": "银卡"}}
    assert s["next_tier"] == {
        "code": "gold",
        "name": {"en": "Gold", "zh": "金卡"},
        "points_needed": 200,
    }
    assert s["qualifying_points"] == 4800
    assert s["tier_progress"] == 0.96
    assert s["expiring"] is None
    assert s["checked_in_today"] is False
    assert s["spins_left"] == 1
    assert s["language"] == "en"


def test_member_with_points_expiring_soon(api: Api) -> None:
    s = _summary(api, 1)
    assert s["display_name"] == "李**"
    assert s["language"] == "zh"
    assert s["tier"]["code"] == "gold"
    assert s["balance"] == 3850
    # The 300-point promotional lot earned 78 days ago with a 90-day life.
    assert s["expiring"] == {"points": 300, "on": "2026-03-22"}


def test_expired_lot_leaves_the_balance_without_touching_other_points(api: Api) -> None:
    api.clock.advance(timedelta(days=13))
    s = _summary(api, 1)
    assert s["balance"] == 3550
    assert s["expiring"] is None
    # Qualifying points are not reduced by expiry.
    # Only purchases qualify (not the registration bonus or the promotion); expiry does not
    # reduce qualifying points.
    assert s["qualifying_points"] == 6500
    assert s["tier"]["code"] == "gold"


def test_new_member(api: Api) -> None:
    s = _summary(api, 2)
    assert s["tier"]["code"] == "bronze"
    assert s["balance"] == 120
    assert s["next_tier"]["points_needed"] == 930
    assert 0 <= s["tier_progress"] < 1
