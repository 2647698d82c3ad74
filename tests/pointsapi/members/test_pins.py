"""Member PINs: a card visit spends after the PIN; limits, locks, policy, the member's app."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import httpx
import pytest
from sqlalchemy import select

from pointsapi.app import create_app
from pointsapi.core.clock import ManualClock
from pointsapi.core.security import SecuritySettings
from pointsapi.core.settings import Settings
from pointsapi.members.models import MemberPin
from tests.pointsapi.conftest import (
    START,
    Api,
    LiveServer,
    admin_post,
    admin_put,
    problem,
    session_headers,
    start_api,
)
from tests.pointsapi.staff.fixtures import second_kiosk

PIN = "1234"


def _pin(api: Api, headers: dict[str, str], pin: str, key: str | None = None) -> httpx.Response:
    return api.post("/v1/kiosk/sessions/pin", {"pin": pin}, headers=headers, key=key)


def test_right_pin_lets_the_same_card_session_spend(api: Api) -> None:
    assert api.member(0)["pin"] == PIN
    headers = session_headers(api, 0, by_card=True)
    problem(
        api.post("/v1/kiosk/redeem", {"item_code": "coffee"}, headers=headers),
        403,
        "spend_not_allowed",
    )
    resp = _pin(api, headers, PIN)
    assert resp.status_code == 200, resp.text
    session = resp.json()["session"]
    assert session["token"] == headers["X-Member-Session"]
    assert session["can_spend"] is True
    assert session["via"] == "pin"
    datetime.fromisoformat(session["expires_at"])
    resp = api.post("/v1/kiosk/redeem", {"item_code": "coffee"}, headers=headers)
    assert resp.status_code == 200, resp.text


def test_a_code_session_needs_no_pin(api: Api) -> None:
    headers = session_headers(api, 0)
    resp = _pin(api, headers, "0000")
    assert resp.status_code == 200, resp.text
    assert resp.json()["session"] | {"token": ""} == resp.json()["session"] | {
        "token": "",
        "can_spend": True,
        "via": "code",
    }


def test_wrong_pins_count_down_then_lock_and_the_lock_ends(api: Api) -> None:
    headers = session_headers(api, 1, by_card=True)
    for left in (4, 3, 2, 1):
        body = problem(_pin(api, headers, "9999"), 401, "pin_incorrect")
        assert body["attempts_left"] == left
    resp = _pin(api, headers, "9999")
    body = problem(resp, 423, "pin_locked")
    until = datetime.fromisoformat(body["locked_until"])
    assert until.utcoffset() == timedelta(hours=8)  # the store's local time (Asia/Shanghai)
    assert until == api.clock.now() + timedelta(minutes=15)
    assert int(resp.headers["Retry-After"]) == 900
    # Locked: even the right PIN is refused, and from a new card session at another kiosk.
    problem(_pin(api, headers, PIN), 423, "pin_locked")
    other = second_kiosk(api)
    resp = api.identify(api.member(1)["card_number"], headers=other)
    other_session = other | {"X-Member-Session": resp.json()["session"]["token"]}
    problem(_pin(api, other_session, PIN), 423, "pin_locked")
    api.clock.advance(timedelta(minutes=15))
    fresh = session_headers(api, 1, by_card=True)
    assert _pin(api, fresh, PIN).status_code == 200


def test_a_right_pin_resets_the_count(api: Api) -> None:
    headers = session_headers(api, 1, by_card=True)
    problem(_pin(api, headers, "9999"), 401, "pin_incorrect")
    assert _pin(api, headers, PIN).status_code == 200
    again = session_headers(api, 1, by_card=True)
    assert problem(_pin(api, again, "9999"), 401, "pin_incorrect")["attempts_left"] == 4


def test_a_retry_with_the_same_key_does_not_burn_a_try(api: Api) -> None:
    headers = session_headers(api, 1, by_card=True)
    first = _pin(api, headers, "9999", key="pin-retry-0001")
    second = _pin(api, headers, "9999", key="pin-retry-0001")
    assert problem(first, 401, "pin_incorrect")["attempts_left"] == 4
    assert problem(second, 401, "pin_incorrect")["attempts_left"] == 4
    assert second.headers["Idempotent-Replayed"] == "true"
    assert problem(_pin(api, headers, "9999"), 401, "pin_incorrect")["attempts_left"] == 3


def test_the_lock_is_in_the_database_not_in_one_process(db_url: str) -> None:
    """A second app on the same database (another worker process, or after a restart) counts
    on from where the first one stopped."""
    clock = ManualClock(START)
    security = SecuritySettings(member_pin_attempts=2)
    live, api = start_api(db_url, clock, security=security)
    other = LiveServer(create_app(Settings(database_url=db_url, clock=clock, security=security)))
    other.start()
    try:
        headers = session_headers(api, 1, by_card=True)
        assert problem(_pin(api, headers, "9999"), 401, "pin_incorrect")["attempts_left"] == 1
        with httpx.Client(base_url=other.base_url) as http:
            resp = http.post(
                "/v1/kiosk/sessions/pin",
                json={"pin": "9999"},
                headers=headers | {"Idempotency-Key": "other-worker-1"},
            )
        problem(resp, 423, "pin_locked")
    finally:
        other.stop()
        api.http.close()
        api.db.dispose()
        live.stop()


def test_pin_not_set(api: Api) -> None:
    created = admin_post(
        api,
        "/v1/admin/members",
        {"full_name": "Zhang San", "store_id": api.demo["store_id"], "card_number": "0007770001"},
    )
    resp = api.identify("0007770001")
    headers = api.kiosk_headers | {"X-Member-Session": resp.json()["session"]["token"]}
    problem(_pin(api, headers, PIN), 409, "pin_not_set")
    member = {"Authorization": f"Bearer {created['member_token']}"}
    resp = api.http.put(
        "/v1/member/pin", json={"pin": "864200"}, headers=member | {"Idempotency-Key": "set-pin-01"}
    )
    assert resp.status_code == 200, resp.text
    assert resp.json()["pin_set"] is True
    assert _pin(api, headers, "864200").status_code == 200


def test_member_changes_pin_in_the_app_and_it_clears_a_lock(api: Api) -> None:
    headers = session_headers(api, 2, by_card=True)
    for _ in range(5):
        _pin(api, headers, "9999")
    problem(_pin(api, headers, PIN), 423, "pin_locked")
    resp = api.http.put(
        "/v1/member/pin",
        json={"pin": "2468"},
        headers=api.member_headers(2) | {"Idempotency-Key": "change-pin-1"},
    )
    assert resp.status_code == 200, resp.text
    problem(_pin(api, headers, PIN), 401, "pin_incorrect")
    assert _pin(api, headers, "2468").status_code == 200


def test_store_policy_code_only(api: Api) -> None:
    store = api.demo["store_id"]
    path = f"/v1/admin/stores/{store}/pin-policy"
    assert api.http.get(path, headers=api.admin_headers).json() == {
        "store_id": store,
        "member_pin_spend": True,
    }
    assert admin_put(api, path, {"member_pin_spend": False})["member_pin_spend"] is False
    headers = session_headers(api, 0, by_card=True)
    problem(_pin(api, headers, PIN), 403, "pin_not_allowed")
    admin_put(api, path, {"member_pin_spend": True})
    assert _pin(api, headers, PIN).status_code == 200
    problem(
        api.http.get("/v1/admin/stores/s_nope/pin-policy", headers=api.admin_headers),
        404,
        "store_not_found",
    )


def test_session_errors(api: Api) -> None:
    problem(_pin(api, api.kiosk_headers, PIN), 401, "member_session_required")
    problem(
        _pin(api, api.kiosk_headers | {"X-Member-Session": "ms_nope"}, PIN),
        401,
        "member_session_invalid",
    )
    headers = session_headers(api, 0, by_card=True)
    other = second_kiosk(api) | {"X-Member-Session": headers["X-Member-Session"]}
    problem(_pin(api, other, PIN), 403, "member_session_mismatch")
    api.clock.advance(timedelta(minutes=11))
    problem(_pin(api, headers, PIN), 401, "member_session_expired")


@pytest.mark.parametrize("pin", ["123", "1234567", "12a4", "１２３４", "", 1234, None])
def test_malformed_pins_are_422_and_not_counted(api: Api, pin: object) -> None:
    headers = session_headers(api, 0, by_card=True)
    problem(
        api.post("/v1/kiosk/sessions/pin", {"pin": pin}, headers=headers), 422, "validation_error"
    )
    assert problem(_pin(api, headers, "9999"), 401, "pin_incorrect")["attempts_left"] == 4


def test_pins_are_stored_as_salted_scrypt_hashes_and_never_logged(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    with api.db.read() as session:
        rows = list(session.scalars(select(MemberPin)))
    assert len(rows) == 3
    assert len({r.pin_hash for r in rows}) == 3  # same PIN, different salts
    for row in rows:
        assert len(row.pin_salt) == 16 and len(row.pin_hash) == 32
        assert PIN.encode() not in row.pin_hash
    caplog.set_level(logging.DEBUG)
    headers = session_headers(api, 0, by_card=True)
    _pin(api, headers, "9753")
    _pin(api, headers, PIN)
    assert "9753" not in caplog.text and f'"{PIN}"' not in caplog.text


def test_concurrent_wrong_pins_are_all_counted(api: Api) -> None:
    import threading

    headers = session_headers(api, 1, by_card=True)
    barrier = threading.Barrier(8)
    answers: list[tuple[int, int | None]] = []

    def wrong() -> None:
        with httpx.Client(base_url=api.base_url, timeout=30) as http:
            barrier.wait()
            resp = http.post(
                "/v1/kiosk/sessions/pin",
                json={"pin": "9999"},
                headers=headers | {"Idempotency-Key": f"wrong-{threading.get_ident()}"},
            )
            answers.append((resp.status_code, resp.json().get("attempts_left")))

    threads = [threading.Thread(target=wrong) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(left for status, left in answers if status == 401) == [1, 2, 3, 4]
    assert [status for status, _ in answers].count(423) == 4
