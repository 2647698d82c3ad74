"""What can go wrong with a printer, as one small hierarchy the kiosk switches on.

::

    PrinterError                 anything the printer port raises
    ├── PrinterUnavailable       the backend cannot be used at all (missing package, bad config)
    ├── PrinterOffline           no connection: unplugged, powered off, not answering
    ├── PaperOut                 the printer (or its sensor) says there is no paper
    └── JobInterrupted           the connection broke part-way through a job

Library errors (pyusb, pyserial, socket, escpos) are translated at the edge, in the backend
module, and raised ``from`` the original so the cause stays in the log.
"""

from __future__ import annotations


class PrinterError(Exception):
    """Base class: printing did not happen (or did not finish)."""

    #: A stable word for logs, health and the journal (never personal data).
    reason = "printer_error"


class PrinterUnavailable(PrinterError):
    reason = "printer_unavailable"


class PrinterOffline(PrinterError):
    reason = "printer_offline"


class PaperOut(PrinterError):
    reason = "paper_out"


class JobInterrupted(PrinterError):
    """Some bytes may have reached the printer: what came out is incomplete."""

    reason = "job_interrupted"
