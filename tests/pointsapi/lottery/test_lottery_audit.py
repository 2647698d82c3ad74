"""``pointsapi audit-draws``: recomputes a revealed store-day's draws; any tampering is found."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest
from sqlalchemy import text

from pointsapi.lottery.audit import AuditRefused, audit_day
from tests.pointsapi.conftest import Api, session_headers
from tests.pointsapi.lottery.test_lottery import GOLD, SILVER, spin_ok

DAY = "2026-03-10"  # the test clock's day: long over by the real clock, so revealed


def _audit(api: Api, *args: str) -> tuple[int, str, str]:
    """The real command in its own process (it reads the real clock: the test day is over)."""
    done = subprocess.run(
        [sys.executable, "-m", "pointsapi.cli", "audit-draws", "--db", api.db_url, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


def _spin_a_few(api: Api) -> list[str]:
    ids = []
    for index in (GOLD, SILVER):
        headers = session_headers(api, index)
        ids += [spin_ok(api, headers)["draw_id"] for _ in range(3)]
    return ids


def test_audit_of_a_clean_day_passes(api: Api) -> None:
    _spin_a_few(api)
    code, out, _ = _audit(api, "--store", "demo", "--day", DAY)
    report = json.loads(out)
    assert code == 0, report
    assert report["draws_checked"] == 6 and report["mismatches"] == []
    assert report["revealed"] and report["algorithm"] == "hmac-sha256-v1"
    # The store id works as well as the code.
    code, out, _ = _audit(api, "--store", api.demo["store_id"], "--day", DAY)
    assert code == 0 and json.loads(out)["draws_checked"] == 6


@pytest.mark.parametrize(
    ("tamper", "needle"),
    [
        ("UPDATE lottery_draws SET segment_index = segment_index + 1 WHERE nonce = 2", "lands on"),
        (
            "UPDATE lottery_draws SET weights_json = '[1, 0, 0, 0, 0, 0, 0, 0]' WHERE nonce = 3",
            "nonce 3",
        ),
        ("UPDATE lottery_draws SET number_hex = '0000000000000000' WHERE nonce = 1", "number"),
        ("UPDATE lottery_days SET seed_hash = repeat('0', 64)", "seed does not hash"),
        ("DELETE FROM lottery_draws WHERE nonce = 4", "nonces"),
    ],
)
def test_audit_finds_tampering(api: Api, tamper: str, needle: str) -> None:
    _spin_a_few(api)
    if "repeat(" in tamper and api.db.sqlite:
        tamper = "UPDATE lottery_days SET seed_hash = '" + "0" * 64 + "'"
    with api.db.write() as session:
        session.execute(text(tamper))
    code, out, _ = _audit(api, "--store", "demo", "--day", DAY)
    report = json.loads(out)
    assert code == 1
    assert any(needle in m for m in report["mismatches"]), report["mismatches"]


def test_days_that_cannot_be_audited(api: Api) -> None:
    assert _audit(api, "--store", "demo", "--day", "2020-01-01")[0] == 2
    assert _audit(api, "--store", "nowhere", "--day", DAY)[0] == 2
    assert _audit(api, "--store", "demo", "--day", "10/03/2026")[0] == 2
    # Before the day has ended its seed is secret: no audit (the API refuses to reveal it too).
    with api.db.read() as session, pytest.raises(AuditRefused, match="not revealed"):
        audit_day(session, "demo", date(2026, 3, 10), api.clock.now())
