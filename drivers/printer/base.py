"""The printer port and the behaviour every backend shares.

A printer is opened explicitly (``open()``), prints whole jobs of ESC/POS bytes, answers a
combined :class:`~drivers.printer.paper.PaperState`, reports health without doing I/O, and is
closed explicitly. Nothing happens in a destructor. When the connection breaks (unplugged,
power-cycled) the backend drops it and the next call reconnects, so the kiosk recovers without a
restart.
"""

from __future__ import annotations

import logging
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Protocol

from drivers.health import DriverHealth
from drivers.printer.errors import PaperOut, PrinterError, PrinterOffline
from drivers.printer.paper import PaperMeter, PaperState, SensorReading, combine
from drivers.printer.render import job_length_mm
from drivers.printer.settings import PrinterCapabilities, PrinterSettings

log = logging.getLogger(__name__)

#: Says whether a paper-low switch is tripped (the GPIO driver provides it), or None if none.
PaperLowSource = Callable[[], bool]


class Printer(Protocol):
    """What the kiosk uses. Blocking: call it from a worker thread, never the UI thread."""

    @property
    def capabilities(self) -> PrinterCapabilities: ...

    def open(self) -> None: ...

    def print_job(self, job: bytes, *, length_mm: float | None = None) -> None: ...

    def paper_state(self) -> PaperState: ...

    def last_paper_state(self) -> PaperState | None: ...

    def paper_restocked(self) -> None: ...

    def health(self) -> DriverHealth: ...

    def close(self) -> None: ...


class BasePrinter(ABC):
    """Locking, reconnecting, paper accounting and health; backends supply the four I/O steps."""

    def __init__(
        self,
        settings: PrinterSettings,
        *,
        paper_low: PaperLowSource | None = None,
        meter: PaperMeter | None = None,
    ) -> None:
        self.settings = settings
        self._caps = settings.capabilities
        self._paper_low = paper_low
        self.meter = meter or PaperMeter(settings.roll_length_mm)
        self._lock = threading.RLock()
        self._connected = False
        self._opened = False
        self._last_state: PaperState | None = None
        self._last_error = ""

    @property
    def capabilities(self) -> PrinterCapabilities:
        return self._caps

    # --- what a backend implements ---------------------------------------------------------
    @abstractmethod
    def _connect(self) -> None:
        """Open the connection; raise PrinterError (PrinterOffline when the device is absent)."""

    @abstractmethod
    def _disconnect(self) -> None:
        """Release the connection; must not raise."""

    @abstractmethod
    def _send(self, job: bytes) -> None:
        """Write the whole job; raise PrinterOffline / JobInterrupted."""

    @abstractmethod
    def _read_paper_sensor(self) -> SensorReading:
        """Ask the printer for its paper sensor (DLE EOT 4); raise PrinterOffline if gone."""

    # --- the port --------------------------------------------------------------------------
    def open(self) -> None:
        """Connect now (at start-up). A printer that is off is not an error here: it is
        reported by ``health()`` and ``paper_state()``, and connected on first use. A backend
        that cannot work at all (its package is missing) raises PrinterUnavailable."""
        with self._lock:
            self._opened = True
            try:
                self._ensure_connected()
            except PrinterOffline as exc:
                log.warning("printer not reachable at start-up: %s", exc)

    def close(self) -> None:
        with self._lock:
            self._opened = False
            self._drop()

    def _drop(self) -> None:
        if self._connected:
            self._disconnect()
        self._connected = False

    def _ensure_connected(self) -> None:
        if not self._opened:
            raise PrinterError("the printer has not been opened (call open() at start-up)")
        if not self._connected:
            try:
                self._connect()
            except PrinterError as exc:
                self._last_error = exc.reason
                raise
            self._connected = True
            self._last_error = ""
            log.info("printer connected (%s)", self.settings.backend)

    def _sensor(self) -> SensorReading:
        try:
            self._ensure_connected()
        except PrinterOffline:
            return "offline"
        if not self.settings.status_query:
            return "unsupported"
        try:
            return self._read_paper_sensor()
        except PrinterOffline as exc:
            log.warning("printer went away while asked for status: %s", exc)
            self._drop()
            return "offline"

    def _low_switch(self) -> bool | None:
        if self._paper_low is None:
            return None
        try:
            return bool(self._paper_low())
        except Exception:  # a broken sensor must not stop printing; it is logged
            log.exception("paper-low switch could not be read")
            return None

    def paper_state(self) -> PaperState:
        """Asks the printer (DLE EOT 4) and reads the switch: blocking, up to the backend's
        timeout. Never call it on the UI thread; ``last_paper_state()`` is the cached answer."""
        with self._lock:
            state = combine(
                self._sensor(), self._low_switch(), self.meter.remaining_mm,
                self.settings.low_paper_mm,
                switch_blocks=self.settings.paper_low_switch_blocks,
            )  # fmt: skip
            self._last_state = state
            return state

    def last_paper_state(self) -> PaperState | None:
        """The state found by the last ``paper_state()`` or job, without any I/O (for the
        status endpoint and the heartbeat); None before the first check."""
        with self._lock:
            return self._last_state

    def print_job(self, job: bytes, *, length_mm: float | None = None) -> None:
        """Send one whole job. Raises PaperOut before sending anything when the printer says
        it has no paper, PrinterOffline when it cannot be reached, JobInterrupted when the
        connection broke part-way (the connection is then dropped and re-opened next time)."""
        if not job:
            raise ValueError("empty print job")
        with self._lock:
            state = self.paper_state()
            if state.reason == "paper_out":
                raise PaperOut("the printer reports no paper")
            if state.reason == "printer_offline":
                raise PrinterOffline(f"printer not reachable ({self._last_error or 'offline'})")
            if state.reason == "printer_not_responding":
                # Connected but silent (e.g. a serial printer switched off): writing would
                # vanish into a buffer. Reconnect next time.
                self._drop()
                raise PrinterOffline("the printer does not answer status requests")
            try:
                self._send(job)
            except PrinterError as exc:
                self._last_error = exc.reason
                self._drop()
                raise
            if length_mm is None:
                length_mm = job_length_mm(job, self._caps.width_dots)
            self.meter.add(length_mm)

    def paper_restocked(self) -> None:
        self.meter.restock()
        with self._lock:
            self._last_state = None

    def health(self) -> DriverHealth:
        """From what was last observed: no I/O (the status endpoint calls this often)."""
        with self._lock:
            if not self._opened:
                return DriverHealth(False, "closed", "printer not opened")
            if not self._connected:
                return DriverHealth(False, "offline", self._last_error or "not connected")
            state = self._last_state
            if state is None:
                return DriverHealth(True, "ready", "connected; paper not checked yet")
            detail = f"{state.reason}; about {state.remaining_mm or 0:.0f} mm of paper left"
            if not state.can_print:
                return DriverHealth(False, state.reason, detail)
            return DriverHealth(True, "paper_low" if state.level == "low" else "ready", detail)
