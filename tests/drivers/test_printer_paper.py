"""Paper state: the DLE EOT reply, the paper-low switch, the estimate, and how they combine."""

from __future__ import annotations

from pathlib import Path

import pytest
from escpos.printer import Dummy
from gpiozero import DigitalInputDevice
from gpiozero.pins.mock import MockFactory

from drivers.printer import PaperMeter, PrinterSettings, create_printer
from drivers.printer.paper import combine, parse_paper_status


@pytest.mark.parametrize(
    ("reply", "reading"),
    [
        (b"\x12", "adequate"),
        (b"\x1e", "near_end"),  # bits 2-3: near-end sensor
        (b"\x72", "out"),  # bits 5-6: no paper
        (b"\x7e", "out"),  # no paper wins over near end
        (b"\x16", "near_end"),  # one of the two near-end bits is enough
        (b"", "no_reply"),  # silence is not "adequate"
        (b"\xff", "no_reply"),  # fixed bits wrong: not a status byte
        (b"\x00", "no_reply"),
        (b"\x72\x12", "adequate"),  # a stale byte first: the newest answer counts
    ],
)
def test_parse_paper_status(reply: bytes, reading: str) -> None:
    assert parse_paper_status(reply) == reading


def test_python_escpos_reads_silence_as_adequate_and_we_do_not() -> None:
    """The reason for parse_paper_status: escpos says 2 (adequate) when nothing answers."""

    class Silent(Dummy):  # type: ignore[misc]
        def _read(self) -> bytes:
            return b""

    assert Silent().paper_status() == 2
    assert parse_paper_status(b"") == "no_reply"


@pytest.mark.parametrize(
    ("sensor", "switch", "remaining", "level", "can_print", "reason"),
    [
        ("adequate", None, 40_000.0, "ok", True, "ok"),
        ("adequate", False, 40_000.0, "ok", True, "ok"),
        ("adequate", True, 40_000.0, "low", False, "paper_low_switch"),  # stops selling
        ("adequate", False, 500.0, "low", True, "paper_estimate_low"),
        ("adequate", False, 0.0, "low", True, "paper_estimate_low"),  # estimate never blocks
        ("near_end", False, 40_000.0, "low", True, "paper_near_end"),
        ("out", False, 40_000.0, "out", False, "paper_out"),
        ("out", True, 0.0, "out", False, "paper_out"),
        ("no_reply", None, 40_000.0, "unknown", False, "printer_not_responding"),
        ("offline", None, 40_000.0, "unknown", False, "printer_offline"),
        ("unsupported", None, 40_000.0, "ok", True, "ok"),  # write-only device file
        ("unsupported", True, 40_000.0, "low", False, "paper_low_switch"),
    ],
)
def test_combine(
    sensor: str, switch: bool | None, remaining: float, level: str, can_print: bool, reason: str
) -> None:
    state = combine(sensor, switch, remaining, low_mm=2_000.0)  # type: ignore[arg-type]
    assert (state.level, state.can_print, state.reason) == (level, can_print, reason)


def test_a_paper_low_switch_may_be_set_to_warn_only() -> None:
    state = combine("adequate", True, 40_000.0, low_mm=2_000.0, switch_blocks=False)
    assert (state.level, state.can_print, state.reason) == ("low", True, "paper_low_switch")


def test_meter_survives_restart_and_restock(tmp_path: Path) -> None:
    path = tmp_path / "state" / "paper.json"
    meter = PaperMeter(10_000.0, path)
    meter.add(1_200.5)
    meter.add(300.0)
    again = PaperMeter(10_000.0, path)
    assert again.used_mm == pytest.approx(1_500.5)
    assert again.remaining_mm == pytest.approx(8_499.5)
    again.restock()
    assert PaperMeter(10_000.0, path).used_mm == 0.0


def test_damaged_meter_file_starts_afresh(tmp_path: Path) -> None:
    path = tmp_path / "paper.json"
    path.write_text("{not json", encoding="utf-8")
    assert PaperMeter(10_000.0, path).used_mm == 0.0


def test_gpio_switch_and_estimate_reach_paper_state(tmp_path: Path) -> None:
    factory = MockFactory()
    try:
        switch = DigitalInputDevice(17, pull_up=True, pin_factory=factory)
        settings = PrinterSettings(
            backend="simulated", simulated_dir=tmp_path, roll_length_mm=1_000.0, low_paper_mm=200.0
        )
        printer = create_printer(settings, paper_low=lambda: switch.is_active)
        printer.open()
        assert printer.paper_state().reason == "ok"
        factory.pin(17).drive_low()  # the lever drops: paper is low
        state = printer.paper_state()
        assert (state.level, state.can_print, state.reason) == ("low", False, "paper_low_switch")
        factory.pin(17).drive_high()
        printer.meter.add(850.0)
        state = printer.paper_state()
        assert state.reason == "paper_estimate_low"
        assert state.remaining_mm == pytest.approx(150.0)
        printer.paper_restocked()
        assert printer.paper_state().reason == "ok"
        printer.close()
        switch.close()
    finally:
        factory.reset()


def test_broken_switch_does_not_stop_printing(tmp_path: Path) -> None:
    def broken() -> bool:
        raise OSError("gpio gone")

    printer = create_printer(
        PrinterSettings(backend="simulated", simulated_dir=tmp_path), paper_low=broken
    )
    printer.open()
    state = printer.paper_state()
    assert state.can_print
    assert state.low_switch is None
    printer.close()
