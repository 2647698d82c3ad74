"""A card identifies for viewing and spends only after the PIN; the wheel spins only to what the
server drew, and a prize slip carries the draw id and the seed hash."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import zxingcpp
from PIL import Image

from kiosk.dev.demo import ApiServer, KioskProcess, demo_stack, wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ApiServer, KioskProcess]]:
    with demo_stack(tmp_path_factory.mktemp("pin"), debounce_s=0.5) as pair:
        wait_until(lambda: pair[1].status()["api"]["reachable"], timeout_s=20, what="the API")
        yield pair


def test_a_card_spends_only_after_the_pin(stack: tuple[ApiServer, KioskProcess]) -> None:
    api, kiosk = stack
    member = api.demo["members"][0]
    kiosk.action("/dev/card", line=member["card_number"])
    status = kiosk.wait_for_screen("member")
    assert status["member"]["can_spend"] is False
    before = status["member"]["balance"]
    kiosk.action("/dev/press", button="rewards")
    rewards = wait_until(
        lambda: "rewards" in (s := kiosk.status()) and s, timeout_s=10, what="rewards"
    )
    item = next(r for r in rewards["rewards"] if r["available"])
    kiosk.action("/dev/press", button="choose", code=item["code"])
    kiosk.wait_for_screen("confirm")
    kiosk.action("/dev/press", button="confirm")
    kiosk.wait_for_screen("pin")  # asked for the PIN, nothing spent

    kiosk.action("/dev/press", button="pin", code="9999")
    wrong = wait_until(
        lambda: (s := kiosk.status()).get("notice") and s, timeout_s=10, what="the answer"
    )
    assert wrong["notice"] == "problem.pin_incorrect"
    assert wrong["member"]["balance"] == before

    kiosk.action("/dev/press", button="pin", code=member["pin"])
    done = wait_until(
        lambda: (s := kiosk.status())["screen"] == "voucher" and s.get("printed") is not None and s,
        timeout_s=20,
        what="the voucher",
    )
    assert done["printed"] is True
    assert done["member"]["balance"] == before - item["points"]
    assert done["member"]["can_spend"] is True
    kiosk.action("/dev/press", button="done")
    kiosk.wait_for_screen("idle")


def only_the_gift_can_win(api: ApiServer) -> None:
    """The admin sets today's wheel so that the physical gift is the only outcome."""
    url = f"{api.url}/v1/admin/stores/{api.demo['store_id']}/wheel"
    headers = {"Authorization": f"Bearer {api.demo['admin_token']}"}
    config = httpx.get(url, headers=headers).json()
    for segment in config["segments"]:
        segment["weight"] = 1 if segment["kind"] == "gift" else 0
    body = {
        k: config[k] for k in ("active", "spin_cost_points", "daily_limit", "fallback_segment_id")
    }
    body["daily_budget_points"] = None
    body["segments"] = [{k: v for k, v in s.items() if v is not None} for s in config["segments"]]
    response = httpx.put(url, json=body, headers={**headers, "Idempotency-Key": "e2e-wheel-gift"})
    assert response.status_code == 200, response.text


def journaled_ticket(kiosk: KioskProcess, code_prefix: str) -> dict[str, Any]:
    journal = kiosk.config_path.parent / "kiosk" / "print-journal.sqlite3"
    with sqlite3.connect(journal) as db:
        rows = [
            json.loads(row[0]) for row in db.execute("SELECT ticket FROM print_jobs ORDER BY id")
        ]
    return next(t for t in reversed(rows) if t["code"].startswith(code_prefix))


def test_the_wheel_lands_where_the_server_drew(stack: tuple[ApiServer, KioskProcess]) -> None:
    api, kiosk = stack
    only_the_gift_can_win(api)
    kiosk.action("/dev/scan-member", index=1)
    kiosk.wait_for_screen("member")
    kiosk.action("/dev/clear-camera")
    kiosk.action("/dev/press", button="wheel")
    wheel = wait_until(
        lambda: (s := kiosk.status()).get("wheel", {}).get("seed_hash") and s,
        timeout_s=10,
        what="the wheel",
    )["wheel"]
    assert wheel["result"] is None  # nothing turns before a spin was answered

    kiosk.action("/dev/press", button="spin")
    status = wait_until(
        lambda: (s := kiosk.status())["wheel"]["printed"] is not None and s,
        timeout_s=20,
        what="the draw and its slip",
    )
    result = status["wheel"]["result"]
    assert result["kind"] == "gift"
    assert result["seed_hash"] == wheel["seed_hash"]
    assert status["wheel"]["printed"] is True

    # The gift-claim ticket: journaled with the draw id and the published seed hash, printed
    # with a QR code the counter scans.
    ticket = journaled_ticket(kiosk, "V1.")
    assert ticket["kind"] == "gift"
    assert ticket["draw_id"] == result["draw_id"]
    assert ticket["seed_hash"] == wheel["seed_hash"]
    slip = sorted((kiosk.config_path.parent / "printer").glob("*.png"))[-1]
    codes = [r.text for r in zxingcpp.read_barcodes(Image.open(slip))]
    assert ticket["code"] in codes
    time.sleep(7)  # let the spin animation finish before leaving (nothing asserted on time)
    kiosk.action("/dev/press", button="done")
    kiosk.wait_for_screen("idle")
