"""Pi self-reports for the staff health tab: real files in tmp_path, a real fake ``vcgencmd``."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from kiosk.runtime.health import (
    cpu_temperature_c,
    free_disk_bytes,
    parse_throttled,
    throttling,
)


def test_parse_throttled_bits() -> None:
    healthy = parse_throttled("throttled=0x0\n")
    assert healthy is not None and not healthy.under_voltage_now and not healthy.throttled_now
    bad = parse_throttled("throttled=0x50005")
    assert bad is not None
    assert bad.under_voltage_now and bad.throttled_now
    assert bad.under_voltage_since_boot and bad.throttled_since_boot  # bits 16 and 18
    past = parse_throttled("throttled=0x10000")
    assert past is not None and past.under_voltage_since_boot and not past.under_voltage_now
    assert not past.throttled_since_boot
    for junk in ("", "error=1", "throttled=zz", "throttled"):
        assert parse_throttled(junk) is None


def test_cpu_temperature_from_the_cpu_zone(tmp_path: Path) -> None:
    for name, kind, millideg in (("thermal_zone0", "acpitz", "30000"),
                                 ("thermal_zone1", "cpu-thermal", "51234")):  # fmt: skip
        zone = tmp_path / name
        zone.mkdir()
        (zone / "type").write_text(kind + "\n")
        (zone / "temp").write_text(millideg + "\n")
    assert cpu_temperature_c(tmp_path) == 51.2


def test_cpu_temperature_absent_or_garbled_is_none(tmp_path: Path) -> None:
    assert cpu_temperature_c(tmp_path) is None
    zone = tmp_path / "thermal_zone0"
    zone.mkdir()
    (zone / "temp").write_text("n/a")
    assert cpu_temperature_c(tmp_path) is None


def test_throttling_without_vcgencmd_is_none() -> None:
    assert throttling("no-such-vcgencmd-here") is None


@pytest.mark.skipif(os.name != "posix", reason="uses a shell script as the fake vcgencmd")
def test_throttling_runs_vcgencmd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "vcgencmd"
    fake.write_text('#!/bin/sh\n[ "$1" = get_throttled ] && echo "throttled=0x1" || exit 1\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    result = throttling()
    assert result is not None and result.under_voltage_now and result.raw == 1


def test_free_disk(tmp_path: Path) -> None:
    free = free_disk_bytes(tmp_path)
    assert free is not None and free > 0
    assert free_disk_bytes(tmp_path / "missing") is None
