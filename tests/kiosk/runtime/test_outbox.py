"""The kiosk-event outbox: nothing lost while the API is away, each message applied once."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from kiosk.client import PointsClient
from kiosk.client.staff import StaffApiClient
from kiosk.runtime.outbox import Outbox


class FlakyApi:
    """httpx's MockTransport as the API: down, then up; records what arrived."""

    def __init__(self) -> None:
        self.up = False
        self.refuse: set[str] = set()
        self.received: list[tuple[str, dict[str, Any]]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if not self.up:
            raise httpx.ConnectError("down", request=request)
        key = request.headers["Idempotency-Key"]
        body = httpx.Response(200, content=request.content).json()
        if body["kind"] in self.refuse:
            return httpx.Response(422, json={"code": "validation_error"})
        self.received.append((key, body))
        return httpx.Response(202, json={"event_id": "e1"})


@pytest.fixture
def api() -> FlakyApi:
    return FlakyApi()


def client_for(api: FlakyApi) -> PointsClient:
    return PointsClient("http://api.test", "tok", transport=httpx.MockTransport(api), retries=0)


def test_messages_wait_for_the_api_and_survive_a_restart(tmp_path: Path, api: FlakyApi) -> None:
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    key = outbox.put("POST", "/v1/kiosk/events", {"kind": "paper_out", "state": "raised"})
    outbox.put("POST", "/v1/kiosk/events", {"kind": "door_open", "state": "raised"})
    assert outbox.flush(client_for(api).call) == 0  # API down: nothing lost
    assert outbox.count() == 2
    outbox.close()

    reopened = Outbox(tmp_path / "outbox.sqlite3")  # the kiosk restarted meanwhile
    assert [m.attempts for m in reopened.pending()] == [1, 0]  # stopped at the first failure
    api.up = True
    assert reopened.flush(client_for(api).call) == 2
    assert reopened.count() == 0
    assert [body["kind"] for _, body in api.received] == ["paper_out", "door_open"]
    assert api.received[0][0] == key  # the key made when it was queued: applied once


def test_a_refused_message_is_set_aside_not_retried_forever(tmp_path: Path, api: FlakyApi) -> None:
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    key = outbox.put("POST", "/v1/kiosk/events", {"kind": "unknown_kind", "state": "raised"})
    outbox.put("POST", "/v1/kiosk/events", {"kind": "help_pressed", "state": "raised"})
    api.up = True
    api.refuse = {"unknown_kind"}
    assert outbox.flush(client_for(api).call) == 2
    assert outbox.count() == 0
    assert [body["kind"] for _, body in api.received] == ["help_pressed"]
    # Kept with the API's reason, not deleted (and it survives a restart).
    outbox.close()
    reopened = Outbox(tmp_path / "outbox.sqlite3")
    (refused,) = reopened.refused()
    assert (refused.idempotency_key, refused.status, refused.code) == (key, 422, "validation_error")
    assert refused.body == {"kind": "unknown_kind", "state": "raised"}
    assert reopened.refused_count() == 1


@pytest.mark.parametrize(
    ("status", "code"),
    [(429, "too_many_requests"), (409, "idempotency_key_in_progress"), (503, "unavailable")],
)
def test_answers_worth_waiting_out_keep_the_message(tmp_path: Path, status: int, code: str) -> None:
    answers = [httpx.Response(status, json={"code": code, "status": status})]

    def api(request: httpx.Request) -> httpx.Response:
        return answers.pop(0) if answers else httpx.Response(202, json={"event_id": "e1"})

    client = PointsClient("http://api.test", "tok", transport=httpx.MockTransport(api), retries=0)
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    outbox.put("POST", "/v1/kiosk/events", {"kind": "door_open", "state": "raised"})
    assert outbox.flush(client.call) == 0
    assert outbox.count() == 1 and outbox.refused_count() == 0
    assert outbox.flush(client.call) == 1
    assert outbox.count() == 0 and outbox.refused_count() == 0


LOGIN = {
    "token": "staff-token",
    "expires_at": "2026-11-22T15:00:00Z",
    "idle_timeout_s": 900,
    "staff": {"staff_id": "stf_1", "display_name": "Li W.", "role": "staff"},
    "store_id": "st_demo",
}


def test_a_staff_record_the_api_cannot_take_waits_for_the_kiosk_audit_endpoint(
    tmp_path: Path,
) -> None:
    seen: list[httpx.Request] = []
    up = [True]

    def api(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/kiosk/staff/sessions":
            return httpx.Response(201, json=LOGIN)
        if not up[0]:
            raise httpx.ConnectError("down", request=request)
        seen.append(request)
        return httpx.Response(201, json={"audit_id": "a1", "recorded_at": "2026-11-22T00:00:00Z"})

    made_at = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
    client = PointsClient("http://api.test", "tok", transport=httpx.MockTransport(api), retries=0)
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    staff_api = StaffApiClient(client.call, clock=lambda: made_at)
    _identity, token = staff_api.login(card="S1:9001", staff_no=None, pin="4321")
    up[0] = False
    staff_api.record(token, "reprint", {"job_id": 7}, later=outbox)  # no exception
    assert outbox.count() == 1
    (queued,) = outbox.pending()
    assert queued.headers == {}  # no staff session token waits on disk
    up[0] = True
    assert outbox.flush(client.call) == 1
    (request,) = seen
    assert request.url.path == "/v1/kiosk/staff/audit"
    assert "X-Staff-Session" not in request.headers
    assert request.headers["Idempotency-Key"] == queued.idempotency_key
    assert json.loads(request.content) == {
        "staff_id": "stf_1",
        "made_at": "2026-11-22T09:30:00+00:00",
        "record": {"action": "reprint", "details": {"job_id": 7}},
    }
