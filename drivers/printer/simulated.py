"""A printer that prints into a folder: ``job-0001.bin`` (the exact ESC/POS bytes) and
``job-0001.png`` (what paper would show). Faults can be switched on for tests and the dev panel.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from drivers.printer.base import BasePrinter
from drivers.printer.errors import JobInterrupted, PrinterOffline
from drivers.printer.paper import SensorReading
from drivers.printer.render import UnsupportedCommand, render_job

log = logging.getLogger(__name__)

_JOB_FILE = re.compile(r"job-(\d+)\.bin$")


@dataclass
class SimulatedFaults:
    """What the simulated printer does wrong. All off: a healthy printer with a full roll."""

    offline: bool = False  # unplugged: cannot connect, writes fail
    paper_out: bool = False  # the sensor says "no paper"
    paper_near_end: bool = False  # the sensor says "near end"
    no_reply: bool = False  # connected but silent to status requests
    fail_mid_job: bool = False  # the connection breaks half-way through the next jobs


class SimulatedPrinter(BasePrinter):
    faults: SimulatedFaults

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.faults = SimulatedFaults()
        self._fault_lock = threading.Lock()
        assert self.settings.simulated_dir is not None  # checked by PrinterSettings
        self.folder: Path = self.settings.simulated_dir

    def set_faults(self, **faults: bool) -> None:
        """E.g. ``set_faults(paper_out=True)``; unknown names are an error."""
        with self._fault_lock:
            for name, value in faults.items():
                if not hasattr(self.faults, name):
                    raise AttributeError(f"no simulated printer fault named {name!r}")
                setattr(self.faults, name, bool(value))

    def _connect(self) -> None:
        if self.faults.offline:
            raise PrinterOffline("simulated printer is unplugged")
        self.folder.mkdir(parents=True, exist_ok=True)

    def _disconnect(self) -> None:
        pass

    def _read_paper_sensor(self) -> SensorReading:
        f = self.faults
        if f.offline:
            raise PrinterOffline("simulated printer is unplugged")
        if f.no_reply:
            return "no_reply"
        if f.paper_out:
            return "out"
        return "near_end" if f.paper_near_end else "adequate"

    def _next_name(self) -> str:
        names = (p.name for p in self.folder.iterdir())
        numbers = [int(m.group(1)) for name in names if (m := _JOB_FILE.search(name))]
        return f"job-{max(numbers, default=0) + 1:04d}"

    def _send(self, job: bytes) -> None:
        if self.faults.offline:
            raise PrinterOffline("simulated printer is unplugged")
        name = self._next_name()
        if self.faults.fail_mid_job:
            (self.folder / f"{name}.interrupted.bin").write_bytes(job[: len(job) // 2])
            raise JobInterrupted(f"simulated failure after {len(job) // 2} of {len(job)} bytes")
        (self.folder / f"{name}.bin").write_bytes(job)
        try:
            render_job(job, self.capabilities.width_dots, self.capabilities.font_path).save(
                self.folder / f"{name}.png"
            )
        except UnsupportedCommand:
            # The bytes are what matters; a job the preview cannot draw is logged, not lost.
            log.exception("simulated printer could not draw %s", name)

    def jobs(self) -> list[Path]:
        """The .bin files printed so far, oldest first (what tests and the dev panel look at)."""
        if not self.folder.exists():
            return []
        return sorted(p for p in self.folder.iterdir() if _JOB_FILE.search(p.name))
