"""Everything that goes wrong is problem+json with a stable code; bad input never gets a 500."""

from __future__ import annotations

import json

import httpx

from tests.pointsapi.conftest import Api, problem


def _post_raw(api: Api, content: bytes, content_type: str = "application/json") -> httpx.Response:
    return api.http.post(
        "/v1/kiosk/identify",
        content=content,
        headers=api.kiosk_headers | {"Idempotency-Key": "raw-key-1", "Content-Type": content_type},
    )


def test_malformed_json(api: Api) -> None:
    problem(_post_raw(api, b'{"payload": '), 400, "malformed_json")
    problem(_post_raw(api, b"\xff\xfe not json"), 400, "malformed_json")


def test_wrong_types_and_missing_and_extra_fields(api: Api) -> None:
    for body in (
        b'{"payload": 12}',
        b"{}",
        b"[]",
        b'"x"',
        b'{"payload": "ok", "extra": 1}',
        b'{"payload": ""}',
        b'{"payload": null}',
    ):
        resp = _post_raw(api, body)
        got = problem(resp, 422, "validation_error")
        assert isinstance(got["errors"], list) and got["errors"], body


def test_validation_errors_do_not_echo_input(api: Api) -> None:
    secret = "M1:100001:" + "9" * 600
    resp = _post_raw(api, json.dumps({"payload": secret}).encode())
    problem(resp, 422, "validation_error")
    assert secret not in resp.text


def test_unknown_route_and_wrong_method(api: Api) -> None:
    problem(api.http.get("/nope"), 404, "not_found")
    problem(api.http.get("/v1/kiosk/members"), 404, "not_found")
    resp = api.http.delete("/healthz")
    problem(resp, 405, "method_not_allowed")
    assert "GET" in resp.headers["allow"]
    problem(
        api.http.get("/v1/kiosk/identify", headers=api.kiosk_headers), 405, "method_not_allowed"
    )


def test_oversized_bodies(api: Api) -> None:
    big = b'{"payload": "' + b"1" * 70_000 + b'"}'
    problem(_post_raw(api, big), 413, "payload_too_large")

    def chunks() -> object:
        for _ in range(20):
            yield b"1" * 8192

    resp = api.http.post(
        "/v1/kiosk/identify",
        content=chunks(),  # type: ignore[arg-type]
        headers=api.kiosk_headers
        | {"Idempotency-Key": "raw-key-2", "Content-Type": "application/json"},
    )
    problem(resp, 413, "payload_too_large")


def test_small_chunked_body_still_works(api: Api) -> None:
    card = api.member(0)["card_number"].encode()

    def chunks() -> object:
        yield b'{"payload": "'
        yield card
        yield b'"}'

    resp = api.http.post(
        "/v1/kiosk/identify",
        content=chunks(),  # type: ignore[arg-type]
        headers=api.kiosk_headers
        | {"Idempotency-Key": "raw-key-3", "Content-Type": "application/json"},
    )
    assert resp.status_code == 200, resp.text


def test_healthz(api: Api) -> None:
    resp = api.http.get("/healthz")
    assert resp.status_code == 200
    assert resp.json() == {"status": "ok", "version": "0.1.0", "database": "ok"}


def test_openapi_document_lists_the_endpoints(api: Api) -> None:
    doc = api.http.get("/openapi.json").json()
    for path in (
        "/healthz",
        "/v1/kiosk/identify",
        "/v1/kiosk/me",
        "/v1/member/code",
        "/v1/kiosk/members/{member_id}/summary",
    ):
        assert path in doc["paths"], path


def test_nul_bytes_and_lone_surrogates_are_validation_errors(api: Api) -> None:
    # Found by schemathesis on PostgreSQL: text columns cannot hold NUL.
    problem(_post_raw(api, b'{"payload": "0004123456\\u0000"}'), 422, "validation_error")
    problem(_post_raw(api, b'{"payload": "\\ud800"}'), 422, "validation_error")
    resp = api.post(
        "/v1/admin/members",
        {"full_name": "A\u0000B", "store_id": api.demo["store_id"]},
        headers=api.admin_headers,
    )
    problem(resp, 422, "validation_error")
    problem(
        api.http.get("/v1/kiosk/members/m_%00/summary", headers=api.kiosk_headers),
        422,
        "validation_error",
    )
