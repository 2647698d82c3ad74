"""The unit files pass ``systemd-analyze verify`` (offline), with the install prefix pointed at
this checkout so the binaries it checks for exist."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
UNITS = sorted(
    path for path in (REPO / "systemd").iterdir() if path.suffix in (".service", ".timer")
)


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not here")
@pytest.mark.parametrize("unit", UNITS, ids=[u.name for u in UNITS])
def test_unit_verifies(unit: Path, tmp_path: Path) -> None:
    for sibling in unit.parent.iterdir():  # a timer's service must sit beside it
        if sibling.suffix in (".service", ".timer"):
            text = sibling.read_text().replace("/opt/points-kiosk", str(REPO))
            (tmp_path / sibling.name).write_text(text)
    copy = tmp_path / unit.name
    result = subprocess.run(
        ["systemd-analyze", "verify", str(copy)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert unit.name not in result.stderr, result.stderr  # no warnings about our unit


def test_kiosk_unit_keeps_devices_reachable() -> None:
    text = (REPO / "systemd" / "points-kiosk.service").read_text()
    active = [line for line in text.splitlines() if not line.startswith("#")]
    assert not any(
        line.startswith(("PrivateDevices=", "MemoryDenyWriteExecute=")) for line in active
    )
    assert "Type=notify" in active
    assert any(line.startswith("WatchdogSec=") for line in active)
