"""Issue 7's walk-through, real kiosk against real API: the paper-low switch trips, members can
no longer redeem, staff log in with card and PIN, mark the paper replaced, reprint a ticket that
failed, add gift stock, and the API holds the audit entries and the alerts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from kiosk.dev.demo import ApiServer, KioskProcess, demo_stack, wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ApiServer, KioskProcess]]:
    with demo_stack(tmp_path_factory.mktemp("staff"), debounce_s=0.5) as pair:
        yield pair


def staff(kiosk: KioskProcess) -> dict[str, Any]:
    state: dict[str, Any] = kiosk.status()["staff"]
    return state


def wait_staff(kiosk: KioskProcess, check: Any, what: str) -> dict[str, Any]:
    result: dict[str, Any] = wait_until(
        lambda: (s := staff(kiosk)) and check(s) and s, timeout_s=20, what=what
    )
    return result


def admin_get(api: ApiServer, path: str) -> dict[str, Any]:
    response = httpx.get(
        f"{api.url}{path}", headers={"Authorization": f"Bearer {api.demo['admin_token']}"}
    )
    response.raise_for_status()
    body: dict[str, Any] = response.json()
    return body


def redeem_first_affordable(kiosk: KioskProcess, member: int) -> dict[str, Any]:
    kiosk.action("/dev/scan-member", index=member)
    kiosk.wait_for_screen("member")
    kiosk.action("/dev/clear-camera")
    kiosk.action("/dev/press", button="rewards")
    rewards = wait_until(
        lambda: "rewards" in (s := kiosk.status()) and s, timeout_s=10, what="rewards"
    )
    item = next(r for r in rewards["rewards"] if r["available"])
    kiosk.action("/dev/press", button="choose", code=item["code"])
    kiosk.wait_for_screen("confirm")
    kiosk.action("/dev/press", button="confirm")

    def outcome() -> dict[str, Any] | None:
        status = kiosk.status()
        return status if status.get("notice") or status.get("printed") is not None else None

    result: dict[str, Any] = wait_until(outcome, timeout_s=20, what="the redemption's outcome")
    return result


def test_staff_restock_and_reprint(stack: tuple[ApiServer, KioskProcess]) -> None:
    api, kiosk = stack
    wait_until(lambda: kiosk.status()["api"]["reachable"], timeout_s=20, what="API reachable")

    # A ticket that failed to print: saved in the journal for staff.
    kiosk.action("/dev/printer", fail_mid_job=True)
    failed = redeem_first_affordable(kiosk, 0)
    assert failed["printed"] is False
    kiosk.action("/dev/printer", fail_mid_job=False)
    kiosk.action("/dev/press", button="done")
    kiosk.wait_for_screen("idle")

    # The paper-low switch trips: nothing that prints is sold any more.
    kiosk.action("/dev/gpio", input="paper_low", active=True)
    wait_until(lambda: kiosk.status()["printer_can_print"] is False, timeout_s=15, what="paper")
    refused = redeem_first_affordable(kiosk, 1)
    assert refused["notice"] == "problem.paper_out"
    kiosk.action("/dev/press", button="done")
    kiosk.wait_for_screen("idle")
    wait_until(
        lambda: any(
            a["kind"] in ("paper_low", "paper_out")
            for a in admin_get(api, f"/v1/admin/stores/{api.demo['store_id']}/alerts")["alerts"]
        ),
        timeout_s=15,
        what="the paper alert at the API",
    )

    # Staff: card to the camera, then the PIN on the keypad (a wrong one first).
    person = api.demo["staff"][0]
    kiosk.action("/dev/show-code", text=person["card"])
    wait_staff(kiosk, lambda s: s["screen"] == "login", "the staff keypad")
    kiosk.action("/dev/clear-camera")
    kiosk.action("/dev/staff", press="digits", code="0000")
    kiosk.action("/dev/staff", press="submit")
    wrong = wait_staff(kiosk, lambda s: s.get("problem") is not None, "the wrong PIN answer")
    assert wrong["attempts_left"] is not None
    kiosk.action("/dev/staff", press="digits", code=person["pin"])
    kiosk.action("/dev/staff", press="submit")
    wait_staff(kiosk, lambda s: s["screen"] == "desk", "the staff desk")
    assert "member" not in kiosk.status()  # a staff session never shows member data

    # Paper: the roll is replaced (the switch releases) and staff say so.
    kiosk.action("/dev/gpio", input="paper_low", active=False)
    kiosk.action("/dev/staff", press="paper_replaced")
    wait_staff(kiosk, lambda s: s["printer"]["notice"] is not None, "paper replaced")
    wait_until(lambda: kiosk.status()["printer_can_print"], timeout_s=15, what="paper back")

    # Reprint the ticket that failed: once, and marked printed.
    kiosk.action("/dev/staff", press="tab", code="reprint")
    listed = wait_staff(kiosk, lambda s: s["reprint"]["jobs"], "the reprint list")
    (job,) = listed["reprint"]["jobs"]
    kiosk.action("/dev/staff", press="reprint", code=str(job))
    wait_staff(kiosk, lambda s: s["reprint"]["jobs"] == [], "the reprint")
    assert kiosk.status()["print_queue"]["failed"] == 0

    # Gifts: five more received.
    kiosk.action("/dev/staff", press="tab", code="gifts")
    gifts = wait_staff(kiosk, lambda s: s["gifts"]["stock"], "the gift list")
    code, before = next(iter(gifts["gifts"]["stock"].items()))
    kiosk.action("/dev/staff", press="gift", code=code, mode="add")
    kiosk.action("/dev/staff", press="digits", code="5")
    kiosk.action("/dev/staff", press="reason", code="delivery")
    kiosk.action("/dev/staff", press="adjust")
    wait_staff(
        kiosk, lambda s: (s["gifts"]["stock"] or {}).get(code) == before + 5, "the new stock"
    )

    kiosk.action("/dev/staff", press="done")
    wait_staff(kiosk, lambda s: s["screen"] == "closed", "staff mode closed")

    # The API recorded who did what, at which kiosk. The logout goes out on a worker after the
    # screen has closed: wait for it rather than race it.
    def staff_audit() -> tuple[list[dict[str, Any]], set[str]]:
        entries = admin_get(api, f"/v1/admin/stores/{api.demo['store_id']}/staff-audit")["entries"]
        return entries, {e["action"] for e in entries if e["staff_no"] == person["staff_no"]}

    wait_until(lambda: "logout" in staff_audit()[1], timeout_s=10, what="the logout recorded")
    audit, actions = staff_audit()
    expected = {"login_failed", "login", "paper_replaced", "reprint", "gift_stock_adjusted"}
    assert expected | {"logout"} <= actions, actions
    assert all(entry["kiosk_id"] == api.demo["kiosk_id"] for entry in audit if entry["kiosk_id"])
