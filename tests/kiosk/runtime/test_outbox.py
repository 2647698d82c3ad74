"""The kiosk-event outbox: nothing lost while the API is away, each message applied once."""

from __future__ import annotations

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


def test_a_refused_message_is_dropped_not_retried_forever(tmp_path: Path, api: FlakyApi) -> None:
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    outbox.put("POST", "/v1/kiosk/events", {"kind": "unknown_kind", "state": "raised"})
    outbox.put("POST", "/v1/kiosk/events", {"kind": "help_pressed", "state": "raised"})
    api.up = True
    api.refuse = {"unknown_kind"}
    assert outbox.flush(client_for(api).call) == 2
    assert outbox.count() == 0
    assert [body["kind"] for _, body in api.received] == ["help_pressed"]


def test_a_staff_record_the_api_cannot_take_waits_with_its_session(tmp_path: Path) -> None:
    seen: list[httpx.Request] = []
    up = [False]

    def api(request: httpx.Request) -> httpx.Response:
        if not up[0]:
            raise httpx.ConnectError("down", request=request)
        seen.append(request)
        return httpx.Response(201, json={"audit_id": "a1", "recorded_at": "2026-11-22T00:00:00Z"})

    client = PointsClient("http://api.test", "tok", transport=httpx.MockTransport(api), retries=0)
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    staff_api = StaffApiClient(client.call)
    staff_api.record("staff-token", "reprint", {"job_id": 7}, later=outbox)  # no exception
    assert outbox.count() == 1
    up[0] = True
    assert outbox.flush(client.call) == 1
    (request,) = seen
    assert request.url.path == "/v1/kiosk/staff/actions"
    assert request.headers["X-Staff-Session"] == "staff-token"
    assert b'"reprint"' in request.content
