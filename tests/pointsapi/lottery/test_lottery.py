"""The prize wheel through the real HTTP server: the wheel, spins, limits, budget, stock,
idempotency, admin configuration and the public seeds. Every wheel and spin answer is also
parsed with the kiosk's own parser (``kiosk.core.wheel``): the contract test of docs/lottery.md.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import func, select

from kiosk.core.wheel import fairness as kiosk_fairness
from kiosk.core.wheel import parse_spin, parse_wheel
from pointsapi.core.actor import Actor
from pointsapi.jobs import reconcile
from pointsapi.ledger.models import LedgerEntry
from pointsapi.lottery.models import LotteryDay, LotteryDraw
from pointsapi.lottery.state import store_day
from pointsapi.lottery.stock import adjust_gift_stock
from pointsapi.rewards.models import ItemStock, Voucher
from pointsapi.stores.models import Store
from tests.pointsapi.conftest import Api, admin_post, admin_put, problem, session_headers, summary

SILVER, GOLD, BRONZE = 0, 1, 2


def new_draw_id() -> str:
    return "d_" + uuid.uuid4().hex


def get_wheel(api: Api, headers: dict[str, str] | None = None) -> dict[str, Any]:
    resp = api.http.get("/v1/kiosk/wheel", headers=headers or api.kiosk_headers)
    assert resp.status_code == 200, resp.text
    body: dict[str, Any] = resp.json()
    parse_wheel(body)  # the kiosk accepts it
    return body


def spin(
    api: Api,
    headers: dict[str, str],
    wheel: dict[str, Any],
    *,
    key: str | None = None,
    draw_id: str | None = None,
    cost: int | None = None,
    version: int | None = None,
) -> httpx.Response:
    body = {
        "draw_id": draw_id or new_draw_id(),
        "wheel_version": version if version is not None else wheel["version"],
        "cost_points": cost if cost is not None else wheel["offer"]["cost_points"],
    }
    return api.post("/v1/kiosk/spins", body, headers=headers, key=key)


def spin_ok(api: Api, headers: dict[str, str]) -> dict[str, Any]:
    """Fetch the wheel and spin once at the cost shown; the answer, checked by the kiosk."""
    wheel = get_wheel(api, headers)
    resp = spin(api, headers, wheel)
    assert resp.status_code == 200, resp.text
    out: dict[str, Any] = resp.json()
    parse_spin(out, parse_wheel(wheel))
    return out


def put_wheel(api: Api, body: dict[str, Any], status: int = 200) -> httpx.Response:
    resp = api.http.put(
        f"/v1/admin/stores/{api.demo['store_id']}/wheel",
        json=body,
        headers=api.admin_headers | {"Idempotency-Key": f"wheel-{uuid.uuid4().hex}"},
    )
    assert resp.status_code == status, resp.text
    return resp


def segment(seg_id: str, kind: str, weight: int, **prize: Any) -> dict[str, Any]:
    return {
        "id": seg_id,
        "kind": kind,
        "label": {"en": seg_id, "zh": seg_id},
        "colour": "#112233",
        "weight": weight,
        **prize,
    }


def wheel_config(segments: list[dict[str, Any]], **overrides: Any) -> dict[str, Any]:
    return {
        "spin_cost_points": 0,
        "daily_limit": 100,
        "daily_budget_points": None,
        "fallback_segment_id": "thanks",
        "segments": segments,
    } | overrides


def gift_only_wheel(api: Api, stock: int, item: str = "tote-bag", **overrides: Any) -> None:
    """A wheel whose gift always wins while it is in stock (the fallback has weight 0)."""
    put_wheel(
        api,
        wheel_config(
            [segment("gift", "gift", 1, item_code=item), segment("thanks", "thanks", 0)],
            **overrides,
        ),
    )
    admin_put(api, f"/v1/admin/catalogue/{item}/stock/{api.demo['store_id']}", {"quantity": stock})


def draws_in_db(api: Api) -> int:
    with api.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(LotteryDraw)) or 0)


def stock_of(api: Api, item_code: str = "tote-bag") -> int:
    items = api.http.get("/v1/kiosk/catalogue", headers=session_headers(api, GOLD)).json()["items"]
    stock: int = next(i for i in items if i["code"] == item_code)["stock"]
    return stock


# --- the wheel ----------------------------------------------------------------------------------


def test_demo_wheel_without_and_with_a_member_session(api: Api) -> None:
    idle = get_wheel(api)
    assert idle["offer"] is None
    assert len(idle["segments"]) == 8
    assert sum(s["probability_ppm"] for s in idle["segments"]) == 1_000_000
    assert idle["fallback_segment_id"] == "thanks"
    assert idle["spin_cost_points"] == 100 and idle["daily_limit"] == 3
    tote = next(s for s in idle["segments"] if s["id"] == "tote")
    assert tote["kind"] == "gift" and tote["prints"] and not tote["out_of_stock"]
    assert tote["image"] == {"asset": "tote.png"}
    assert tote["prize"] == {"name": {"en": "Tote bag", "zh": "环保袋"}}
    fairness = idle["fairness"]
    assert fairness["algorithm"] == "hmac-sha256-v1"
    assert fairness["store_day"] == "2026-03-10"
    with api.db.read() as session:
        day = session.get(LotteryDay, (api.demo["store_id"], store_day_of(api)))
        assert day is not None
        assert fairness["seed_hash"] == hashlib.sha256(day.seed).hexdigest()

    headers = session_headers(api, SILVER)
    wheel = get_wheel(api, headers)
    assert wheel["version"] == idle["version"]
    assert wheel["offer"] == {
        "cost_points": 0,
        "free_spins_left": 1,
        "spins_left_today": 3,
        "balance": summary(api, headers, SILVER)["balance"],
    }


def store_day_of(api: Api) -> Any:
    with api.db.read() as session:
        store = session.get(Store, api.demo["store_id"])
        assert store is not None
        return store_day(store, api.clock.now())


def test_etag_and_not_modified(api: Api) -> None:
    first = api.http.get("/v1/kiosk/wheel", headers=api.kiosk_headers)
    etag = first.headers["ETag"]
    again = api.http.get("/v1/kiosk/wheel", headers=api.kiosk_headers | {"If-None-Match": etag})
    assert again.status_code == 304
    assert again.headers["ETag"] == etag
    admin_put(api, f"/v1/admin/catalogue/tote-bag/stock/{api.demo['store_id']}", {"quantity": 0})
    changed = api.http.get("/v1/kiosk/wheel", headers=api.kiosk_headers | {"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.json()["version"] == first.json()["version"] + 1


def test_out_of_stock_gift_moves_its_weight_to_the_fallback(api: Api) -> None:
    before = get_wheel(api)
    admin_put(api, f"/v1/admin/catalogue/tote-bag/stock/{api.demo['store_id']}", {"quantity": 0})
    after = get_wheel(api)
    assert after["version"] == before["version"] + 1
    old = {s["id"]: s for s in before["segments"]}
    new = {s["id"]: s for s in after["segments"]}
    assert new["tote"]["out_of_stock"] and new["tote"]["weight"] == 0
    assert new["tote"]["probability_ppm"] == 0
    assert new["thanks"]["weight"] == old["thanks"]["weight"] + old["tote"]["weight"]
    # Back in stock: back on the wheel, and again a new version.
    admin_put(api, f"/v1/admin/catalogue/tote-bag/stock/{api.demo['store_id']}", {"quantity": 2})
    again = get_wheel(api)
    assert again["version"] == after["version"] + 1
    assert [s["weight"] for s in again["segments"]] == [s["weight"] for s in before["segments"]]


def test_no_wheel_or_switched_off(api: Api) -> None:
    config = api.http.get(
        f"/v1/admin/stores/{api.demo['store_id']}/wheel", headers=api.admin_headers
    ).json()
    config = {k: v for k, v in config.items() if k not in ("wheel_id", "store_id", "version")}
    put_wheel(api, config | {"active": False})
    problem(api.http.get("/v1/kiosk/wheel", headers=api.kiosk_headers), 404, "wheel_not_configured")
    headers = session_headers(api, SILVER)
    body = {"draw_id": new_draw_id(), "wheel_version": 1, "cost_points": 0}
    problem(api.post("/v1/kiosk/spins", body, headers=headers), 404, "wheel_not_configured")
    put_wheel(api, config | {"active": True})
    assert get_wheel(api)["segments"]


# --- spins --------------------------------------------------------------------------------------


def test_free_spin_then_paid_spins_then_the_daily_limit(api: Api) -> None:
    headers = session_headers(api, SILVER)
    start = summary(api, headers, SILVER)["balance"]
    assert summary(api, headers, SILVER)["spins_left"] == 1

    first = spin_ok(api, headers)
    assert first["paid_with"] == "free" and first["cost_points"] == 0 and first["nonce"] == 1
    assert first["offer"]["cost_points"] == 100 and first["offer"]["free_spins_left"] == 0
    assert first["offer"]["spins_left_today"] == 2
    assert first["member"]["spins_left"] == 0
    second = spin_ok(api, headers)
    assert second["paid_with"] == "points" and second["cost_points"] == 100
    assert second["nonce"] == 2
    third = spin_ok(api, headers)
    assert third["offer"]["spins_left_today"] == 0
    won = sum(s["points_won"] for s in (first, second, third))
    assert third["balance_after"] == start - 200 + won
    assert summary(api, headers, SILVER)["balance"] == start - 200 + won

    wheel = get_wheel(api, headers)
    problem(spin(api, headers, wheel), 409, "spin_limit_reached")
    assert draws_in_db(api) == 3
    assert reconcile(api.db).problems == []

    # The next store day: a new seed, a new version, the limits start again.
    api.clock.advance(timedelta(days=1))
    headers = session_headers(api, SILVER)
    nxt = get_wheel(api, headers)
    assert nxt["version"] > wheel["version"]
    assert nxt["fairness"]["store_day"] == "2026-03-11"
    assert nxt["fairness"]["seed_hash"] != wheel["fairness"]["seed_hash"]
    assert nxt["offer"]["spins_left_today"] == 3 and nxt["offer"]["cost_points"] == 0
    problem(spin(api, headers, nxt, version=wheel["version"]), 409, "wheel_changed")
    assert spin_ok(api, headers)["nonce"] == 1


def test_spin_refusals_charge_nothing(api: Api) -> None:
    headers = session_headers(api, SILVER)
    balance = summary(api, headers, SILVER)["balance"]
    wheel = get_wheel(api, headers)
    problem(spin(api, headers, wheel, version=wheel["version"] + 5), 409, "wheel_changed")
    body = problem(spin(api, headers, wheel, cost=100), 409, "spin_cost_changed")
    assert body["cost_points"] == 0
    card = session_headers(api, SILVER, by_card=True)
    problem(spin(api, card, wheel), 403, "spend_not_allowed")
    no_session = {"draw_id": new_draw_id(), "wheel_version": wheel["version"], "cost_points": 0}
    problem(
        api.post("/v1/kiosk/spins", no_session, headers=api.kiosk_headers),
        401,
        "member_session_required",
    )
    bad = api.post(
        "/v1/kiosk/spins",
        {"draw_id": "short", "wheel_version": 1, "cost_points": 0},
        headers=headers,
    )
    problem(bad, 422, "validation_error")
    assert draws_in_db(api) == 0
    assert summary(api, headers, SILVER)["balance"] == balance


def test_insufficient_points(api: Api) -> None:
    put_wheel(
        api,
        wheel_config(
            [segment("p1", "points", 1, points=1), segment("thanks", "thanks", 1)],
            spin_cost_points=10_000,
        ),
    )
    headers = session_headers(api, BRONZE)
    spin_ok(api, headers)  # the Bronze tier's free spin
    wheel = get_wheel(api, headers)
    assert wheel["offer"]["cost_points"] == 10_000
    body = problem(spin(api, headers, wheel), 409, "insufficient_points")
    assert body["required"] == 10_000 and body["balance"] == wheel["offer"]["balance"]
    assert draws_in_db(api) == 1


def test_retry_with_the_same_key_returns_the_same_draw(api: Api) -> None:
    headers = session_headers(api, GOLD)
    wheel = get_wheel(api, headers)
    key, draw_id = f"spin-{uuid.uuid4().hex}", new_draw_id()
    first = spin(api, headers, wheel, key=key, draw_id=draw_id)
    assert first.status_code == 200, first.text
    again = spin(api, headers, wheel, key=key, draw_id=draw_id)
    assert again.status_code == 200
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert again.json() == first.json()
    assert draws_in_db(api) == 1
    # The same draw id under another key is another spin: refused.
    wheel = get_wheel(api, headers)
    problem(spin(api, headers, wheel, draw_id=draw_id), 409, "draw_id_reused")
    # The same key for another request: refused.
    problem(spin(api, headers, wheel, key=key), 409, "idempotency_key_reused")
    assert draws_in_db(api) == 1


def test_gift_prize_issues_a_claim_ticket_naming_the_draw(api: Api) -> None:
    gift_only_wheel(api, stock=2)
    headers = session_headers(api, GOLD)
    out = spin_ok(api, headers)
    assert out["kind"] == "gift" and out["segment_id"] == "gift"
    slip = out["voucher"]
    assert slip["kind"] == "gift" and slip["item_code"] == "tote-bag"
    assert slip["draw_id"] == out["draw_id"]
    assert slip["seed_hash"] == out["seed_hash"]
    assert slip["store_day"] == out["store_day"] and slip["nonce"] == out["nonce"]
    assert slip["code"].startswith("V1.")
    assert stock_of(api) == 1
    # Printed, then voided by an admin: the gift goes back to stock, the spin's cost back.
    resp = api.post(f"/v1/kiosk/vouchers/{slip['voucher_id']}/printed", {}, headers=headers)
    assert resp.json()["state"] == "printed"
    voided = admin_post(api, f"/v1/admin/vouchers/{slip['voucher_id']}/void", {}, status=200)
    assert voided["state"] == "voided"
    assert stock_of(api) == 2
    assert reconcile(api.db).problems == []


def test_voucher_prize(api: Api) -> None:
    put_wheel(
        api,
        wheel_config(
            [segment("cash", "voucher", 1, item_code="cash-5"), segment("thanks", "thanks", 0)]
        ),
    )
    headers = session_headers(api, GOLD)
    out = spin_ok(api, headers)
    assert out["kind"] == "voucher"
    assert out["voucher"]["kind"] == "voucher" and out["voucher"]["value_minor"] == 500
    with api.db.read() as session:
        draw = session.get(LotteryDraw, out["draw_id"])
        assert draw is not None and draw.voucher_id == out["voucher"]["voucher_id"]
        voucher = session.get(Voucher, draw.voucher_id)
        assert voucher is not None and voucher.spend_entry_id == draw.entry_id


def test_the_last_gift_changes_the_wheel_for_everyone(api: Api) -> None:
    gift_only_wheel(api, stock=1)
    a = session_headers(api, GOLD)
    b = session_headers(api, SILVER)
    wheel_a = get_wheel(api, a)
    wheel_b = get_wheel(api, b)
    assert spin(api, a, wheel_a).json()["kind"] == "gift"
    # B still shows the wheel with the gift: refused, nothing charged; refetched: thanks.
    problem(spin(api, b, wheel_b), 409, "wheel_changed")
    fresh = get_wheel(api, b)
    gift = next(s for s in fresh["segments"] if s["id"] == "gift")
    assert gift["out_of_stock"] and fresh["version"] == wheel_b["version"] + 1
    assert spin_ok(api, b)["kind"] == "thanks"
    assert stock_of(api) == 0


def test_daily_budget_cap(api: Api) -> None:
    put_wheel(
        api,
        wheel_config(
            [
                segment("p50", "points", 1, points=50),
                segment("cash", "voucher", 0, item_code="cash-5", budget_points=40),
                segment("thanks", "thanks", 0),
            ],
            daily_budget_points=140,
        ),
    )
    headers = session_headers(api, GOLD)
    kinds = [spin_ok(api, headers)["segment_id"] for _ in range(4)]
    # 50 + 50 = 100 of 140: a third 50 would exceed the cap, so p50 is off the wheel.
    assert kinds == ["p50", "p50", "thanks", "thanks"]
    wheel = get_wheel(api, headers)
    p50 = next(s for s in wheel["segments"] if s["id"] == "p50")
    cash = next(s for s in wheel["segments"] if s["id"] == "cash")
    assert p50["out_of_stock"] and not cash["out_of_stock"]  # 100 + 40 still fits
    with api.db.read() as session:
        day = session.get(LotteryDay, (api.demo["store_id"], store_day_of(api)))
        assert day is not None and day.budget_used == 100


# --- admin --------------------------------------------------------------------------------------


def test_admin_wheel_round_trip_and_validation(api: Api) -> None:
    body = wheel_config(
        [
            segment("p5", "points", 3, points=5) | {"image": {"asset": "coin.png"}},
            segment("tote", "gift", 1, item_code="tote-bag")
            | {"image": {"url": "https://cdn.example/tote.png", "sha256": "a" * 64}},
            segment("thanks", "thanks", 6),
        ],
        daily_budget_points=1000,
    )
    saved = put_wheel(api, body).json()
    assert saved["segments"][1]["budget_points"] == 800  # default: the item's points cost
    assert saved["segments"][0]["image"] == {"asset": "coin.png"}
    got = api.http.get(
        f"/v1/admin/stores/{api.demo['store_id']}/wheel", headers=api.admin_headers
    ).json()
    assert got == saved
    wheel = get_wheel(api)
    assert wheel["version"] == saved["version"]
    assert [s["weight"] for s in wheel["segments"]] == [3, 1, 6]

    def refused(config: dict[str, Any], code: str = "wheel_invalid") -> None:
        resp = api.http.put(
            f"/v1/admin/stores/{api.demo['store_id']}/wheel",
            json=config,
            headers=api.admin_headers | {"Idempotency-Key": f"bad-{uuid.uuid4().hex}"},
        )
        problem(resp, 422, code)

    two = [segment("a", "points", 1, points=1), segment("thanks", "thanks", 1)]
    refused(wheel_config([*two, segment("a", "thanks", 1)]))
    refused(wheel_config(two, fallback_segment_id="nope"))
    refused(
        wheel_config(
            [segment("g", "gift", 1, item_code="tote-bag"), segment("thanks", "thanks", 1)],
            fallback_segment_id="g",
        )
    )
    refused(wheel_config([segment("v", "voucher", 1, item_code="tote-bag"), two[1]]))
    refused(wheel_config([segment("v", "voucher", 1, item_code="no-such-item"), two[1]]))
    refused(wheel_config([segment("p", "points", 1), two[1]]))
    refused(wheel_config([segment("p", "points", 0, points=1), segment("thanks", "thanks", 0)]))
    refused(wheel_config(two[:1]), code="validation_error")
    refused(wheel_config([two[0] | {"colour": "red"}, two[1]]), code="validation_error")
    refused(
        wheel_config([two[0] | {"label": {"en": "x" * 25, "zh": "x"}}, two[1]]), "validation_error"
    )
    resp = api.http.put(
        "/v1/admin/stores/s_0000000000000000/wheel",
        json=body,
        headers=api.admin_headers | {"Idempotency-Key": f"nostore-{uuid.uuid4().hex}"},
    )
    problem(resp, 404, "store_not_found")
    assert get_wheel(api)["version"] == saved["version"]


# --- gift stock for staff -----------------------------------------------------------------------


def test_adjust_gift_stock(api: Api) -> None:
    staff = Actor("system", "staff-test")
    with api.db.write() as session:
        store = session.get(Store, api.demo["store_id"])
        assert store is not None
        change = adjust_gift_stock(
            session, store=store, item_code="tote-bag", delta=3, reason="delivery", actor=staff
        )
        assert (change.before, change.after, change.delta) == (5, 8, 3)
        change = adjust_gift_stock(
            session, store=store, item_code="tote-bag", counted=0, reason="count", actor=staff
        )
        assert (change.before, change.after) == (8, 0)
    assert next(s for s in get_wheel(api)["segments"] if s["id"] == "tote")["out_of_stock"]
    with api.db.write() as session:
        store = session.get(Store, api.demo["store_id"])
        assert store is not None
        for kwargs, code in (
            ({"item_code": "tote-bag", "delta": -1}, "stock_invalid"),
            ({"item_code": "cash-5", "delta": 1}, "gift_not_found"),
            ({"item_code": "nothing", "counted": 1}, "gift_not_found"),
        ):
            try:
                adjust_gift_stock(session, store=store, reason="correction", actor=staff, **kwargs)
            except Exception as exc:  # ApiError
                assert getattr(exc, "code", None) == code
            else:
                raise AssertionError(f"{kwargs} was accepted")
        stock = session.get(ItemStock, (stock_item_id(session), store.id))
        assert stock is not None and stock.quantity == 0


def stock_item_id(session: Any) -> str:
    from pointsapi.rewards.models import CatalogueItem

    item_id = session.scalar(select(CatalogueItem.id).where(CatalogueItem.code == "tote-bag"))
    assert isinstance(item_id, str)
    return item_id


# --- public fairness records --------------------------------------------------------------------


def test_seed_hashes_published_ahead_and_revealed_after_the_day(api: Api) -> None:
    store_id = api.demo["store_id"]
    days = api.http.get(f"/v1/public/lottery/{store_id}/days").json()["days"]
    assert [d["store_day"] for d in days] == ["2026-03-10", "2026-03-11"]
    assert all(d["seed"] is None and not d["revealed"] for d in days)
    tomorrow_hash = days[1]["seed_hash"]

    headers = session_headers(api, GOLD)
    spins = [spin_ok(api, headers) for _ in range(3)]
    today = api.http.get(f"/v1/public/lottery/{store_id}/days/2026-03-10").json()
    assert today["seed"] is None and today["draws"] == []

    api.clock.advance(timedelta(days=1))
    assert get_wheel(api)["fairness"]["seed_hash"] == tomorrow_hash  # as published the day before
    day = api.http.get(f"/v1/public/lottery/{store_id}/days/2026-03-10").json()
    assert day["revealed"]
    seed = bytes.fromhex(day["seed"])
    assert kiosk_fairness.seed_hash(seed) == day["seed_hash"] == spins[0]["seed_hash"]
    assert [d["draw_id"] for d in day["draws"]] == [s["draw_id"] for s in spins]
    for record, out in zip(day["draws"], spins, strict=True):
        index = kiosk_fairness.draw_index(
            seed, record["draw_id"], record["nonce"], record["weights"]
        )
        assert record["segment_ids"][index] == out["segment_id"] == record["segment_id"]
        assert int(record["number"], 16) == kiosk_fairness.draw_number(
            seed, record["draw_id"], record["nonce"]
        )
    problem(
        api.http.get(f"/v1/public/lottery/{store_id}/days/2020-01-01"), 404, "lottery_day_not_found"
    )
    problem(api.http.get(f"/v1/public/lottery/{store_id}/days/2026-02-30"), 422, "validation_error")
    problem(api.http.get("/v1/public/lottery/s_0000000000000000/days"), 404, "store_not_found")


def test_free_spins_come_from_the_tier(api: Api) -> None:
    headers = session_headers(api, GOLD)  # Gold: 2 free spins a day
    assert summary(api, headers, GOLD)["spins_left"] == 2
    assert [spin_ok(api, headers)["paid_with"] for _ in range(3)] == ["free", "free", "points"]
    with api.db.read() as session:
        entries = session.scalars(
            select(LedgerEntry.points).where(LedgerEntry.reason == "lottery_spin")
        ).all()
    assert sorted(entries) == [-100, 0, 0]


def test_a_catalogue_redemption_of_the_last_gift_takes_it_off_the_wheel(api: Api) -> None:
    """One shelf, one count: the wheel's gift stock is the catalogue's store stock."""
    admin_put(api, f"/v1/admin/catalogue/tote-bag/stock/{api.demo['store_id']}", {"quantity": 1})
    headers = session_headers(api, GOLD)
    shown = get_wheel(api, headers)
    assert not next(s for s in shown["segments"] if s["id"] == "tote")["out_of_stock"]
    redeemed = api.post("/v1/kiosk/redeem", {"item_code": "tote-bag"}, headers=headers)
    assert redeemed.status_code == 200, redeemed.text
    # The wheel the member still sees had the gift: the spin is refused, nothing charged.
    problem(spin(api, headers, shown), 409, "wheel_changed")
    fresh = get_wheel(api, headers)
    assert next(s for s in fresh["segments"] if s["id"] == "tote")["out_of_stock"]
    assert fresh["version"] == shown["version"] + 1


def test_an_expired_member_session_cannot_spin(api: Api) -> None:
    headers = session_headers(api, GOLD)
    wheel = get_wheel(api, headers)
    api.clock.advance(timedelta(minutes=11))
    problem(spin(api, headers, wheel), 401, "member_session_expired")
    problem(api.http.get("/v1/kiosk/wheel", headers=headers), 401, "member_session_expired")
    assert draws_in_db(api) == 0


def test_adjust_gift_stock_reads_the_locked_count_not_a_stale_one(api: Api) -> None:
    """On PostgreSQL a row read earlier in the transaction may have changed before the lock:
    the adjustment must start from the locked count. (SQLite writers exclude each other from
    the start of the transaction, so there is nothing to go stale.)"""
    if api.db.sqlite:
        return
    staff = Actor("system", "staff-test")
    with api.db.write() as session:
        store = session.get(Store, api.demo["store_id"])
        assert store is not None
        item_id = stock_item_id(session)
        seen = session.get(ItemStock, (item_id, store.id))
        assert seen is not None and seen.quantity == 5
        with api.db.write() as other:  # a concurrent delivery commits meanwhile
            row = other.get(ItemStock, (item_id, store.id))
            assert row is not None
            row.quantity = 9
        change = adjust_gift_stock(
            session, store=store, item_code="tote-bag", delta=1, reason="delivery", actor=staff
        )
        assert (change.before, change.after) == (9, 10)
    assert stock_of(api) == 10
