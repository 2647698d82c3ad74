"""``pointsapi lottery-seeds``: tomorrow's seed hash exists before tomorrow starts."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from pointsapi.cli import main


def test_lottery_seeds_makes_missing_days_and_is_safe_to_repeat(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "points.db"
    url = f"sqlite:///{db}"
    assert main(["demo-data", "--db", url]) == 0
    capsys.readouterr()
    with sqlite3.connect(db) as conn:  # as if no kiosk fetched the wheel yesterday
        conn.execute("DELETE FROM lottery_days")
    assert main(["lottery-seeds", "--db", url]) == 0
    made = json.loads(capsys.readouterr().out)
    assert made["stores"] == 1
    assert list(made["seeds_made"].values()) == [2]  # today and tomorrow
    with sqlite3.connect(db) as conn:
        hashes = [row[0] for row in conn.execute("SELECT seed_hash FROM lottery_days")]
    assert len(hashes) == 2
    assert all(len(h) == 64 for h in hashes)
    assert main(["lottery-seeds", "--db", url]) == 0
    assert list(json.loads(capsys.readouterr().out)["seeds_made"].values()) == [0]
