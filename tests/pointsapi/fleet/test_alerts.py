"""Kiosk events open, bump and close alerts; admins list and close them."""

from __future__ import annotations

import threading
import uuid
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.pointsapi.conftest import Api, admin_post, problem
from tests.pointsapi.staff.fixtures import open_alerts, second_kiosk


def _event(
    api: Api,
    kind: str,
    state: str = "raised",
    detail: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
    key: str | None = None,
) -> httpx.Response:
    body: dict[str, Any] = {"kind": kind, "state": state, "occurred_at": "2026-03-10T03:59:00Z"}
    if detail is not None:
        body["detail"] = detail
    return api.post("/v1/kiosk/events", body, headers=headers or api.kiosk_headers, key=key)


def test_raise_bump_and_clear(api: Api) -> None:
    first = _event(api, "paper_low", detail={"reason": "paper_low_switch"})
    assert first.status_code == 202, first.text
    alert = first.json()["alert"]
    assert first.json()["event_id"].startswith("ev_")
    assert alert | {"alert_id": "", "opened_at": "", "last_seen_at": ""} == {
        "alert_id": "",
        "kiosk_id": api.demo["kiosk_id"],
        "kind": "paper_low",
        "subject": "",
        "state": "open",
        "opened_at": "",
        "last_seen_at": "",
        "count": 1,
        "detail": {"reason": "paper_low_switch"},
        "closed_at": None,
        "closed_by": None,
    }
    api.clock.advance(timedelta(minutes=5))
    again = _event(api, "paper_low", detail={"reason": "paper_estimate_low"}).json()["alert"]
    assert again["alert_id"] == alert["alert_id"]
    assert again["count"] == 2
    assert datetime.fromisoformat(again["last_seen_at"]) == api.clock.now()
    assert again["detail"] == {"reason": "paper_estimate_low"}
    cleared = _event(api, "paper_low", "cleared", {"reason": "paper_low_switch"}).json()["alert"]
    assert cleared["state"] == "closed" and cleared["closed_by"] == "kiosk"
    assert open_alerts(api) == []
    # A clear with nothing open is recorded and answers no alert.
    resp = _event(api, "paper_low", "cleared", {"reason": "paper_low_switch"})
    assert resp.status_code == 202 and resp.json()["alert"] is None
    # Raised again: a new alert.
    fresh = _event(api, "paper_low", detail={"reason": "paper_near_end"}).json()["alert"]
    assert fresh["alert_id"] != alert["alert_id"]


def test_one_open_alert_per_kiosk_kind_and_subject(api: Api) -> None:
    other = second_kiosk(api)
    _event(api, "door_open")
    _event(api, "door_open", headers=other)
    _event(api, "paper_out", detail={"reason": "printer_offline"})
    _event(api, "gift_stock_low", detail={"gift_code": "tote-bag", "quantity": 2})
    found = open_alerts(api)
    assert sorted((a["kind"], a["kiosk_id"] == api.demo["kiosk_id"]) for a in found) == [
        ("door_open", False),
        ("door_open", True),
        ("gift_stock_low", True),
        ("paper_out", True),
    ]
    assert [a["subject"] for a in found if a["kind"] == "gift_stock_low"] == ["tote-bag"]


