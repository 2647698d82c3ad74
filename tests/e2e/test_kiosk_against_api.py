"""The real kiosk (Kivy, offscreen, simulated drivers) against the real points API (uvicorn).

One stack for the module: starting both takes a few seconds, and the steps below are one visit.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
import sqlalchemy
from PIL import Image, ImageChops, ImageOps

from kiosk.dev.demo import ApiServer, KioskProcess, demo_stack, wait_until
from kiosk.dev.phone import fetch_member_code, phone_screen_frame
from kiosk.ui import DEV_PANEL_HEIGHT
from pointsapi.members import codes

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

# The scanner reports a code again only after it was out of sight this long.
DEBOUNCE_S = 0.5


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ApiServer, KioskProcess]]:
    with demo_stack(tmp_path_factory.mktemp("e2e"), debounce_s=DEBOUNCE_S) as pair:
        yield pair


def ocr_digits(png: Path) -> str:
    """The digits tesseract reads in a screenshot (inverted: light text on a dark screen)."""
    image = ImageOps.invert(Image.open(png).convert("L"))
    prepared = png.with_name(png.stem + "-ocr.png")
    image.resize((image.width * 2, image.height * 2)).save(prepared)
    result = subprocess.run(
        ["tesseract", str(prepared), "-", "--psm", "11"], capture_output=True, text=True, check=True
    )
    return "".join(ch for ch in result.stdout if ch.isdigit() or ch.isspace())


def api_balance(api: ApiServer, card_number: str) -> int:
    """Ask the API itself (as a kiosk, view-only card lookup) what the member's balance is."""
    response = httpx.post(
        f"{api.url}/v1/kiosk/identify",
        json={"payload": card_number},
        headers={
            "Authorization": f"Bearer {api.demo['kiosk_token']}",
            "Idempotency-Key": "e2e-balance-check",
        },
    )
    response.raise_for_status()
    balance: int = response.json()["member"]["balance"]
    return balance


def test_member_qr_shows_the_balance_the_api_holds(
    stack: tuple[ApiServer, KioskProcess], tmp_path: Path
) -> None:
    api, kiosk = stack
    member = api.demo["members"][0]
    wait_until(lambda: kiosk.status()["api"]["reachable"], timeout_s=20, what="API reachable")
    kiosk.wait_for_screen("idle")
    idle_png = kiosk.screenshot(tmp_path / "idle.png")

    # The member's phone: the current rotating code, as a QR image held up to the camera.
    code = fetch_member_code(api.url, member["member_token"])
    photo = tmp_path / "phone.png"
    phone_screen_frame(code).save(photo)
    kiosk.action("/dev/show-image", path=str(photo))

    status = kiosk.wait_for_screen("member")
    kiosk.action("/dev/clear-camera")
    expected = api_balance(api, member["card_number"])
    assert status["member"]["balance"] == expected
    assert status["member"]["can_spend"] is True

    member_png = kiosk.screenshot(tmp_path / "member.png")
    image = Image.open(member_png)
    assert image.size == (800, 480 + DEV_PANEL_HEIGHT)  # the Pi screen, and the dev panel below
    assert ImageChops.difference(
        image.convert("RGB"), Image.open(idle_png).convert("RGB")
    ).getbbox()
    # What a person sees: the balance as drawn, read back by OCR ("3,600" reads as "3600").
    assert str(expected) in ocr_digits(member_png).split()

    kiosk.action("/dev/press", button="done")
    kiosk.wait_for_screen("idle")


def test_a_replayed_code_is_refused(stack: tuple[ApiServer, KioskProcess], tmp_path: Path) -> None:
    api, kiosk = stack
    member = api.demo["members"][1]
    code = fetch_member_code(api.url, member["member_token"])
    photo = tmp_path / "phone.png"
    phone_screen_frame(code).save(photo)
    kiosk.action("/dev/show-image", path=str(photo))
    kiosk.wait_for_screen("member")
    kiosk.action("/dev/clear-camera")
    kiosk.action("/dev/press", button="done")
    kiosk.wait_for_screen("idle")
    # Someone holds up a screenshot of the same code (once it has been out of sight long
    # enough to count as a new sighting).
    time.sleep(DEBOUNCE_S * 2)
    kiosk.action("/dev/show-image", path=str(photo))
    status = kiosk.wait_for_screen("error")
    kiosk.action("/dev/clear-camera")
    assert status["problem"] == "code_replayed"
    kiosk.action("/dev/press", button="done")
    kiosk.wait_for_screen("idle")


def expired_code(api: ApiServer, member_no: str) -> str:
    """A code the member's phone showed five minutes ago. Only the API holds the secret: the
    test reads it from the API's own database, as an attacker with an old screenshot cannot."""
    engine = sqlalchemy.create_engine(api.db_url)
    with engine.connect() as connection:
        secret = connection.execute(
            sqlalchemy.text("SELECT code_secret FROM members WHERE member_no = :no"),
            {"no": member_no},
        ).scalar_one()
    engine.dispose()
    return codes.member_code(member_no, secret, datetime.now(UTC) - timedelta(minutes=5))


def test_an_expired_code_is_refused(stack: tuple[ApiServer, KioskProcess]) -> None:
    api, kiosk = stack
    member = api.demo["members"][2]
    kiosk.action("/dev/show-code", text=expired_code(api, member["member_no"]))
    status = kiosk.wait_for_screen("error")
    kiosk.action("/dev/clear-camera")
    assert status["problem"] == "code_expired"
    kiosk.action("/dev/press", button="done")
    kiosk.wait_for_screen("idle")


def test_card_swipe_is_view_only(stack: tuple[ApiServer, KioskProcess]) -> None:
    api, kiosk = stack
    member = api.demo["members"][2]
    kiosk.action("/dev/card", line=member["card_number"])
    status = kiosk.wait_for_screen("member")
    assert status["member"]["can_spend"] is False
    kiosk.action("/dev/press", button="done")
    kiosk.wait_for_screen("idle")


def test_api_down_shows_offline_instead_of_crashing(
    stack: tuple[ApiServer, KioskProcess], tmp_path: Path
) -> None:
    api, kiosk = stack
    api.stop()
    kiosk.action("/dev/card", line=api.demo["members"][0]["card_number"])
    status = kiosk.wait_for_screen("error")
    assert status["problem"] == "offline"
    assert kiosk.process.poll() is None  # still running
    kiosk.action("/dev/press", button="done")
    kiosk.wait_for_screen("idle")
    wait_until(
        lambda: kiosk.status()["api"]["reachable"] is False, timeout_s=10, what="probe: offline"
    )
    kiosk.screenshot(tmp_path / "offline.png")
    assert kiosk.process.poll() is None
