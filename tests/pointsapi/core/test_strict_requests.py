"""Issue 12, finding 10 (first three items), over real HTTP on both databases: a 405 names every
method of the path, numbers and times are strict types, and a till purchase must be dated within
90 days before and 5 minutes after the server's now."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest

from tests.pointsapi.conftest import Api, problem, till_headers


def _allow(resp: Any) -> set[str]:
    return {m.strip() for m in resp.headers["allow"].split(",")}


def test_405_names_every_method_of_the_path(api: Api) -> None:
    rules = f"/v1/admin/stores/{api.demo['store_id']}/rules"
    resp = api.http.delete(rules, headers=api.admin_headers)
    problem(resp, 405, "method_not_allowed")
    assert _allow(resp) == {"GET", "PUT"}
    resp = api.http.post(rules, json={}, headers=api.admin_headers)
    assert _allow(problem_405(resp)) == {"GET", "PUT"}
    # A path served by one route keeps its one method.
    assert _allow(problem_405(api.http.get("/v1/admin/program", headers=api.admin_headers))) == {
        "PUT"
    }


def problem_405(resp: Any) -> Any:
    problem(resp, 405, "method_not_allowed")
    return resp


def _purchase(api: Api, till: dict[str, str], **overrides: Any) -> Any:
    body = {
        "receipt_no": f"S-{uuid.uuid4().hex[:12]}",
        "amount_minor": 12_345,
        "payment_method": "cash",
        "member": api.member(2)["card_number"],
    } | overrides
    return api.post("/v1/till/purchases", body, headers=till)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("purchased_at", 0),
        ("purchased_at", 1_773_115_200),
        ("purchased_at", False),
        ("amount_minor", False),
        ("amount_minor", True),
        ("amount_minor", "12345"),
        ("amount_minor", 12345.0),
    ],
)
def test_wrong_types_are_refused_not_coerced(api: Api, field: str, value: Any) -> None:
    till = till_headers(api)
    problem(_purchase(api, till, **{field: value}), 422, "validation_error")


def test_wrong_types_in_admin_bodies(api: Api) -> None:
    promotion = {
        "name": "Member day",
        "schedule": "weekday",
        "schedule_value": 2,
        "multiplier_pct": 200,
        "starts_on": "2026-01-01",
    }
    for field, value in (("starts_on", 0), ("starts_on", 20_000), ("schedule_value", True)):
        resp = api.post(
            "/v1/admin/promotions", promotion | {field: value}, headers=api.admin_headers
        )
        problem(resp, 422, "validation_error")
    item = {
        "code": "strict-1",
        "kind": "voucher",
        "name_en": "V",
        "name_zh": "V",
        "points_cost": 10,
    }
    for field, value in (("valid_from", 0), ("valid_until", 1_900_000_000), ("active", 0)):
        resp = api.post("/v1/admin/catalogue", item | {field: value}, headers=api.admin_headers)
        problem(resp, 422, "validation_error")
    assert api.post("/v1/admin/catalogue", item, headers=api.admin_headers).status_code == 201


def test_till_purchase_dates_are_bounded(api: Api) -> None:
    till = till_headers(api)
    now = api.clock.now()
    for when in ("0001-01-01T00:00:00+14:00", (now - timedelta(days=91)).isoformat()):
        body = problem(_purchase(api, till, purchased_at=when), 422, "purchased_at_too_old")
        assert body["max_age_days"] == 90
    for when in ("9999-12-31T23:59:59-14:00", (now + timedelta(minutes=6)).isoformat()):
        problem(_purchase(api, till, purchased_at=when), 422, "purchased_at_in_future")
    # Within the window, at either end, a purchase earns.
    for instant in (now - timedelta(days=89), now + timedelta(minutes=4)):
        resp = _purchase(api, till, purchased_at=instant.isoformat())
        assert resp.status_code == 200, resp.text
