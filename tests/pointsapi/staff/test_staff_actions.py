"""Staff actions (audited), gift stock for staff, and the admin's audit listing."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.pointsapi.conftest import Api, admin_put, problem, session_headers, top_up
from tests.pointsapi.staff.fixtures import audit, open_alerts, second_kiosk, staff_headers

ACTIONS: list[dict[str, Any]] = [
    {
        "action": "paper_replaced",
        "details": {
            "roll_length_mm": 30000,
            "remaining_mm_before": 1200.5,
            "sensor_before": "near_end",
            "low_switch_before": True,
        },
    },
    {"action": "test_print", "details": {"printed": False, "reason": "paper_out"}},
    {
        "action": "reprint",
        "details": {"job_id": 7, "kind": "checkin", "code": "", "printed": True, "reason": ""},
    },
    {"action": "restart_requested", "details": {}},
]


def test_each_action_is_an_audit_entry(api: Api) -> None:
    headers = staff_headers(api)
    recorded = []
    for action in ACTIONS:
        resp = api.post("/v1/kiosk/staff/actions", action, headers=headers)
        assert resp.status_code == 201, resp.text
        recorded.append(resp.json()["audit_id"])
        api.clock.advance(timedelta(seconds=1))
    entries = [e for e in audit(api) if e["action"] != "login"]
    assert [e["audit_id"] for e in entries] == recorded
    assert [e["action"] for e in entries] == [a["action"] for a in ACTIONS]
    assert entries[0]["details"] == ACTIONS[0]["details"] | {"roll_length_mm": 30000.0}
    staff = api.demo["staff"][0]
    assert {(e["staff_id"], e["staff_no"], e["kiosk_id"]) for e in entries} == {
        (staff["staff_id"], "9001", api.demo["kiosk_id"])
    }
    assert datetime.fromisoformat(entries[1]["at"]) == api.clock.now() - timedelta(seconds=3)
    # The restart action's details default to {} when left out.
    resp = api.post("/v1/kiosk/staff/actions", {"action": "restart_requested"}, headers=headers)
    assert resp.status_code == 201, resp.text


@pytest.mark.parametrize(
    "body",
    [
        {"action": "dance", "details": {}},
        {"action": "paper_replaced", "details": {}},
        {"action": "paper_replaced", "details": {"roll_length_mm": -1}},
        {"action": "paper_replaced", "details": {"roll_length_mm": "30000"}},
        {"action": "test_print", "details": {"printed": "yes"}},
        {"action": "reprint", "details": {"job_id": 1, "kind": "poster", "printed": True}},
        {"action": "restart_requested", "details": {"now": True}},
        {"details": {}},
        [],
    ],
)
def test_malformed_actions_are_422(api: Api, body: Any) -> None:
    headers = staff_headers(api)
    problem(api.post("/v1/kiosk/staff/actions", body, headers=headers), 422, "validation_error")


def test_actions_need_a_staff_session(api: Api) -> None:
    problem(
        api.post("/v1/kiosk/staff/actions", ACTIONS[3], headers=api.kiosk_headers),
        401,
        "staff_session_required",
    )
    assert not [e for e in audit(api) if e["action"] == "restart_requested"]


def test_a_printed_voucher_reprint_marks_the_voucher_printed(api: Api) -> None:
    top_up(api, 0, 100_000)
    member = session_headers(api, 0)
    voucher = api.post("/v1/kiosk/redeem", {"item_code": "cash-5"}, headers=member).json()[
        "voucher"
    ]
    assert voucher["state"] == "issued"
    headers = staff_headers(api)
    details = {
        "job_id": 3,
        "kind": "voucher",
        "code": voucher["code"],
        "printed": True,
        "reason": "",
    }
    resp = api.post(
        "/v1/kiosk/staff/actions", {"action": "reprint", "details": details}, headers=headers
    )
    assert resp.status_code == 201, resp.text
    from pointsapi.rewards.models import Voucher

    with api.db.read() as session:
        row = session.get(Voucher, voucher["voucher_id"])
        assert row is not None and row.state == "printed"


def test_gifts_list_and_adjustments(api: Api) -> None:
    headers = staff_headers(api)
    resp = api.http.get("/v1/kiosk/staff/gifts", headers=headers)
    assert resp.status_code == 200, resp.text
    assert resp.json() == {
        "store_id": api.demo["store_id"],
        "gifts": [
            {
                "code": "tote-bag",
                "name": {"en": "Tote bag", "zh": "环保袋"},
                "quantity": 5,
                "low_threshold": 5,
                "on_wheel": True,  # the demo wheel has the tote bag as a prize
                "updated_at": None,
            }
        ],
    }
    path = "/v1/kiosk/staff/gifts/tote-bag/adjustments"
    resp = api.post(path, {"mode": "add", "quantity": 24, "reason": "delivery"}, headers=headers)
    assert resp.status_code == 201, resp.text
    body = resp.json()
    assert body["gift"]["quantity"] == 29
    assert datetime.fromisoformat(body["gift"]["updated_at"]) == api.clock.now()
    adjustment = body["adjustment"]
    assert datetime.fromisoformat(adjustment["recorded_at"]) == api.clock.now()
    assert adjustment | {"adjustment_id": "", "recorded_at": ""} == {
        "adjustment_id": "",
        "mode": "add",
        "before": 5,
        "after": 29,
        "delta": 24,
        "reason": "delivery",
        "note": None,
        "recorded_at": "",
    }
    resp = api.post(
        path,
        {"mode": "set", "quantity": 17, "reason": "count", "note": "shelf count"},
        headers=headers,
    )
    assert resp.json()["adjustment"]["delta"] == -12
    assert resp.json()["gift"]["quantity"] == 17
    # Members see the same count.
    member = session_headers(api, 0)
    items = api.http.get("/v1/kiosk/catalogue", headers=member).json()["items"]
    assert [i["stock"] for i in items if i["code"] == "tote-bag"] == [17]
    entries = [e for e in audit(api) if e["action"] == "gift_stock_adjusted"]
    assert [(e["details"]["gift_code"], e["details"]["after"]) for e in entries] == [
        ("tote-bag", 29),
        ("tote-bag", 17),
    ]


@pytest.mark.parametrize(
    "body",
    [
        {"mode": "add", "quantity": 0, "reason": "delivery"},
        {"mode": "add", "quantity": 100_000, "reason": "delivery"},
        {"mode": "add", "quantity": 3, "reason": "count"},
        {"mode": "set", "quantity": 3, "reason": "delivery"},
        {"mode": "set", "quantity": -1, "reason": "count"},
        {"mode": "set", "quantity": 1.5, "reason": "count"},
        {"mode": "swap", "quantity": 1, "reason": "count"},
        {"mode": "set", "quantity": 1, "reason": "count", "note": "x" * 201},
    ],
)
def test_bad_adjustments_are_422_and_change_nothing(api: Api, body: dict[str, Any]) -> None:
    headers = staff_headers(api)
    resp = api.post("/v1/kiosk/staff/gifts/tote-bag/adjustments", body, headers=headers)
    problem(resp, 422, "validation_error")
    gifts = api.http.get("/v1/kiosk/staff/gifts", headers=headers).json()["gifts"]
    assert gifts[0]["quantity"] == 5


def test_unknown_gift_is_404(api: Api) -> None:
    headers = staff_headers(api)
    body = {"mode": "set", "quantity": 1, "reason": "count"}
    for code in ("nope", "cash-5"):  # unknown; not a gift
        resp = api.post(f"/v1/kiosk/staff/gifts/{code}/adjustments", body, headers=headers)
        problem(resp, 404, "gift_not_found")
    resp = api.post("/v1/kiosk/staff/gifts/Bad%20Code/adjustments", body, headers=headers)
    problem(resp, 422, "validation_error")


def test_adjustments_open_and_close_the_low_stock_alert(api: Api) -> None:
    headers = staff_headers(api)
    path = "/v1/kiosk/staff/gifts/tote-bag/adjustments"
    api.post(path, {"mode": "set", "quantity": 4, "reason": "damaged"}, headers=headers)
    api.post(path, {"mode": "set", "quantity": 3, "reason": "lost"}, headers=headers)
    alerts = open_alerts(api)
    assert [(a["kind"], a["subject"], a["count"], a["detail"]) for a in alerts] == [
        ("gift_stock_low", "tote-bag", 2, {"gift_code": "tote-bag", "quantity": 3})
    ]
    api.post(path, {"mode": "add", "quantity": 10, "reason": "delivery"}, headers=headers)
    assert open_alerts(api) == []
    closed = open_alerts(api, "closed")
    assert [(a["alert_id"], a["closed_by"]) for a in closed] == [(alerts[0]["alert_id"], "api")]
    # The admin's threshold decides what "low" is.
    store = api.demo["store_id"]
    view = admin_put(
        api, f"/v1/admin/stores/{store}/gifts/tote-bag/low-threshold", {"low_threshold": 20}
    )
    assert view["low_threshold"] == 20 and view["quantity"] == 13
    api.post(path, {"mode": "add", "quantity": 1, "reason": "returned"}, headers=headers)
    assert [a["detail"]["quantity"] for a in open_alerts(api)] == [14]


def test_audit_listing_filters(api: Api) -> None:
    headers = staff_headers(api)
    api.post("/v1/kiosk/staff/actions", ACTIONS[1], headers=headers)
    api.clock.advance(timedelta(hours=2))
    other = staff_headers(api, second_kiosk(api))
    api.post("/v1/kiosk/staff/actions", ACTIONS[3], headers=other)
    assert [e["action"] for e in audit(api)] == [
        "login",
        "test_print",
        "login",
        "restart_requested",
    ]
    assert [e["action"] for e in audit(api, kiosk_id=api.demo["kiosk_id"])] == [
        "login",
        "test_print",
    ]
    since = (api.clock.now() - timedelta(hours=1)).isoformat()
    assert [e["action"] for e in audit(api, since=since)] == ["login", "restart_requested"]
    assert len(audit(api, limit=1)) == 1
    api.clock.advance(timedelta(hours=23))
    # Default: the last 24 hours.
    assert [e["action"] for e in audit(api)] == ["login", "restart_requested"]
    store = api.demo["store_id"]
    for params in (
        {"limit": 0},
        {"limit": 501},
        {"since": "yesterday"},
        {"since": "2026-03-10T00:00:00"},
        {"kiosk_id": "a b"},
    ):
        resp = api.http.get(
            f"/v1/admin/stores/{store}/staff-audit", params=params, headers=api.admin_headers
        )
        problem(resp, 422, "validation_error")
    problem(
        api.http.get("/v1/admin/stores/s_nope/staff-audit", headers=api.admin_headers),
        404,
        "store_not_found",
    )


def test_audit_is_append_only_in_the_database(api: Api) -> None:
    staff_headers(api)
    with pytest.raises(DBAPIError, match="append-only"), api.db.write() as session:
        session.execute(text("UPDATE staff_audit SET action = 'nothing'"))
    with pytest.raises(DBAPIError, match="append-only"), api.db.write() as session:
        session.execute(text("DELETE FROM staff_audit"))


def test_audit_holds_no_pin_or_token(api: Api) -> None:
    resp = api.post(
        "/v1/kiosk/staff/sessions", {"card": "S1:9001", "pin": "4321"}, headers=api.kiosk_headers
    )
    token = resp.json()["token"]
    api.post(
        "/v1/kiosk/staff/sessions", {"card": "S1:9001", "pin": "8642"}, headers=api.kiosk_headers
    )
    with api.db.read() as session:
        rows = session.execute(text("SELECT details_json FROM staff_audit")).all()
    dumped = " ".join(r[0] for r in rows)
    assert "4321" not in dumped and "8642" not in dumped and token not in dumped
    assert datetime.fromisoformat(resp.json()["expires_at"])


def test_an_add_past_the_stock_ceiling_is_refused(api: Api) -> None:
    admin_put(
        api, f"/v1/admin/catalogue/tote-bag/stock/{api.demo['store_id']}", {"quantity": 999_990}
    )
    headers = staff_headers(api)
    resp = api.post(
        "/v1/kiosk/staff/gifts/tote-bag/adjustments",
        {"mode": "add", "quantity": 11, "reason": "delivery"},
        headers=headers,
    )
    problem(resp, 422, "stock_invalid")
    gifts = api.http.get("/v1/kiosk/staff/gifts", headers=headers).json()["gifts"]
    assert gifts[0]["quantity"] == 999_990
    assert not [e for e in audit(api) if e["action"] == "gift_stock_adjusted"]


def test_concurrent_adjustments_lose_nothing(api: Api) -> None:
    import threading

    import httpx

    headers = staff_headers(api)
    barrier = threading.Barrier(6)
    afters: list[int] = []

    def add_one() -> None:
        with httpx.Client(base_url=api.base_url, timeout=30) as http:
            barrier.wait()
            resp = http.post(
                "/v1/kiosk/staff/gifts/tote-bag/adjustments",
                json={"mode": "add", "quantity": 1, "reason": "returned"},
                headers=headers | {"Idempotency-Key": f"add-one-{threading.get_ident()}"},
            )
            assert resp.status_code == 201, resp.text
            afters.append(resp.json()["adjustment"]["after"])

    threads = [threading.Thread(target=add_one) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(afters) == [6, 7, 8, 9, 10, 11]
    gifts = api.http.get("/v1/kiosk/staff/gifts", headers=headers).json()["gifts"]
    assert gifts[0]["quantity"] == 11
