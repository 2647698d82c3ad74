"""Spending: catalogue, redemption, points as cash, signed vouchers and their states."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from pointsapi.core import signing
from pointsapi.jobs import expire, reconcile
from pointsapi.rewards import vouchers
from tests.pointsapi.conftest import (
    Api,
    admin_post,
    admin_put,
    problem,
    session_headers,
    summary,
    till_headers,
    top_up,
)


def _redeem(api: Api, headers: dict[str, str], item: str) -> Any:
    return api.post("/v1/kiosk/redeem", {"item_code": item}, headers=headers)


def _public_keys(api: Api) -> dict[str, bytes]:
    resp = api.http.get("/v1/public/voucher-keys")
    assert resp.status_code == 200
    return {k["kid"]: signing.b64decode(k["public_key"]) for k in resp.json()["keys"]}


def test_catalogue_lists_what_the_tier_may_see(api: Api) -> None:
    bronze = api.http.get("/v1/kiosk/catalogue", headers=session_headers(api, 2, by_card=True))
    assert bronze.status_code == 200
    codes = [i["code"] for i in bronze.json()["items"]]
    assert "vip-lounge" not in codes
    assert {"cash-5", "tote-bag", "coffee", "cake-deal"} <= set(codes)
    tote = next(i for i in bronze.json()["items"] if i["code"] == "tote-bag")
    assert tote["stock"] == 5 and tote["kind"] == "gift" and tote["affordable"] is False
    gold = api.http.get("/v1/kiosk/catalogue", headers=session_headers(api, 1, by_card=True))
    assert "vip-lounge" in [i["code"] for i in gold.json()["items"]]
    problem(
        api.http.get("/v1/kiosk/catalogue", headers=api.kiosk_headers),
        401,
        "member_session_required",
    )


def test_redeem_issues_a_voucher_a_till_can_verify_offline_and_redeem_once(api: Api) -> None:
    headers = session_headers(api, 0)
    resp = _redeem(api, headers, "cash-5")
    assert resp.status_code == 200, resp.text
    voucher = resp.json()["voucher"]
    assert voucher["state"] == "issued"
    assert voucher["value_minor"] == 500 and voucher["points"] == 500
    assert resp.json()["member"]["balance"] == 3650 - 500
    # Offline check with the public key only.
    claims = vouchers.verify_voucher(_public_keys(api), voucher["code"])
    assert claims.voucher_id == voucher["voucher_id"] and claims.value_minor == 500
    assert voucher["code"].isascii() and voucher["code"].startswith("V1.")
    assert len(voucher["code"]) == 146
    assert claims.store_id == api.demo["store_id"] and claims.kind == "voucher"

    printed = api.post(
        f"/v1/kiosk/vouchers/{voucher['voucher_id']}/printed", {}, headers=api.kiosk_headers
    )
    assert printed.json()["state"] == "printed"

    till = till_headers(api)
    first = api.post("/v1/till/vouchers/redeem", {"code": voucher["code"]}, headers=till)
    assert first.status_code == 200, first.text
    assert first.json()["state"] == "redeemed"
    again = problem(
        api.post("/v1/till/vouchers/redeem", {"code": voucher["code"]}, headers=till),
        409,
        "voucher_already_redeemed",
    )
    assert "Demo Store" in again["detail"] and "2026-03-10" in again["detail"]
    assert again["redeemed_store_id"] == api.demo["store_id"]
    # Printing after redemption does not move it back.
    late = api.post(
        f"/v1/kiosk/vouchers/{voucher['voucher_id']}/printed", {}, headers=api.kiosk_headers
    )
    assert late.json()["state"] == "redeemed"


def test_forged_vouchers_are_refused(api: Api) -> None:
    voucher = _redeem(api, session_headers(api, 0), "cash-5").json()["voucher"]
    till = till_headers(api)
    prefix, payload, sig = voucher["code"].split(".")
    raw = bytearray(signing.b64decode(payload))
    raw[22:30] = (9900).to_bytes(8, "big")  # the cash value field
    forged = f"{prefix}.{signing.b64encode(bytes(raw))}.{sig}"
    for code in (forged, "V1.abc.def", "R1.abc.def", "garbage"):
        problem(
            api.post("/v1/till/vouchers/redeem", {"code": code}, headers=till),
            422,
            "voucher_invalid",
        )


def test_card_session_cannot_spend(api: Api) -> None:
    headers = session_headers(api, 0, by_card=True)
    problem(_redeem(api, headers, "cash-5"), 403, "spend_not_allowed")
    problem(
        api.post("/v1/kiosk/points-cash", {"points": 1000}, headers=headers),
        403,
        "spend_not_allowed",
    )


def test_refusals(api: Api) -> None:
    rich = session_headers(api, 1)
    poor = session_headers(api, 2)
    problem(_redeem(api, poor, "cash-5"), 409, "insufficient_points")
    problem(_redeem(api, rich, "no-such-item"), 404, "item_not_found")
    problem(_redeem(api, poor, "vip-lounge"), 403, "item_not_eligible")
    assert _redeem(api, rich, "coffee").status_code == 200
    problem(_redeem(api, rich, "coffee"), 409, "limit_reached")
    # An item whose window has closed.
    admin_post(
        api,
        "/v1/admin/catalogue",
        {
            "code": "old-promo",
            "kind": "voucher",
            "name_en": "Old",
            "name_zh": "旧",
            "points_cost": 10,
            "value_minor": 100,
            "valid_from": "2025-01-01T00:00:00Z",
            "valid_until": "2025-02-01T00:00:00Z",
        },
    )
    problem(_redeem(api, rich, "old-promo"), 422, "item_unavailable")
    for body in ({"item_code": 5}, {"item_code": "BAD CODE"}, {}, {"item_code": "x", "more": 1}):
        problem(api.post("/v1/kiosk/redeem", body, headers=rich), 422, "validation_error")
    # Nothing was spent by any refusal.
    assert summary(api, rich, 1)["balance"] == 3850 - 300


def test_gift_stock_void_and_reconcile(api: Api) -> None:
    start = 3850 + top_up(api, 1, 100_000)  # gold: 1000 yuan x 1.25 = 1250 points
    headers = session_headers(api, 1)
    vouchers_issued = []
    for _ in range(5):
        resp = _redeem(api, headers, "tote-bag")
        assert resp.status_code == 200, resp.text
        vouchers_issued.append(resp.json()["voucher"])
    problem(_redeem(api, headers, "tote-bag"), 409, "out_of_stock")
    assert summary(api, headers, 1)["balance"] == start - 5 * 800
    # Voiding returns the points and the gift.
    void = api.post(
        f"/v1/admin/vouchers/{vouchers_issued[0]['voucher_id']}/void", {}, headers=api.admin_headers
    )
    assert void.status_code == 200, void.text
    assert void.json()["state"] == "voided"
    assert summary(api, headers, 1)["balance"] == start - 4 * 800
    problem(
        api.post(
            f"/v1/admin/vouchers/{vouchers_issued[0]['voucher_id']}/void",
            {},
            headers=api.admin_headers,
        ),
        409,
        "voucher_not_voidable",
    )
    till = till_headers(api)
    problem(
        api.post("/v1/till/vouchers/redeem", {"code": vouchers_issued[0]["code"]}, headers=till),
        409,
        "voucher_voided",
    )
    assert _redeem(api, headers, "tote-bag").status_code == 200
    # A gift is collected at the store that issued it.
    other_store = _other_store(api)
    problem(
        api.post(
            "/v1/till/vouchers/redeem",
            {"code": vouchers_issued[1]["code"]},
            headers=till_headers(api, other_store),
        ),
        409,
        "voucher_wrong_store",
    )
    assert reconcile(api.db).problems == []


def test_points_as_cash_min_step_cap(api: Api) -> None:
    headers = session_headers(api, 1)
    for points in (500, 1500, 60_000):
        body = problem(
            api.post("/v1/kiosk/points-cash", {"points": points}, headers=headers),
            422,
            "points_cash_invalid",
        )
        assert body["min_points"] == 1000 and body["step_points"] == 1000
    resp = api.post("/v1/kiosk/points-cash", {"points": 2000}, headers=headers)
    assert resp.status_code == 200, resp.text
    assert resp.json()["voucher"]["kind"] == "cash"
    assert resp.json()["voucher"]["value_minor"] == 200  # 1000 points = 1 yuan
    problem(
        api.post("/v1/kiosk/points-cash", {"points": 2000.0}, headers=headers),
        422,
        "validation_error",
    )
    problem(
        api.post("/v1/kiosk/points-cash", {"points": -1000}, headers=headers),
        422,
        "validation_error",
    )


def test_unredeemed_voucher_expires_by_job(api: Api) -> None:
    voucher = _redeem(api, session_headers(api, 1), "tote-bag").json()["voucher"]
    api.clock.advance(timedelta(days=31))
    till = till_headers(api)
    problem(
        api.post("/v1/till/vouchers/redeem", {"code": voucher["code"]}, headers=till),
        422,
        "voucher_expired",
    )
    report = expire(api.db, api.clock.now())
    assert report.vouchers_expired == 1
    assert expire(api.db, api.clock.now()).vouchers_expired == 0
    items = api.http.get(
        "/v1/kiosk/catalogue", headers=session_headers(api, 1, by_card=True)
    ).json()["items"]
    assert next(i for i in items if i["code"] == "tote-bag")["stock"] == 5


def test_admin_catalogue_and_stock(api: Api) -> None:
    item = admin_post(
        api,
        "/v1/admin/catalogue",
        {
            "code": "mug",
            "kind": "gift",
            "name_en": "Mug",
            "name_zh": "杯子",
            "points_cost": 100,
            "tier_codes": ["silver"],
        },
    )
    assert item["tier_codes"] == ["silver"]
    admin_put(api, f"/v1/admin/catalogue/mug/stock/{api.demo['store_id']}", {"quantity": 1})
    silver = session_headers(api, 0)
    assert _redeem(api, silver, "mug").status_code == 200
    problem(_redeem(api, silver, "mug"), 409, "out_of_stock")
    dup = api.post(
        "/v1/admin/catalogue",
        {"code": "mug", "kind": "gift", "name_en": "M", "name_zh": "M", "points_cost": 1},
        headers=api.admin_headers,
    )
    problem(dup, 409, "item_code_taken")
    bad_tier = api.post(
        "/v1/admin/catalogue",
        {
            "code": "mug2",
            "kind": "gift",
            "name_en": "M",
            "name_zh": "M",
            "points_cost": 1,
            "tier_codes": ["gold-plus"],
        },
        headers=api.admin_headers,
    )
    problem(bad_tier, 422, "tier_unknown")
    # Kiosk credentials cannot manage the catalogue.
    problem(api.post("/v1/admin/catalogue", {}, headers=api.kiosk_headers), 403, "wrong_credential")


def _other_store(api: Api) -> str:
    from pointsapi.core.tokens import new_id
    from pointsapi.stores.models import Store

    store_id = new_id("s")
    with api.db.write() as session:
        session.add(
            Store(
                id=store_id,
                code="other",
                name_en="Other Store",
                name_zh="其他店",
                timezone="Asia/Shanghai",
                currency="CNY",
                created_at=api.clock.now(),
                receipt_key=b"o" * 32,
            )
        )
    return store_id


def test_admin_patches_an_item(api: Api) -> None:
    headers = session_headers(api, 1)
    resp = api.http.patch(
        "/v1/admin/catalogue/cash-5",
        json={"active": False},
        headers=api.admin_headers | {"Idempotency-Key": "patch-0001"},
    )
    assert resp.status_code == 200, resp.text
    assert resp.json()["active"] is False
    problem(_redeem(api, headers, "cash-5"), 422, "item_unavailable")
    resp = api.http.patch(
        "/v1/admin/catalogue/cash-5",
        json={"active": True, "points_cost": 700, "tier_codes": ["gold"]},
        headers=api.admin_headers | {"Idempotency-Key": "patch-0002"},
    )
    assert resp.json()["points_cost"] == 700
    assert _redeem(api, headers, "cash-5").json()["voucher"]["points"] == 700
    problem(_redeem(api, session_headers(api, 0), "cash-5"), 403, "item_not_eligible")
    bad = api.http.patch(
        "/v1/admin/catalogue/cash-5",
        json={"points_cost": None},
        headers=api.admin_headers | {"Idempotency-Key": "patch-0003"},
    )
    problem(bad, 422, "field_required")


def test_admin_sets_tiers(api: Api) -> None:
    gold = {
        "name_en": "Gold",
        "name_zh": "金卡",
        "rank": 3,
        "min_qualifying": 4000,
        "earn_multiplier_pct": 130,
        "daily_spins": 2,
    }
    assert admin_put(api, "/v1/admin/tiers/gold", gold)["min_qualifying"] == 4000
    # The next qualifying purchase uses the new threshold: 4,800 >= 4,000 -> Gold.
    top_up(api, 0, 100)
    assert summary(api, session_headers(api, 0, by_card=True), 0)["tier"]["code"] == "gold"
    unordered = gold | {"min_qualifying": 100_000}
    resp = api.http.put(
        "/v1/admin/tiers/gold",
        json=unordered,
        headers=api.admin_headers | {"Idempotency-Key": "tier-0001"},
    )
    problem(resp, 422, "tier_thresholds_unordered")
    clash = gold | {"rank": 2}
    resp = api.http.put(
        "/v1/admin/tiers/gold",
        json=clash,
        headers=api.admin_headers | {"Idempotency-Key": "tier-0002"},
    )
    problem(resp, 409, "tier_rank_taken")
