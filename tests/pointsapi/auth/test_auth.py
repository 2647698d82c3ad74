"""Credentials: kiosk, admin and member tokens cannot act as one another."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.pointsapi.conftest import Api, problem


def test_missing_and_unknown_tokens_are_401(api: Api) -> None:
    resp = api.http.get("/v1/kiosk/me")
    problem(resp, 401, "unauthenticated")
    assert resp.headers["WWW-Authenticate"] == "Bearer"
    problem(
        api.http.get("/v1/kiosk/me", headers={"Authorization": "Basic abc"}), 401, "unauthenticated"
    )
    problem(
        api.http.get("/v1/kiosk/me", headers={"Authorization": "Bearer nope"}), 401, "invalid_token"
    )
    problem(
        api.http.get("/v1/member/code", headers={"Authorization": "Bearer nope"}),
        401,
        "invalid_token",
    )


def test_kiosk_me(api: Api) -> None:
    resp = api.http.get("/v1/kiosk/me", headers=api.kiosk_headers)
    assert resp.status_code == 200
    assert resp.json() == {
        "kiosk_id": api.demo["kiosk_id"],
        "store": {
            "store_id": api.demo["store_id"],
            "name": {"en": "Demo Store", "zh": "示范店"},
            "timezone": "Asia/Shanghai",
            "currency": "CNY",
        },
    }


@pytest.mark.parametrize("who", ["admin", "member"])
def test_non_kiosk_credentials_cannot_use_kiosk_endpoints(api: Api, who: str) -> None:
    headers = api.admin_headers if who == "admin" else api.member_headers(0)
    problem(api.http.get("/v1/kiosk/me", headers=headers), 403, "wrong_credential")
    problem(api.identify(api.member(0)["card_number"], headers=headers), 403, "wrong_credential")


@pytest.mark.parametrize("who", ["admin", "kiosk"])
def test_non_member_credentials_cannot_get_member_code(api: Api, who: str) -> None:
    headers = api.admin_headers if who == "admin" else api.kiosk_headers
    problem(api.http.get("/v1/member/code", headers=headers), 403, "wrong_credential")


def test_member_code_shape(api: Api) -> None:
    resp = api.http.get("/v1/member/code", headers=api.member_headers(0))
    assert resp.status_code == 200
    body = resp.json()
    assert body["payload"].startswith(f"M1:{api.member(0)['member_no']}:")
    assert len(body["payload"].rsplit(":", 1)[1]) == 8
    assert body["step_seconds"] == 30
    assert body["valid_until"].endswith("Z") or body["valid_until"].endswith("+00:00")


def _session(api: Api, index: int = 0) -> tuple[str, str]:
    resp = api.identify(api.member(index)["card_number"])
    assert resp.status_code == 200, resp.text
    return resp.json()["member"]["member_id"], resp.json()["session"]["token"]


def test_summary_needs_a_session_for_that_member_and_kiosk(api: Api) -> None:
    member_id, token = _session(api, 0)
    path = f"/v1/kiosk/members/{member_id}/summary"
    problem(api.http.get(path, headers=api.kiosk_headers), 401, "member_session_required")
    problem(
        api.http.get(path, headers=api.kiosk_headers | {"X-Member-Session": "ms_nope"}),
        401,
        "member_session_invalid",
    )
    other_path = f"/v1/kiosk/members/{api.member(1)['member_id']}/summary"
    problem(
        api.http.get(other_path, headers=api.kiosk_headers | {"X-Member-Session": token}),
        403,
        "member_session_mismatch",
    )
    ok = api.http.get(path, headers=api.kiosk_headers | {"X-Member-Session": token})
    assert ok.status_code == 200
    assert ok.json()["member_id"] == member_id
    # The session is bound to a kiosk credential; a member token cannot use it.
    problem(
        api.http.get(path, headers=api.member_headers(0) | {"X-Member-Session": token}),
        403,
        "wrong_credential",
    )


def test_member_session_expires(api: Api) -> None:
    member_id, token = _session(api, 0)
    api.clock.advance(timedelta(minutes=11))
    problem(
        api.http.get(
            f"/v1/kiosk/members/{member_id}/summary",
            headers=api.kiosk_headers | {"X-Member-Session": token},
        ),
        401,
        "member_session_expired",
    )


def test_tokens_are_stored_only_as_hashes(api: Api) -> None:
    from sqlalchemy import text

    tokens = [api.demo["kiosk_token"], api.demo["admin_token"]] + [
        m["member_token"] for m in api.demo["members"]
    ]
    with api.db.read() as session:
        rows = []
        for table in ("kiosks", "admins", "member_tokens"):
            rows += [str(r) for r in session.execute(text(f"SELECT * FROM {table}"))]
    dump = "\n".join(rows)
    for token in tokens:
        assert token not in dump
