"""Bounds (issue 12, finding 5): every name fits its column and every number the arithmetic that
uses it, so valid-looking input is a clear 422, never a 500 (PostgreSQL refuses what does not
fit; SQLite would silently store it). Over real HTTP on both databases."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from pointsapi.demo.loader import DEFAULT_TIERS
from tests.pointsapi.conftest import (
    Api,
    admin_put,
    problem,
    session_headers,
    summary,
    till_headers,
)

LONG_NAME = "n" * 150
NAME_100 = "m" * 100


def _put(api: Api, path: str, body: Any) -> Any:
    return api.http.put(
        path, json=body, headers=api.admin_headers | {"Idempotency-Key": f"put-{uuid.uuid4().hex}"}
    )


def _tier(name: str = "Bronze", multiplier: int = 100) -> dict[str, Any]:
    return {
        "name_en": name,
        "name_zh": name,
        "rank": 1,
        "min_qualifying": 0,
        "earn_multiplier_pct": multiplier,
        "daily_spins": 1,
    }


def _promotion(name: str = "Member day", multiplier: int = 200) -> dict[str, Any]:
    return {
        "name": name,
        "schedule": "weekday",
        "schedule_value": 2,  # START is a Tuesday
        "multiplier_pct": multiplier,
        "starts_on": "2026-01-01",
    }


def _rules(api: Api, **changes: Any) -> Any:
    store = api.demo["store_id"]
    resp = api.http.get(f"/v1/admin/stores/{store}/rules", headers=api.admin_headers)
    assert resp.status_code == 200, resp.text
    rules: dict[str, Any] = resp.json()
    for path, value in changes.items():
        target = rules
        *parents, leaf = path.split("__")
        for parent in parents:
            target = target[parent]
        target[leaf] = value
    return _put(api, f"/v1/admin/stores/{store}/rules", rules)


@pytest.mark.parametrize("kind", ["tills", "kiosks"])
def test_credential_names_fit_their_column(api: Api, kind: str) -> None:
    path = f"/v1/admin/stores/{api.demo['store_id']}/{kind}"
    problem(api.post(path, {"name": LONG_NAME}, headers=api.admin_headers), 422, "validation_error")
    assert api.post(path, {"name": NAME_100}, headers=api.admin_headers).status_code == 201


def test_promotion_and_tier_names_fit_their_columns(api: Api) -> None:
    problem(
        api.post("/v1/admin/promotions", _promotion(LONG_NAME), headers=api.admin_headers),
        422,
        "validation_error",
    )
    ok = api.post("/v1/admin/promotions", _promotion(NAME_100), headers=api.admin_headers)
    assert ok.status_code == 201, ok.text
    problem(_put(api, "/v1/admin/tiers/bronze", _tier(LONG_NAME)), 422, "validation_error")
    assert admin_put(api, "/v1/admin/tiers/bronze", _tier(NAME_100))["name_en"] == NAME_100


def test_codes_fit_their_columns(api: Api) -> None:
    store = {"name_en": "S", "name_zh": "S", "timezone": "Asia/Shanghai", "currency": "CNY"}
    for code in ("s" * 40, "s" * 33):
        body = store | {"code": code}
        problem(
            api.post("/v1/admin/stores", body, headers=api.admin_headers), 422, "validation_error"
        )
    assert (
        api.post(
            "/v1/admin/stores", store | {"code": "s" * 32}, headers=api.admin_headers
        ).status_code
        == 201
    )
    problem(
        _put(api, "/v1/admin/tiers/" + "t" * 40, _tier(multiplier=100) | {"rank": 9}),
        422,
        "validation_error",
    )


def test_multipliers_are_at_most_ten_times(api: Api) -> None:
    problem(_put(api, "/v1/admin/tiers/bronze", _tier(multiplier=10_000)), 422, "validation_error")
    problem(
        api.post("/v1/admin/promotions", _promotion(multiplier=10_000), headers=api.admin_headers),
        422,
        "validation_error",
    )
    tiered = admin_put(api, "/v1/admin/tiers/bronze", _tier(multiplier=1000))
    assert tiered["earn_multiplier_pct"] == 1000


@pytest.mark.parametrize(
    "changes",
    [
        {"max_purchase_minor": 10**12},
        {"checkin__streak_bonus": {"7": 10**12}},
        {"points_cash__minor": 10**20},
        {"points_cash__max_points": 10**12},
        # Each within its bound, but the largest voucher would be worth more than any cash value.
        {"points_cash__minor": 10**9, "points_cash__points": 1},
        # Strict types: no bool or text for a number.
        {"registration_bonus": False},
        {"expiry_days": "365"},
    ],
)
def test_store_rules_that_would_overflow_later_are_refused(
    api: Api, changes: dict[str, Any]
) -> None:
    problem(_rules(api, **changes), 422, "validation_error")


def test_largest_rules_accepted_still_work(api: Api) -> None:
    """At the bounds, check-in and points as cash answer (nothing overflows downstream)."""
    ok = _rules(
        api,
        max_purchase_minor=10**10,
        checkin__streak_bonus={"1": 10**9},
        points_cash__minor=10**9,
        points_cash__points=1000,
        points_cash__max_points=10**6,
    )
    assert ok.status_code == 200, ok.text


def test_composed_earning_is_bounded_by_points_out_of_range(api: Api) -> None:
    """Tier x10, promotion x10, 1000 points per minor unit: the biggest purchase would earn 10^15
    points; it is refused as a whole (no receipt, no points) and a smaller one still earns."""
    assert (
        _rules(api, earn__points=1000, earn__per_minor=1, max_purchase_minor=10**10).status_code
        == 200
    )
    tier = summary(api, session_headers(api, 0, by_card=True), 0)["tier"]["code"]
    rank, name, minimum = next((t[1], t[2], t[4]) for t in DEFAULT_TIERS if t[0] == tier)
    body = _tier(name, multiplier=1000) | {"rank": rank, "min_qualifying": minimum}
    admin_put(api, f"/v1/admin/tiers/{tier}", body)
    assert (
        api.post(
            "/v1/admin/promotions", _promotion(multiplier=1000), headers=api.admin_headers
        ).status_code
        == 201
    )
    till = till_headers(api)
    before = summary(api, session_headers(api, 0, by_card=True), 0)["balance"]

    def purchase(receipt_no: str, amount: int) -> Any:
        body = {
            "receipt_no": receipt_no,
            "amount_minor": amount,
            "payment_method": "cash",
            "member": api.member(0)["card_number"],
        }
        return api.post("/v1/till/purchases", body, headers=till)

    body = problem(purchase("BIG-1", 10**10), 422, "points_out_of_range")
    assert body["max_points"] == 10**9
    assert summary(api, session_headers(api, 0, by_card=True), 0)["balance"] == before
    # The receipt was not recorded: the same number can be reported with a fitting amount.
    fits = purchase("BIG-1", 10**4)
    assert fits.status_code == 200, fits.text
    assert fits.json()["points"] == 10**9
