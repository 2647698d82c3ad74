"""What the Raspberry Pi says about itself (CPU temperature, under-voltage, free disk) and the
staff health tab's report that gathers it with the drivers' health.

Each reader returns ``None`` where the machine does not report it (no thermal zone, no
``vcgencmd`` on a PC or in CI), so the staff health screen shows "not reported" instead of a
guess. Blocking (a file read, a short subprocess): call from a worker thread.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from drivers.health import DriverHealth
from kiosk.core.staff import HealthReport, Reading

log = logging.getLogger(__name__)

THERMAL_ROOT = Path("/sys/class/thermal")
VCGENCMD_TIMEOUT_S = 2.0

# ``vcgencmd get_throttled`` bits (Raspberry Pi firmware documentation).
UNDER_VOLTAGE_NOW = 1 << 0
FREQ_CAPPED_NOW = 1 << 1
THROTTLED_NOW = 1 << 2
SOFT_TEMP_LIMIT_NOW = 1 << 3
UNDER_VOLTAGE_OCCURRED = 1 << 16
THROTTLED_OCCURRED = 1 << 18


@dataclass(frozen=True, slots=True)
class Throttling:
    raw: int
    under_voltage_now: bool
    under_voltage_since_boot: bool
    throttled_now: bool  # frequency capped, throttled or at the soft temperature limit now
    throttled_since_boot: bool


def parse_throttled(text: str) -> Throttling | None:
    """``throttled=0x50005`` -> flags; None for anything else."""
    key, sep, value = text.strip().partition("=")
    if key != "throttled" or not sep:
        return None
    try:
        raw = int(value, 16)
    except ValueError:
        return None
    return Throttling(
        raw=raw,
        under_voltage_now=bool(raw & UNDER_VOLTAGE_NOW),
        under_voltage_since_boot=bool(raw & UNDER_VOLTAGE_OCCURRED),
        throttled_now=bool(raw & (FREQ_CAPPED_NOW | THROTTLED_NOW | SOFT_TEMP_LIMIT_NOW)),
        throttled_since_boot=bool(raw & THROTTLED_OCCURRED),
    )


def throttling(vcgencmd: str = "vcgencmd") -> Throttling | None:
    """Ask the firmware; None where ``vcgencmd`` is absent or says nothing we understand."""
    exe = shutil.which(vcgencmd)
    if exe is None:
        return None
    try:
        done = subprocess.run(  # noqa: S603 - a fixed program found on PATH, fixed arguments
            [exe, "get_throttled"],
            capture_output=True,
            text=True,
            timeout=VCGENCMD_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        log.info("vcgencmd get_throttled failed: %s", type(exc).__name__)
        return None
    if done.returncode != 0:
        return None
    return parse_throttled(done.stdout)


def cpu_temperature_c(root: Path = THERMAL_ROOT) -> float | None:
    """The CPU's thermal zone in degrees Celsius (the kernel gives millidegrees)."""
    zones = sorted(root.glob("thermal_zone*"))
    # Prefer the zone that says it is the CPU; a Pi has only one ("cpu-thermal").
    for zone in sorted(zones, key=lambda z: "cpu" not in _read(z / "type")):
        text = _read(zone / "temp")
        try:
            return round(int(text) / 1000, 1)
        except ValueError:
            continue
    return None


def free_disk_bytes(path: Path) -> int | None:
    try:
        return shutil.disk_usage(path).free
    except OSError:
        return None


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return ""


def gather_health(
    *,
    api_reachable: bool | None,
    api_latency_ms: float | None,
    drivers: Mapping[str, DriverHealth | None],
    config_version: str,
    app_version: str,
    started_monotonic: float,
    state_dir: Path,
    thermal_root: Path | None = None,
) -> HealthReport:
    """The health tab's report (blocking: reads files, runs ``vcgencmd``)."""
    devices = tuple(
        Reading(name, None, "absent") if health is None
        else Reading(name, health.ok, health.state, health.detail)
        for name, health in drivers.items()
    )  # fmt: skip
    power = throttling()
    return HealthReport(
        api_reachable=api_reachable,
        api_latency_ms=api_latency_ms,
        devices=devices,
        config_version=config_version,
        app_version=app_version,
        uptime_s=max(0.0, time.monotonic() - started_monotonic),
        free_disk_bytes=free_disk_bytes(state_dir),
        cpu_temp_c=cpu_temperature_c() if thermal_root is None else cpu_temperature_c(thermal_root),
        under_voltage_now=None if power is None else power.under_voltage_now,
        under_voltage_since_boot=None if power is None else power.under_voltage_since_boot,
        throttled_now=None if power is None else power.throttled_now,
    )
