"""The API client's translation of answers and failures (httpx's own MockTransport as the peer).

The same client runs against the real server in tests/e2e; here we reach the corners a real
server rarely shows: resets, garbage bodies, contract drift.
"""

from __future__ import annotations

import json

import httpx
import pytest

from kiosk.client import ApiError, ApiUnavailable, PointsClient
from tests.kiosk.factories import identified_json


def client_for(handler: httpx.MockTransport | None = None, **kw: object) -> PointsClient:
    return PointsClient("http://api.test", "tok", transport=handler, **kw)  # type: ignore[arg-type]


def test_identify_sends_token_key_and_payload() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=identified_json())

    result = client_for(httpx.MockTransport(handler)).identify("M1:100001:12345678")
    assert result.member.balance == 12345
    assert result.session.can_spend is True
    (request,) = seen
    assert request.headers["Authorization"] == "Bearer tok"
    assert len(request.headers["Idempotency-Key"]) >= 16
    assert json.loads(request.content) == {"payload": "M1:100001:12345678"}


def test_retries_reuse_the_same_idempotency_key() -> None:
    keys: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        keys.append(request.headers["Idempotency-Key"])
        if len(keys) < 3:
            raise httpx.ConnectError("reset", request=request)
        return httpx.Response(200, json=identified_json())

    client_for(httpx.MockTransport(handler), retries=2).identify("M1:1:12345678")
    assert len(keys) == 3
    assert len(set(keys)) == 1


def test_problem_json_becomes_api_error_with_code() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            409,
            json={"code": "code_replayed", "title": "Replayed", "status": 409, "detail": "used"},
            headers={"Content-Type": "application/problem+json"},
        )

    with pytest.raises(ApiError) as info:
        client_for(httpx.MockTransport(handler)).identify("M1:1:12345678")
    assert info.value.code == "code_replayed"
    assert info.value.status == 409
    assert not isinstance(info.value, ApiUnavailable)


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(503, text="busy"),
        httpx.Response(200, text="<html>captive portal</html>"),
        httpx.Response(200, json=[1, 2]),
        httpx.Response(200, json={"member": {"balance": "lots"}, "session": {}}),
    ],
)
def test_unusable_answers_are_unavailable(response: httpx.Response) -> None:
    transport = httpx.MockTransport(lambda request: response)
    with pytest.raises(ApiUnavailable):
        client_for(transport, retries=0).identify("M1:1:12345678")


def test_connection_refused_is_unavailable() -> None:
    client = PointsClient("http://127.0.0.1:9", "tok", timeout_s=1, retries=0)
    with pytest.raises(ApiUnavailable):
        client.health()


def test_boolean_is_not_a_points_figure() -> None:
    transport = httpx.MockTransport(
        lambda r: httpx.Response(200, json=identified_json(balance=True))
    )
    with pytest.raises(ApiUnavailable):
        client_for(transport).identify("M1:1:12345678")
