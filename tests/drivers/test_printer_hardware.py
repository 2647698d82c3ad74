"""On a real printer (marker ``hardware``): set ``KIOSK_TEST_PRINTER`` to the printer's settings
as JSON, e.g. ``{"backend": "usb", "usb_vendor_id": 1046, "usb_product_id": 20497,
"paper_width_mm": 58, "profile": "RP-F10-58mm"}``, then ``pytest -m hardware``. Skipped
otherwise. It prints one sample voucher: check that it scans at a till."""

from __future__ import annotations

import json
import os

import pytest

from drivers.printer import PrinterSettings, open_printer
from kiosk.printing.builder import JobBuilder
from kiosk.printing.samples import sample_logo, sample_ticket
from kiosk.printing.settings import PrintLayoutSettings

pytestmark = pytest.mark.hardware


@pytest.fixture
def settings() -> PrinterSettings:
    raw = os.environ.get("KIOSK_TEST_PRINTER")
    if not raw:
        pytest.skip("KIOSK_TEST_PRINTER is not set (no real printer)")
    return PrinterSettings.model_validate(json.loads(raw))


def test_real_printer_prints_a_voucher(settings: PrinterSettings) -> None:
    printer = open_printer(settings)
    try:
        state = printer.paper_state()
        assert state.can_print, state
        builder = JobBuilder(settings.capabilities, PrintLayoutSettings())
        builder.use_logo(sample_logo())
        printer.print_job(builder.build(sample_ticket("voucher", "zh")).data)
        assert printer.health().ok
    finally:
        printer.close()
