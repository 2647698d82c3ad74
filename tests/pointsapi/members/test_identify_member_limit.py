"""Per-member identify limit: wrong rotating codes naming one member number, from any kiosk,
counted in the database (so it holds across worker processes)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest

from pointsapi.app import create_app
from pointsapi.core.clock import ManualClock
from pointsapi.core.security import SecuritySettings
from pointsapi.core.settings import Settings
from tests.pointsapi.conftest import START, Api, LiveServer, problem, start_api
from tests.pointsapi.staff.fixtures import second_kiosk

SECURITY = SecuritySettings(identify_member_failures_per_minute=3)


@pytest.fixture
def limited(db_url: str) -> Iterator[Api]:
    live, api = start_api(db_url, ManualClock(START), security=SECURITY)
    try:
        yield api
    finally:
        api.http.close()
        api.db.dispose()
        live.stop()


def _wrong_code(api: Api, index: int) -> str:
    code = api.current_code(index)
    member_no, otp = code.split(":")[1:]
    return f"M1:{member_no}:{(int(otp) + 1) % 10**8:08d}"


def test_wrong_codes_from_many_kiosks_lock_that_member_number(limited: Api) -> None:
    api = limited
    kiosks = [api.kiosk_headers, second_kiosk(api), second_kiosk(api)]
    for headers in kiosks:
        problem(api.identify(_wrong_code(api, 0), headers=headers), 422, "code_invalid")
    # Every kiosk is far below its own limit, but this member number is locked: even the right
    # code waits.
    resp = api.identify(api.current_code(0), headers=second_kiosk(api))
    problem(resp, 429, "rate_limited")
    assert 1 <= int(resp.headers["Retry-After"]) <= 60
    # Other members and card visits of this member are not affected.
    assert api.identify(api.current_code(1)).status_code == 200
    assert api.identify(api.member(0)["card_number"]).status_code == 200
    api.clock.advance(timedelta(seconds=61))
    assert api.identify(api.current_code(0)).status_code == 200


def test_failures_spread_over_minutes_do_not_add_up(limited: Api) -> None:
    api = limited
    for _ in range(2):
        problem(api.identify(_wrong_code(api, 0)), 422, "code_invalid")
    api.clock.advance(timedelta(seconds=61))
    for _ in range(2):
        problem(api.identify(_wrong_code(api, 0)), 422, "code_invalid")
    assert api.identify(api.current_code(0)).status_code == 200


def test_replayed_and_expired_codes_count_too(limited: Api) -> None:
    api = limited
    old = api.current_code(0)
    api.clock.advance(timedelta(minutes=2))
    problem(api.identify(old), 422, "code_expired")
    problem(api.identify(old), 422, "code_expired")
    code = api.current_code(0)
    assert api.identify(code).status_code == 200
    problem(api.identify(code), 409, "code_replayed")
    api.clock.advance(timedelta(seconds=30))
    problem(api.identify(api.current_code(0)), 429, "rate_limited")


def test_the_limit_holds_across_worker_processes(limited: Api) -> None:
    """A second app on the same database counts on from the first one's failures."""
    api = limited
    other = LiveServer(
        create_app(Settings(database_url=api.db_url, clock=api.clock, security=SECURITY))
    )
    other.start()
    try:
        problem(api.identify(_wrong_code(api, 0)), 422, "code_invalid")
        problem(api.identify(_wrong_code(api, 0)), 422, "code_invalid")
        with httpx.Client(base_url=other.base_url) as http:
            resp = http.post(
                "/v1/kiosk/identify",
                json={"payload": _wrong_code(api, 0)},
                headers=api.kiosk_headers | {"Idempotency-Key": "other-worker-01"},
            )
            problem(resp, 422, "code_invalid")
            resp = http.post(
                "/v1/kiosk/identify",
                json={"payload": api.current_code(0)},
                headers=api.kiosk_headers | {"Idempotency-Key": "other-worker-02"},
            )
            problem(resp, 429, "rate_limited")
        problem(api.identify(api.current_code(0)), 429, "rate_limited")
    finally:
        other.stop()
