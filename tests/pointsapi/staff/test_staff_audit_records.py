"""``POST /v1/kiosk/staff/audit``: a staff action the kiosk queued while offline is recorded
after the staff session ended, with who made it and when (issue 12, finding 7)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from tests.pointsapi.conftest import Api, admin_post, problem
from tests.pointsapi.staff.fixtures import audit, second_kiosk, staff_headers

RECORD: dict[str, Any] = {"action": "test_print", "details": {"printed": True, "reason": ""}}


def _late(api: Api, body: dict[str, Any], *, key: str | None = None, headers: Any = None) -> Any:
    return api.post("/v1/kiosk/staff/audit", body, headers=headers or api.kiosk_headers, key=key)


def _logout(api: Api, headers: dict[str, str]) -> None:
    resp = api.post("/v1/kiosk/staff/sessions/current/logout", {"reason": "done"}, headers=headers)
    assert resp.status_code == 200, resp.text


def test_a_record_made_in_a_session_is_kept_after_the_session_ended(api: Api) -> None:
    staff = api.demo["staff"][0]
    headers = staff_headers(api)
    made_at = api.clock.now() + timedelta(minutes=1)
    api.clock.advance(timedelta(minutes=2))
    _logout(api, headers)
    api.clock.advance(timedelta(hours=3))
    # The staff endpoint refuses it now (what the kiosk's outbox used to drop).
    problem(
        api.post("/v1/kiosk/staff/actions", RECORD, headers=headers), 401, "staff_session_invalid"
    )
    body = {"staff_id": staff["staff_id"], "made_at": made_at.isoformat(), "record": RECORD}
    resp = _late(api, body, key="late-rec-1")
    assert resp.status_code == 201, resp.text
    again = _late(api, body, key="late-rec-1")
    assert again.json() == resp.json()  # a retry of the outbox is the same record
    entries = [e for e in audit(api) if e["action"] == "test_print"]
    assert len(entries) == 1
    entry = entries[0]
    assert entry["audit_id"] == resp.json()["audit_id"]
    assert (entry["staff_id"], entry["staff_no"], entry["kiosk_id"]) == (
        staff["staff_id"],
        "9001",
        api.demo["kiosk_id"],
    )
    assert datetime.fromisoformat(entry["at"]) == made_at
    assert entry["details"] == RECORD["details"]


def test_a_record_whose_first_attempt_was_applied_is_not_recorded_twice(api: Api) -> None:
    staff = api.demo["staff"][0]
    headers = staff_headers(api)
    first = api.post("/v1/kiosk/staff/actions", RECORD, headers=headers, key="staff-rec-1")
    assert first.status_code == 201, first.text  # ...but the kiosk never saw this answer
    made_at = api.clock.now()
    _logout(api, headers)
    body = {"staff_id": staff["staff_id"], "made_at": made_at.isoformat(), "record": RECORD}
    resp = _late(api, body, key="staff-rec-1")
    assert resp.status_code == 201, resp.text
    assert resp.json()["audit_id"] == first.json()["audit_id"]
    assert len([e for e in audit(api) if e["action"] == "test_print"]) == 1


def test_what_a_kiosk_may_claim_is_checked(api: Api) -> None:
    staff = api.demo["staff"][0]
    headers = staff_headers(api)
    now = api.clock.now()
    _logout(api, headers)

    def body(**over: Any) -> dict[str, Any]:
        return {"staff_id": staff["staff_id"], "made_at": now.isoformat(), "record": RECORD} | over

    problem(_late(api, body(staff_id="stf_nobody")), 404, "staff_not_found")
    future = (api.clock.now() + timedelta(hours=1)).isoformat()
    problem(_late(api, body(made_at=future)), 422, "audit_time_in_future")
    old = (api.clock.now() - timedelta(days=8)).isoformat()
    problem(_late(api, body(made_at=old)), 422, "audit_record_too_old")
    # Before the staff member logged in at this kiosk: no session then.
    before = (now - timedelta(hours=2)).isoformat()
    problem(_late(api, body(made_at=before)), 403, "staff_session_not_found")
    # Another kiosk of the store cannot claim a session held at this one.
    problem(_late(api, body(), headers=second_kiosk(api)), 403, "staff_session_not_found")
    # A staff member of another store.
    other = admin_post(
        api,
        "/v1/admin/stores",
        {
            "code": "other",
            "name_en": "Other",
            "name_zh": "别店",
            "timezone": "Asia/Shanghai",
            "currency": "CNY",
        },
    )
    stranger = admin_post(
        api,
        "/v1/admin/staff",
        {
            "staff_no": "7001",
            "display_name": "Wu X.",
            "store_ids": [other["store_id"]],
            "pin": "482193",
        },
    )
    problem(_late(api, body(staff_id=stranger["staff_id"])), 403, "staff_not_at_store")
    # Not without the kiosk credential; malformed records are 422.
    problem(api.post("/v1/kiosk/staff/audit", body(), headers={}), 401, "unauthenticated")
    problem(_late(api, body(record={"action": "dance", "details": {}})), 422, "validation_error")
    problem(_late(api, body(made_at="2026-03-10T04:00:00")), 422, "validation_error")
    assert [e for e in audit(api) if e["action"] == "test_print"] == []
