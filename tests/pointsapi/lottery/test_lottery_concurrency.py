"""Concurrent spins through the real HTTP server (SQLite and PostgreSQL), each client on its own
connection, all released at once by a barrier: a gift is never given beyond its stock, the daily
limit holds, and nonces stay a gapless sequence."""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import func, select

from pointsapi.jobs import reconcile
from pointsapi.lottery.audit import audit_day
from pointsapi.lottery.models import LotteryDraw
from tests.pointsapi.conftest import Api, admin_post, session_headers
from tests.pointsapi.lottery.test_lottery import (
    GOLD,
    SILVER,
    gift_only_wheel,
    put_wheel,
    segment,
    stock_of,
)
from tests.pointsapi.lottery.test_lottery import wheel_config as config_of

SPINS = 50
MAX_ATTEMPTS = 20


def _second_kiosk_session(api: Api, index: int) -> dict[str, str]:
    kiosk = admin_post(api, f"/v1/admin/stores/{api.demo['store_id']}/kiosks", {"name": "kiosk-2"})
    kiosk_headers = {"Authorization": f"Bearer {kiosk['token']}"}
    resp = api.identify(api.current_code(index), headers=kiosk_headers)
    assert resp.status_code == 200, resp.text
    api.clock.advance(timedelta(seconds=30))
    return kiosk_headers | {"X-Member-Session": resp.json()["session"]["token"]}


def _spin_until_answered(client: httpx.Client, headers: dict[str, str]) -> tuple[int, str]:
    """What a kiosk does: fetch, spin; on ``wheel_changed`` fetch again and press again."""
    for _ in range(MAX_ATTEMPTS):
        wheel = client.get("/v1/kiosk/wheel", headers=headers).json()
        resp = client.post(
            "/v1/kiosk/spins",
            json={
                "draw_id": "d_" + uuid.uuid4().hex,
                "wheel_version": wheel["version"],
                "cost_points": wheel["offer"]["cost_points"],
            },
            headers=headers | {"Idempotency-Key": f"race-{uuid.uuid4().hex}"},
        )
        body: dict[str, Any] = resp.json()
        if body.get("code") != "wheel_changed":
            return resp.status_code, str(body.get("segment_id", body.get("code")))
    raise AssertionError("the wheel kept changing")


def _race(api: Api, sessions: list[dict[str, str]]) -> list[tuple[int, str]]:
    barrier = threading.Barrier(len(sessions))

    def one(headers: dict[str, str]) -> tuple[int, str]:
        with httpx.Client(base_url=api.base_url, timeout=120) as client:
            barrier.wait()
            return _spin_until_answered(client, headers)

    with ThreadPoolExecutor(max_workers=len(sessions)) as pool:
        return list(pool.map(one, sessions))


def test_fifty_spins_at_two_kiosks_for_a_gift_with_stock_five(api: Api) -> None:
    gift_only_wheel(api, stock=5)
    at_first = session_headers(api, GOLD)
    at_second = _second_kiosk_session(api, SILVER)

    results = _race(api, [at_first, at_second] * (SPINS // 2))

    counts = Counter(results)
    assert counts == {(200, "gift"): 5, (200, "thanks"): SPINS - 5}, counts
    assert stock_of(api) == 0
    assert reconcile(api.db).problems == []
    with api.db.read() as session:
        report = audit_day(
            session, "demo", api.clock.now().date(), api.clock.now(), before_reveal=True
        )
    assert report.draws_checked == SPINS and report.mismatches == []


def test_the_daily_limit_holds_under_concurrent_spins(api: Api) -> None:
    put_wheel(
        api,
        config_of(
            [segment("p1", "points", 1, points=1), segment("thanks", "thanks", 1)],
            daily_limit=3,
        ),
    )
    at_first = session_headers(api, GOLD)
    at_second = _second_kiosk_session(api, GOLD)  # the same member at two kiosks

    results = _race(api, [at_first, at_second] * 5)

    codes = Counter(code for status, code in results if status == 409)
    assert sum(1 for status, _ in results if status == 200) == 3, results
    assert codes == {"spin_limit_reached": 7}, results
    assert reconcile(api.db).problems == []


def test_simultaneous_retries_of_one_spin_give_one_draw(api: Api) -> None:
    headers = session_headers(api, GOLD)
    wheel = api.http.get("/v1/kiosk/wheel", headers=headers).json()
    body = {"draw_id": "d_" + uuid.uuid4().hex, "wheel_version": wheel["version"], "cost_points": 0}
    key = f"retry-{uuid.uuid4().hex}"
    barrier = threading.Barrier(10)

    def one(_: int) -> tuple[int, str]:
        with httpx.Client(base_url=api.base_url, timeout=120) as client:
            barrier.wait()
            resp = client.post(
                "/v1/kiosk/spins", json=body, headers=headers | {"Idempotency-Key": key}
            )
            return resp.status_code, str(resp.json().get("draw_id", resp.json().get("code")))

    with ThreadPoolExecutor(max_workers=10) as pool:
        results = list(pool.map(one, range(10)))
    assert set(results) == {(200, body["draw_id"])}, results
    with api.db.read() as session:
        assert session.scalar(select(func.count()).select_from(LotteryDraw)) == 1
