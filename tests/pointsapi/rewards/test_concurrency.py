"""No overdraw, no oversold stock: 50 concurrent clients against one balance and one gift.

Runs on SQLite (writes serialised by BEGIN IMMEDIATE) and PostgreSQL (row locks), through the
real HTTP server, each client on its own connection, all released at once by a barrier.
"""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from pointsapi.jobs import reconcile
from tests.pointsapi.conftest import Api, admin_post, admin_put, summary

CLIENTS = 50


def _race(api: Api, headers: dict[str, str], item_code: str) -> list[tuple[int, str]]:
    barrier = threading.Barrier(CLIENTS)

    def one(_: int) -> tuple[int, str]:
        with httpx.Client(base_url=api.base_url, timeout=120) as client:
            barrier.wait()
            resp = client.post(
                "/v1/kiosk/redeem",
                json={"item_code": item_code},
                headers=headers | {"Idempotency-Key": f"race-{uuid.uuid4().hex}"},
            )
            body: dict[str, Any] = resp.json()
            return resp.status_code, str(body.get("code", "ok"))

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        return list(pool.map(one, range(CLIENTS)))


def _item(api: Api, code: str, kind: str, points: int) -> None:
    admin_post(
        api,
        "/v1/admin/catalogue",
        {"code": code, "kind": kind, "name_en": code, "name_zh": code, "points_cost": points},
    )


def test_fifty_redeemers_against_a_balance_for_ten(api: Api) -> None:
    new = admin_post(
        api, "/v1/admin/members", {"full_name": "Race Member", "store_id": api.demo["store_id"]}
    )
    assert new["balance"] == 50  # registration bonus
    _item(api, "pen", "voucher", 5)
    code = api.http.get(
        "/v1/member/code", headers={"Authorization": f"Bearer {new['member_token']}"}
    ).json()["payload"]
    session = api.identify(code).json()["session"]["token"]
    headers = api.kiosk_headers | {"X-Member-Session": session}

    results = _race(api, headers, "pen")

    counts = Counter(results)
    assert counts[(200, "ok")] == 10, counts
    assert counts[(409, "insufficient_points")] == CLIENTS - 10, counts
    resp = api.http.get(f"/v1/kiosk/members/{new['member_id']}/summary", headers=headers)
    assert resp.json()["balance"] == 0
    assert reconcile(api.db).problems == []


def test_fifty_redeemers_against_a_gift_stock_of_five(api: Api) -> None:
    _item(api, "mug", "gift", 10)
    admin_put(api, f"/v1/admin/catalogue/mug/stock/{api.demo['store_id']}", {"quantity": 5})
    code = api.current_code(1)
    session = api.identify(code).json()["session"]["token"]
    headers = api.kiosk_headers | {"X-Member-Session": session}
    before = summary(api, headers, 1)["balance"]

    results = _race(api, headers, "mug")

    counts = Counter(results)
    assert counts[(200, "ok")] == 5, counts
    assert counts[(409, "out_of_stock")] == CLIENTS - 5, counts
    assert summary(api, headers, 1)["balance"] == before - 5 * 10
    items = api.http.get("/v1/kiosk/catalogue", headers=headers).json()["items"]
    assert next(i for i in items if i["code"] == "mug")["stock"] == 0
    assert reconcile(api.db).problems == []