def test_concurrent_raises_open_one_alert(api: Api) -> None:
    barrier = threading.Barrier(6)
    results: list[int] = []

    def raise_help() -> None:
        with httpx.Client(base_url=api.base_url, timeout=30) as http:
            barrier.wait()
            resp = http.post(
                "/v1/kiosk/events",
                json={"kind": "door_open", "state": "raised", "occurred_at": "2026-03-10T04:00Z"},
                headers=api.kiosk_headers | {"Idempotency-Key": f"door-{uuid.uuid4().hex}"},
            )
            results.append(resp.status_code)

    threads = [threading.Thread(target=raise_help) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [202] * 6
    found = open_alerts(api)
    assert [(a["kind"], a["count"]) for a in found] == [("door_open", 6)]


def test_help_is_closed_by_staff_or_admin_never_by_the_kiosk(api: Api) -> None:
    problem(_event(api, "help_pressed", "cleared"), 422, "validation_error")
    alert = _event(api, "help_pressed").json()["alert"]
    closed = admin_post(api, f"/v1/admin/alerts/{alert['alert_id']}/close", {}, status=200)
    assert closed["state"] == "closed" and closed["closed_by"] == "admin"
    api.clock.advance(timedelta(minutes=1))
    again = admin_post(api, f"/v1/admin/alerts/{alert['alert_id']}/close", {}, status=200)
    assert again == closed  # unchanged
    problem(
        api.post("/v1/admin/alerts/al_nope/close", {}, headers=api.admin_headers),
        404,
        "alert_not_found",
    )


def test_listing_states_and_order(api: Api) -> None:
    _event(api, "door_open")
    api.clock.advance(timedelta(minutes=1))
    _event(api, "paper_out", detail={"reason": "paper_out"})
    api.clock.advance(timedelta(minutes=1))
    _event(api, "door_open", "cleared")
    assert [a["kind"] for a in open_alerts(api)] == ["paper_out"]
    assert [a["kind"] for a in open_alerts(api, "closed")] == ["door_open"]
    assert [a["kind"] for a in open_alerts(api, "all")] == ["paper_out", "door_open"]
    store = api.demo["store_id"]
    resp = api.http.get(
        f"/v1/admin/stores/{store}/alerts", params={"state": "maybe"}, headers=api.admin_headers
    )
    problem(resp, 422, "validation_error")
    problem(
        api.http.get("/v1/admin/stores/s_nope/alerts", headers=api.admin_headers),
        404,
        "store_not_found",
    )
    problem(
        api.http.get(f"/v1/admin/stores/{store}/alerts", headers=api.kiosk_headers),
        403,
        "wrong_credential",
    )


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "fire", "state": "raised", "occurred_at": "2026-03-10T04:00:00Z"},
        {"kind": "door_open", "state": "open", "occurred_at": "2026-03-10T04:00:00Z"},
        {"kind": "door_open", "state": "raised", "occurred_at": "2026-03-10T04:00:00"},
        {"kind": "door_open", "state": "raised"},
        {"kind": "door_open", "state": "raised", "occurred_at": "9999-12-31T23:59:59-23:59"},
        {"kind": "paper_low", "state": "raised", "occurred_at": "2026-03-10T04:00:00Z"},
        {
            "kind": "paper_low",
            "state": "raised",
            "occurred_at": "2026-03-10T04:00:00Z",
            "detail": {"reason": "paper_out"},
        },
        {
            "kind": "door_open",
            "state": "raised",
            "occurred_at": "2026-03-10T04:00:00Z",
            "detail": {"open": True},
        },
        {
            "kind": "gift_stock_low",
            "state": "raised",
            "occurred_at": "2026-03-10T04:00:00Z",
            "detail": {"gift_code": "tote-bag"},
        },
    ],
)
def test_malformed_events_are_422(api: Api, body: dict[str, Any]) -> None:
    problem(api.post("/v1/kiosk/events", body, headers=api.kiosk_headers), 422, "validation_error")
    assert open_alerts(api, "all") == []


def test_gift_stock_low_for_a_gift_this_store_does_not_stock(api: Api) -> None:
    for code in ("unknown-gift", "cash-5"):
        body = problem(
            _event(api, "gift_stock_low", detail={"gift_code": code, "quantity": 1}),
            422,
            "validation_error",
        )
        assert body["errors"][0]["loc"] == ["body", "detail", "gift_code"]


def test_a_replayed_event_is_applied_once(api: Api) -> None:
    first = _event(api, "door_open", key="door-event-0001")
    again = _event(api, "door_open", key="door-event-0001")
    assert again.json() == first.json()
    assert [a["count"] for a in open_alerts(api)] == [1]
