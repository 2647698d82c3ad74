"""POST /v1/kiosk/identify: rotating codes, cards, replay, expiry, unknown payloads."""

from __future__ import annotations

from datetime import timedelta

import httpx
from sqlalchemy import update

from pointsapi.members.models import Member
from tests.pointsapi.conftest import Api, problem


def test_rotating_code_opens_a_spending_session(api: Api) -> None:
    resp = api.identify(api.current_code(0))
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["member"]["member_id"] == api.member(0)["member_id"]
    assert body["session"]["via"] == "code"
    assert body["session"]["can_spend"] is True
    assert body["session"]["token"]


def test_card_opens_a_view_only_session(api: Api) -> None:
    resp = api.identify(api.member(1)["card_number"])
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["member"]["member_id"] == api.member(1)["member_id"]
    assert body["session"] == body["session"] | {"via": "card", "can_spend": False}


def test_card_in_other_reader_formats(api: Api) -> None:
    card = api.member(2)["card_number"]
    for payload in (f";{card}=4912?", f"MC{card}", f"  {card}\n"):
        resp = api.identify(payload)
        assert resp.status_code == 200, (payload, resp.text)
        assert resp.json()["member"]["member_id"] == api.member(2)["member_id"]


def test_code_is_refused_when_replayed_even_at_another_kiosk(api: Api) -> None:
    code = api.current_code(0)
    assert api.identify(code).status_code == 200
    problem(api.identify(code), 409, "code_replayed")
    other = _second_kiosk(api)
    problem(api.identify(code, headers=other), 409, "code_replayed")


def test_next_step_code_is_accepted_after_a_use(api: Api) -> None:
    assert api.identify(api.current_code(0)).status_code == 200
    api.clock.advance(timedelta(seconds=30))
    assert api.identify(api.current_code(0)).status_code == 200


def test_code_from_previous_step_is_still_accepted(api: Api) -> None:
    code = api.current_code(0)
    api.clock.advance(timedelta(seconds=30))
    assert api.identify(code).status_code == 200


def test_old_code_is_expired(api: Api) -> None:
    code = api.current_code(0)
    api.clock.advance(timedelta(minutes=2))
    problem(api.identify(code), 422, "code_expired")


def test_wrong_otp_is_invalid(api: Api) -> None:
    member_no = api.member(0)["member_no"]
    code = api.current_code(0)
    wrong = f"M1:{member_no}:{(int(code.rsplit(':', 1)[1]) + 1) % 10**8:08d}"
    problem(api.identify(wrong), 422, "code_invalid")


def test_unknown_member_and_unknown_card(api: Api) -> None:
    problem(api.identify("M1:999999:12345678"), 404, "member_not_found")
    problem(api.identify("0009999999"), 404, "member_not_found")


def test_other_payload_kinds_are_unrecognised(api: Api) -> None:
    for payload in ("S1:9001", "R1.abc.def", "V1.abc.def", "hello world", "M1:12:1"):
        body = problem(api.identify(payload), 400, "payload_unrecognised")
        assert payload not in body["detail"]


def test_blocked_member_is_refused(api: Api) -> None:
    with api.db.write() as session:
        session.execute(
            update(Member).where(Member.id == api.member(1)["member_id"]).values(status="blocked")
        )
    problem(api.identify(api.member(1)["card_number"]), 403, "member_blocked")


def test_repeated_failures_are_rate_limited(db_url: str) -> None:
    from pointsapi.core.clock import ManualClock
    from tests.pointsapi.conftest import START, start_api

    clock = ManualClock(START)
    live, api = start_api(db_url, clock, identify_failures_per_minute=3)
    try:
        for _ in range(3):
            problem(api.identify("0009999999"), 404, "member_not_found")
        resp = api.identify(api.member(0)["card_number"])
        problem(resp, 429, "rate_limited")
        assert int(resp.headers["Retry-After"]) >= 1
        clock.advance(timedelta(seconds=61))
        assert api.identify(api.member(0)["card_number"]).status_code == 200
    finally:
        api.http.close()
        api.db.dispose()
        live.stop()


def _second_kiosk(api: Api) -> dict[str, str]:
    from pointsapi.core.tokens import hash_token, new_id, new_token
    from pointsapi.stores.models import Kiosk

    token = new_token("kt")
    with api.db.write() as session:
        session.add(
            Kiosk(
                id=new_id("k"),
                store_id=api.demo["store_id"],
                name="second",
                token_hash=hash_token(token),
                active=True,
                created_at=api.clock.now(),
            )
        )
    return {"Authorization": f"Bearer {token}"}


def test_the_kiosk_limit_holds_across_worker_processes(db_url: str) -> None:
    """Failures at one kiosk counted by two apps on one database (two workers) add up."""
    from pointsapi.app import create_app
    from pointsapi.core.clock import ManualClock
    from pointsapi.core.settings import Settings
    from tests.pointsapi.conftest import START, LiveServer, start_api

    clock = ManualClock(START)
    live, api = start_api(db_url, clock, identify_failures_per_minute=3)
    other = LiveServer(
        create_app(Settings(database_url=api.db_url, clock=clock, identify_failures_per_minute=3))
    )
    other.start()
    try:
        problem(api.identify("0009999999"), 404, "member_not_found")
        problem(api.identify("0009999998"), 404, "member_not_found")
        with httpx.Client(base_url=other.base_url) as http:
            resp = http.post(
                "/v1/kiosk/identify",
                json={"payload": "0009999997"},
                headers=api.kiosk_headers | {"Idempotency-Key": "other-worker-01"},
            )
            problem(resp, 404, "member_not_found")
        problem(api.identify(api.member(0)["card_number"]), 429, "rate_limited")
    finally:
        other.stop()
        api.http.close()
        api.db.dispose()
        live.stop()
