"""Redeeming at the real kiosk against the real API: the voucher is journaled, printed (simulated
printer writing real ESC/POS bytes and a PNG), the QR on paper redeems once at a till, and no
points are taken while the printer is out of paper."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import zxingcpp
from PIL import Image

from kiosk.dev.demo import ApiServer, KioskProcess, demo_stack, wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ApiServer, KioskProcess]]:
    with demo_stack(tmp_path_factory.mktemp("redeem"), debounce_s=0.5) as pair:
        yield pair


def printed_jobs(kiosk: KioskProcess) -> list[Path]:
    folder = kiosk.config_path.parent / "printer"
    return sorted(folder.glob("*.png")) if folder.exists() else []


def till_token(api: ApiServer) -> str:
    response = httpx.post(
        f"{api.url}/v1/admin/stores/{api.demo['store_id']}/tills",
        json={"name": "till 1"},
        headers={
            "Authorization": f"Bearer {api.demo['admin_token']}",
            "Idempotency-Key": "e2e-till-1",
        },
    )
    response.raise_for_status()
    token: str = response.json()["token"]
    return token


def visit(kiosk: KioskProcess, index: int) -> dict[str, Any]:
    kiosk.action("/dev/scan-member", index=index)
    status = kiosk.wait_for_screen("member")
    kiosk.action("/dev/clear-camera")
    return status


def open_first_affordable(kiosk: KioskProcess) -> dict[str, Any]:
    kiosk.action("/dev/press", button="rewards")
    rewards = wait_until(
        lambda: "rewards" in (s := kiosk.status()) and s, timeout_s=10, what="the rewards list"
    )
    item: dict[str, Any] = next(r for r in rewards["rewards"] if r["available"])
    kiosk.action("/dev/press", button="choose", code=item["code"])
    kiosk.wait_for_screen("confirm")
    return item


def test_redeem_prints_a_voucher_that_redeems_once_at_the_till(
    stack: tuple[ApiServer, KioskProcess],
) -> None:
    api, kiosk = stack
    wait_until(lambda: kiosk.status()["api"]["reachable"], timeout_s=20, what="API reachable")
    before = visit(kiosk, 0)["member"]["balance"]
    item = open_first_affordable(kiosk)
    kiosk.action("/dev/press", button="confirm")
    status = wait_until(
        lambda: (s := kiosk.status())["screen"] == "voucher" and s.get("printed") is not None and s,
        timeout_s=20,
        what="the voucher to print",
    )
    assert status["printed"] is True
    assert status["member"]["balance"] == before - item["points"]

    (job,) = printed_jobs(kiosk)
    # Real ESC/POS bytes, ending with a cut (GS V); the PNG is rendered from those bytes.
    assert job.with_suffix(".bin").read_bytes()[-3:-1] == b"\x1dV"
    codes = [r.text for r in zxingcpp.read_barcodes(Image.open(job))]
    (code,) = [c for c in codes if c.startswith("V1.")]

    # The API heard that it printed (journal outbox), and the cashier's till takes it once.
    wait_until(
        lambda: kiosk.status()["print_queue"]["unnotified"] == 0,
        timeout_s=20,
        what="the API to be told",
    )
    headers = {"Authorization": f"Bearer {till_token(api)}"}
    first = httpx.post(
        f"{api.url}/v1/till/vouchers/redeem",
        json={"code": code},
        headers={**headers, "Idempotency-Key": "e2e-redeem-1"},
    )
    assert first.status_code == 200, first.text
    assert first.json()["state"] == "redeemed"
    second = httpx.post(
        f"{api.url}/v1/till/vouchers/redeem",
        json={"code": code},
        headers={**headers, "Idempotency-Key": "e2e-redeem-2"},
    )
    assert second.status_code == 409
    kiosk.action("/dev/press", button="done")
    kiosk.wait_for_screen("idle")


def test_no_points_taken_while_out_of_paper_and_a_failed_print_is_saved(
    stack: tuple[ApiServer, KioskProcess],
) -> None:
    _, kiosk = stack
    jobs_before = len(printed_jobs(kiosk))
    kiosk.action("/dev/printer", paper_out=True)
    wait_until(
        lambda: kiosk.status()["printer_can_print"] is False, timeout_s=15, what="paper out seen"
    )
    # A rotating code identifies once per 30 s step: this visit covers both failures.
    before = visit(kiosk, 1)["member"]["balance"]
    item = open_first_affordable(kiosk)
    kiosk.action("/dev/press", button="confirm")
    status = wait_until(
        lambda: (s := kiosk.status()).get("notice") and s, timeout_s=10, what="a notice"
    )
    assert status["notice"] == "problem.paper_out"
    assert status["member"]["balance"] == before
    assert len(printed_jobs(kiosk)) == jobs_before

    # Paper back, but the printer fails in the middle of the job.
    kiosk.action("/dev/printer", paper_out=False, fail_mid_job=True)
    wait_until(lambda: kiosk.status()["printer_can_print"], timeout_s=15, what="paper back")
    kiosk.action("/dev/press", button="confirm")
    status = wait_until(
        lambda: (s := kiosk.status())["screen"] == "voucher" and s.get("printed") is not None and s,
        timeout_s=20,
        what="the print attempt",
    )
    assert status["printed"] is False  # "your voucher is saved; staff will print it"
    assert status["print_queue"]["failed"] == 1
    assert status["member"]["balance"] == before - item["points"]
    kiosk.action("/dev/printer", fail_mid_job=False)
    kiosk.action("/dev/press", button="done")
    kiosk.wait_for_screen("idle")
