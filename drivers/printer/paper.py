"""How much paper is left, from three sources combined into one answer the kiosk acts on.

1. The printer's real-time status (``DLE EOT 4``). python-escpos's ``paper_status()`` reads an
   empty reply as "paper adequate", so a silent (unplugged, powered-off) serial printer looks
   fine; here an empty or malformed reply is "no reply", which blocks printing.
2. A paper-low switch on a GPIO pin, where fitted (the GPIO driver owns the pin; the printer
   driver takes a callable that says whether the switch is tripped).
3. An estimate: the length printed since the last restock against the roll length.

Only the printer itself can say "out" (or fail to answer). A low estimate says "low": printing
still works, staff are told to restock; the estimate never blocks, since a restock nobody
recorded would otherwise lock the kiosk with a full roll in it. A tripped paper-low switch is a
physical reading that the roll is nearly gone: by default (``paper_low_switch_blocks``) it stops
anything that prints from being sold, so no member pays for a voucher the roll runs out on.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

SensorReading = Literal["adequate", "near_end", "out", "no_reply", "unsupported", "offline"]
PaperLevel = Literal["ok", "low", "out", "unknown"]

#: DLE EOT 4: "transmit roll paper sensor status".
PAPER_STATUS_REQUEST = b"\x10\x04\x04"


def parse_paper_status(reply: bytes) -> SensorReading:
    """Decode the one-byte reply to ``DLE EOT 4``.

    Bits 1 and 4 are always set and bits 0 and 7 always clear in a real status byte; anything
    else (an empty read, line noise, a reply to some other request) is "no_reply" rather than
    a guess. Bits 2-3: roll near its end. Bits 5-6: no paper.
    """
    if len(reply) == 0:
        return "no_reply"
    status = reply[-1]  # a stale byte may precede the answer; the last one is the newest
    if status & 0x93 != 0x12:
        return "no_reply"
    if status & 0x60:
        return "out"
    if status & 0x0C:
        return "near_end"
    return "adequate"


@dataclass(frozen=True, slots=True)
class PaperState:
    """The combined answer. ``can_print`` is the one flag the kiosk gates spending on.

    ``reason`` is a stable word (``ok``, ``paper_out``, ``printer_offline``,
    ``printer_not_responding``, ``paper_near_end``, ``paper_low_switch``, ``paper_estimate_low``)
    that the UI turns into a message through ``kiosk/locale/printing.*.json``
    (key ``printing.paper.<reason>``).
    """

    level: PaperLevel
    can_print: bool
    reason: str
    sensor: SensorReading
    low_switch: bool | None
    remaining_mm: float | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def combine(
    sensor: SensorReading,
    low_switch: bool | None,
    remaining_mm: float | None,
    low_mm: float,
    *,
    switch_blocks: bool = True,
) -> PaperState:
    """The rules in one place (see the module docstring)."""

    def state(level: PaperLevel, can_print: bool, reason: str) -> PaperState:
        return PaperState(level, can_print, reason, sensor, low_switch, remaining_mm)

    if sensor == "offline":
        return state("unknown", False, "printer_offline")
    if sensor == "no_reply":
        return state("unknown", False, "printer_not_responding")
    if sensor == "out":
        return state("out", False, "paper_out")
    if sensor == "near_end":
        return state("low", True, "paper_near_end")
    if low_switch:
        return state("low", not switch_blocks, "paper_low_switch")
    if remaining_mm is not None and remaining_mm <= low_mm:
        return state("low", True, "paper_estimate_low")
    return state("ok", True, "ok")


class PaperMeter:
    """Paper used since the last restock, kept in a small JSON file that survives restarts.

    Written atomically (temporary file, fsync, rename) so a power cut leaves the old or the new
    value, never a torn file. ``path=None`` keeps it in memory (tests, previews).
    """

    def __init__(self, roll_length_mm: float, path: Path | None = None) -> None:
        self.roll_length_mm = roll_length_mm
        self._path = path
        self._lock = threading.Lock()
        self._used_mm = self._load()

    def _load(self) -> float:
        if self._path is None or not self._path.exists():
            return 0.0
        try:
            data = json.loads(self._path.read_text(encoding="utf-8"))
            return max(0.0, float(data["used_mm"]))
        except (OSError, ValueError, KeyError, TypeError):
            # A damaged meter is not worth stopping the kiosk for: start counting afresh.
            return 0.0

    def _save(self) -> None:
        if self._path is None:
            return
        self._path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self._path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            json.dump({"used_mm": round(self._used_mm, 1)}, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self._path)
        with contextlib.suppress(OSError):  # directory fsync is best effort (not on every FS)
            dir_fd = os.open(self._path.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)

    @property
    def used_mm(self) -> float:
        return self._used_mm

    @property
    def remaining_mm(self) -> float:
        return max(0.0, self.roll_length_mm - self._used_mm)

    def add(self, length_mm: float) -> None:
        with self._lock:
            self._used_mm += max(0.0, length_mm)
            self._save()

    def restock(self) -> None:
        """Staff put in a new roll."""
        with self._lock:
            self._used_mm = 0.0
            self._save()
