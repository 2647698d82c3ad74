"""Earning: till purchases, receipt QR claims, check-in streaks, registration and referral."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from pointsapi.core import signing
from pointsapi.ledger import receipts
from tests.pointsapi.conftest import (
    Api,
    admin_post,
    admin_put,
    problem,
    session_headers,
    summary,
    till_headers,
)


def _purchase(api: Api, till: dict[str, str], **overrides: Any) -> Any:
    body = {
        "receipt_no": "R-0001",
        "amount_minor": 12_345,
        "payment_method": "wechat_pay",
        "member": api.member(2)["card_number"],
    } | overrides
    return api.post("/v1/till/purchases", body, headers=till)


def test_purchase_earns_rate_times_tier_rounded_down(api: Api) -> None:
    till = till_headers(api)
    # Bronze (x1.00): 123.45 yuan at 1 point per yuan -> 123 points.
    resp = _purchase(api, till)
    assert resp.status_code == 200, resp.text
    assert resp.json()["points"] == 123
    assert resp.json()["balance"] == 120 + 123
    # Gold member (x1.25): 123.45 yuan -> floor(154.31) = 154.
    gold = _purchase(api, till, receipt_no="R-0002", member=api.member(1)["card_number"])
    assert gold.json()["points"] == 154


def test_all_payment_methods_earn_and_a_receipt_earns_once(api: Api) -> None:
    till = till_headers(api)
    for n, method in enumerate(("cash", "card", "alipay", "wechat_pay", "gift_card")):
        resp = _purchase(api, till, receipt_no=f"P-{n}", payment_method=method)
        assert resp.json()["points"] == 123, method
    problem(_purchase(api, till, receipt_no="P-0"), 409, "receipt_already_claimed")


def test_member_day_promotion_and_tier_targeting(api: Api) -> None:
    till = till_headers(api)
    # Demo: the 8th of every month is double points for everyone.
    on_8th = datetime(2026, 3, 8, 6, 0, tzinfo=UTC).isoformat()
    resp = _purchase(api, till, receipt_no="M-1", purchased_at=on_8th)
    assert resp.json()["points"] == 246
    # Wednesdays x3 for Gold and up only (2026-03-11 is a Wednesday).
    admin_post(
        api,
        "/v1/admin/promotions",
        {
            "name": "Gold Wednesday",
            "schedule": "weekday",
            "schedule_value": 3,
            "multiplier_pct": 300,
            "tier_codes": ["gold", "platinum", "diamond"],
            "starts_on": "2026-01-01",
        },
    )
    api.clock.set(datetime(2026, 3, 11, 4, 0, tzinfo=UTC))
    bronze = _purchase(api, till, receipt_no="W-1")
    gold = _purchase(api, till, receipt_no="W-2", member=api.member(1)["card_number"])
    assert bronze.json()["points"] == 123
    # Rounded once, at the end: 123.45 x 1.25 x 3 = 462.9 -> 462 (not 123 x 1.25 x 3 = 461).
    assert gold.json()["points"] == 462


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("amount_minor", -5, "validation_error"),
        ("amount_minor", 0, "validation_error"),
        ("amount_minor", 10**15, "validation_error"),
        ("amount_minor", "12", "validation_error"),
        ("amount_minor", 1.5, "validation_error"),
        ("payment_method", "", "validation_error"),
        ("receipt_no", "has space", "validation_error"),
    ],
)
def test_bad_purchases_are_refused(api: Api, field: str, value: Any, code: str) -> None:
    till = till_headers(api)
    problem(_purchase(api, till, **{field: value}), 422, code)


def test_purchase_domain_refusals(api: Api) -> None:
    till = till_headers(api)
    problem(_purchase(api, till, member="0009999999"), 404, "member_not_found")
    problem(_purchase(api, till, amount_minor=200_000_000), 422, "amount_out_of_range")
    future = (api.clock.now() + timedelta(hours=1)).isoformat()
    problem(_purchase(api, till, purchased_at=future), 422, "purchased_at_in_future")
    problem(
        _purchase(api, till, purchased_at="2026-03-10T10:00:00"), 422, "purchased_at_needs_offset"
    )
    # Only tills report purchases.
    problem(api.post("/v1/till/purchases", {}, headers=api.kiosk_headers), 403, "wrong_credential")


def _receipt_key(api: Api, till: dict[str, str]) -> bytes:
    resp = api.http.get("/v1/till/receipt-key", headers=till)
    assert resp.status_code == 200
    assert resp.json()["alg"] == "HMAC-SHA256"
    return signing.b64decode(resp.json()["key"])


def _receipt(
    api: Api,
    key: bytes,
    *,
    no: str = "Q-1",
    amount: int = 5_000,
    age: timedelta = timedelta(hours=1),
) -> str:
    return receipts.sign_receipt(
        key,
        receipts.ReceiptData(api.demo["store_id"], no, amount, "cash", api.clock.now() - age),
    )


def _claim(api: Api, headers: dict[str, str], token: str) -> Any:
    return api.post("/v1/kiosk/receipts/claim", {"receipt": token}, headers=headers)


def test_receipt_claim_once_then_refused_with_reason(api: Api) -> None:
    key = _receipt_key(api, till_headers(api))
    headers = session_headers(api, 2, by_card=True)  # earning does not need the phone code
    token = _receipt(api, key)
    first = _claim(api, headers, token)
    assert first.status_code == 200, first.text
    assert first.json()["receipt"]["points"] == 50
    assert first.json()["member"]["balance"] == 170
    body = problem(_claim(api, headers, token), 409, "receipt_already_claimed")
    assert "claimed_at" in body
    # Another member cannot claim it either.
    other = session_headers(api, 0, by_card=True)
    problem(_claim(api, other, token), 409, "receipt_already_claimed")


def test_receipt_reported_by_till_cannot_be_claimed_again(api: Api) -> None:
    till = till_headers(api)
    key = _receipt_key(api, till)
    assert _purchase(api, till, receipt_no="Q-9", amount_minor=5000).status_code == 200
    headers = session_headers(api, 2, by_card=True)
    problem(_claim(api, headers, _receipt(api, key, no="Q-9")), 409, "receipt_already_claimed")


def test_forged_expired_and_malformed_receipts(api: Api) -> None:
    key = _receipt_key(api, till_headers(api))
    headers = session_headers(api, 2, by_card=True)
    problem(_claim(api, headers, _receipt(api, b"k" * 32)), 422, "receipt_invalid")
    good = _receipt(api, key, no="Q-2")
    prefix, payload, sig = good.split(".")
    raw = signing.b64decode(payload).replace(b"5000", b"9000")
    tampered = f"{prefix}.{signing.b64encode(raw)}.{sig}"
    problem(_claim(api, headers, tampered), 422, "receipt_invalid")
    problem(
        _claim(api, headers, _receipt(api, key, no="Q-3", age=timedelta(days=31))),
        422,
        "receipt_expired",
    )
    for junk in ("R1.x.y", "R1..", "R1.e30.AAAA", "V1.abc.def", "R1.!!!.@@@", "nonsense"):
        problem(_claim(api, headers, junk), 422, "receipt_invalid")
    assert summary(api, headers, 2)["balance"] == 120


def test_checkin_once_per_store_day_with_streak_bonus(api: Api) -> None:
    # 23:30 in Shanghai on 10 March.
    api.clock.set(datetime(2026, 3, 10, 15, 30, tzinfo=UTC))
    headers = session_headers(api, 2, by_card=True)
    first = api.post("/v1/kiosk/checkin", {}, headers=headers)
    assert first.status_code == 200, first.text
    assert first.json()["checkin"] == {
        "business_day": "2026-03-10",
        "streak": 1,
        "points": 5,
        "bonus": 0,
    }
    assert first.json()["member"]["checked_in_today"] is True
    problem(api.post("/v1/kiosk/checkin", {}, headers=headers), 409, "already_checked_in")
    # 00:30 the next store-local day: only an hour later, but a new business day.
    api.clock.set(datetime(2026, 3, 10, 16, 30, tzinfo=UTC))
    headers = session_headers(api, 2, by_card=True)
    second = api.post("/v1/kiosk/checkin", {}, headers=headers)
    assert second.json()["checkin"]["business_day"] == "2026-03-11"
    assert second.json()["checkin"]["streak"] == 2
    balance = second.json()["member"]["balance"]
    for day in range(3, 8):
        api.clock.advance(timedelta(days=1))
        headers = session_headers(api, 2, by_card=True)
        resp = api.post("/v1/kiosk/checkin", {}, headers=headers)
        assert resp.json()["checkin"]["streak"] == day
    # Day 7 earns 5 + 20.
    assert resp.json()["checkin"]["bonus"] == 20
    assert resp.json()["member"]["balance"] == balance + 5 * 5 + 20
    # Missing a day restarts the streak.
    api.clock.advance(timedelta(days=2))
    headers = session_headers(api, 2, by_card=True)
    assert api.post("/v1/kiosk/checkin", {}, headers=headers).json()["checkin"]["streak"] == 1


def test_checkin_rules_are_configurable(api: Api) -> None:
    admin_put(
        api,
        f"/v1/admin/stores/{api.demo['store_id']}/rules",
        {"checkin": {"points": 2, "streak_bonus": {"2": 10}, "cycle_days": 2}},
    )
    got = api.http.get(f"/v1/admin/stores/{api.demo['store_id']}/rules", headers=api.admin_headers)
    assert got.json()["checkin"]["points"] == 2
    bonuses = []
    for _ in range(4):
        headers = session_headers(api, 2, by_card=True)
        bonuses.append(
            api.post("/v1/kiosk/checkin", {}, headers=headers).json()["checkin"]["bonus"]
        )
        api.clock.advance(timedelta(days=1))
    assert bonuses == [0, 10, 0, 10]


def test_bad_rules_are_refused(api: Api) -> None:
    resp = api.http.put(
        f"/v1/admin/stores/{api.demo['store_id']}/rules",
        json={"checkin": {"points": -1}},
        headers=api.admin_headers | {"Idempotency-Key": "rules-bad-1"},
    )
    problem(resp, 422, "validation_error")


def test_registration_and_referral_bonuses(api: Api) -> None:
    new = admin_post(
        api,
        "/v1/admin/members",
        {
            "full_name": "Zhang San",
            "language": "zh",
            "store_id": api.demo["store_id"],
            "card_number": "0004999999",
            "referrer_member_no": api.member(2)["member_no"],
        },
    )
    # Registration 50 + welcome 50.
    assert new["balance"] == 100
    assert new["member_no"] == "100004"
    headers = session_headers(api, 2, by_card=True)
    assert summary(api, headers, 2)["balance"] == 120 + 100
    # The new member can use their app right away.
    code = api.http.get(
        "/v1/member/code", headers={"Authorization": f"Bearer {new['member_token']}"}
    )
    assert code.json()["payload"].startswith("M1:100004:")
    # The card is taken now; an unknown referrer is refused.
    body = {"full_name": "Li Si", "store_id": api.demo["store_id"], "card_number": "0004999999"}
    problem(api.post("/v1/admin/members", body, headers=api.admin_headers), 409, "card_in_use")
    body = {"full_name": "Li Si", "store_id": api.demo["store_id"], "referrer_member_no": "999999"}
    problem(
        api.post("/v1/admin/members", body, headers=api.admin_headers), 404, "referrer_not_found"
    )


def test_admin_creates_a_store_with_its_own_timezone(api: Api) -> None:
    store = admin_post(
        api,
        "/v1/admin/stores",
        {
            "code": "london",
            "name_en": "London",
            "name_zh": "伦敦店",
            "timezone": "Europe/London",
            "currency": "GBP",
        },
    )
    assert store["timezone"] == "Europe/London"
    kiosk = admin_post(api, f"/v1/admin/stores/{store['store_id']}/kiosks", {"name": "k1"})
    me = api.http.get("/v1/kiosk/me", headers={"Authorization": f"Bearer {kiosk['token']}"})
    assert me.json()["store"]["currency"] == "GBP"
    # 23:30 UTC on 10 March is still 10 March in London (11 March in Shanghai).
    api.clock.set(datetime(2026, 3, 10, 23, 30, tzinfo=UTC))
    resp = api.identify(
        api.member(2)["card_number"], headers={"Authorization": f"Bearer {kiosk['token']}"}
    )
    headers = {
        "Authorization": f"Bearer {kiosk['token']}",
        "X-Member-Session": resp.json()["session"]["token"],
    }
    assert (
        api.post("/v1/kiosk/checkin", {}, headers=headers).json()["checkin"]["business_day"]
        == "2026-03-10"
    )
    problem(
        api.post(
            "/v1/admin/stores",
            {
                "code": "london",
                "name_en": "L",
                "name_zh": "L",
                "timezone": "Europe/London",
                "currency": "GBP",
            },
            headers=api.admin_headers,
        ),
        409,
        "store_code_taken",
    )
    problem(
        api.post(
            "/v1/admin/stores",
            {
                "code": "mars",
                "name_en": "M",
                "name_zh": "M",
                "timezone": "Mars/Olympus",
                "currency": "CNY",
            },
            headers=api.admin_headers,
        ),
        422,
        "timezone_unknown",
    )


def test_admin_switches_a_promotion_off(api: Api) -> None:
    promo = admin_post(
        api,
        "/v1/admin/promotions",
        {
            "name": "Tuesday x3",
            "schedule": "weekday",
            "schedule_value": 2,
            "multiplier_pct": 300,
            "starts_on": "2026-01-01",
        },
    )
    till = till_headers(api)
    # START is a Tuesday: 123.45 yuan x3 -> 370.
    assert _purchase(api, till, receipt_no="T-1").json()["points"] == 370
    resp = api.http.patch(
        f"/v1/admin/promotions/{promo['id']}",
        json={"active": False},
        headers=api.admin_headers | {"Idempotency-Key": "promo-off-1"},
    )
    assert resp.status_code == 200, resp.text
    assert _purchase(api, till, receipt_no="T-2").json()["points"] == 123
