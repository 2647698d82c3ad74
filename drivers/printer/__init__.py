"""The thermal printer driver: settings, the port, real and simulated backends.

``open_printer(settings)`` builds the backend named in the settings (never a silent fallback)
and opens it. Everything the kiosk needs is importable from here.
"""

from __future__ import annotations

from pathlib import Path

from drivers.printer.base import BasePrinter, PaperLowSource, Printer
from drivers.printer.errors import (
    JobInterrupted,
    PaperOut,
    PrinterError,
    PrinterOffline,
    PrinterUnavailable,
)
from drivers.printer.paper import PaperMeter, PaperState
from drivers.printer.settings import PrinterCapabilities, PrinterSettings
from drivers.printer.simulated import SimulatedFaults, SimulatedPrinter

__all__ = [
    "BasePrinter",
    "JobInterrupted",
    "PaperLowSource",
    "PaperMeter",
    "PaperOut",
    "PaperState",
    "Printer",
    "PrinterCapabilities",
    "PrinterError",
    "PrinterOffline",
    "PrinterSettings",
    "PrinterUnavailable",
    "SimulatedFaults",
    "SimulatedPrinter",
    "create_printer",
    "open_printer",
]


def create_printer(
    settings: PrinterSettings,
    *,
    paper_low: PaperLowSource | None = None,
    meter_path: Path | None = None,
) -> BasePrinter:
    """The backend named by ``settings.backend``, not yet opened.

    ``paper_low``: a callable returning True when the paper-low switch is tripped (from the
    GPIO driver), or None when no switch is fitted. ``meter_path``: where the paper-used
    estimate is kept (the kiosk's state directory), or None to keep it in memory.
    """
    meter = PaperMeter(settings.roll_length_mm, meter_path)
    if settings.backend == "simulated":
        return SimulatedPrinter(settings, paper_low=paper_low, meter=meter)
    from drivers.printer.escpos_device import EscposPrinter

    return EscposPrinter(settings, paper_low=paper_low, meter=meter)


def open_printer(
    settings: PrinterSettings,
    *,
    paper_low: PaperLowSource | None = None,
    meter_path: Path | None = None,
) -> BasePrinter:
    """Create and open the printer. An absent printer is not an error (it shows in
    ``health()``); a missing package or an impossible configuration is (PrinterUnavailable)."""
    printer = create_printer(settings, paper_low=paper_low, meter_path=meter_path)
    printer.open()  # raises PrinterUnavailable for a missing package
    return printer
