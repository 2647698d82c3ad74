"""The printer port against the simulated printer, a real TCP socket (network backend), a real
file (device-file backend), and the missing-package errors of the USB and serial backends."""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import tty
from collections.abc import Iterator
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from drivers.health import DriverHealth
from drivers.printer import (
    JobInterrupted,
    PaperOut,
    PrinterError,
    PrinterOffline,
    PrinterSettings,
    PrinterUnavailable,
    SimulatedPrinter,
    create_printer,
    open_printer,
)
from drivers.printer.paper import PAPER_STATUS_REQUEST
from kiosk.printing.builder import JobBuilder
from kiosk.printing.samples import sample_ticket
from kiosk.printing.settings import PrintLayoutSettings

JOB = b"\x1b@Hello printer\n\x1dV\x00"


def simulated(tmp_path: Path, **kw: object) -> SimulatedPrinter:
    printer = create_printer(PrinterSettings(backend="simulated", simulated_dir=tmp_path, **kw))  # type: ignore[arg-type]
    assert isinstance(printer, SimulatedPrinter)
    return printer


# --- simulated -------------------------------------------------------------------------------
def test_simulated_writes_bin_and_png(tmp_path: Path) -> None:
    settings = PrinterSettings(backend="simulated", simulated_dir=tmp_path, paper_width_mm=58,
                               profile="POS-5890")  # fmt: skip
    printer = open_printer(settings)
    ticket = sample_ticket("voucher", "zh")
    job = JobBuilder(settings.capabilities, PrintLayoutSettings()).build(ticket)
    printer.print_job(job.data)
    printer.print_job(JOB)
    assert [p.name for p in printer.jobs()] == ["job-0001.bin", "job-0002.bin"]  # type: ignore[attr-defined]
    assert (tmp_path / "job-0001.bin").read_bytes() == job.data
    png = Image.open(tmp_path / "job-0001.png")
    assert png.width == 384
    assert [r.text for r in zxingcpp.read_barcodes(png.convert("L"))] == [ticket.code]
    # The paper estimate counted both jobs.
    assert printer.meter.used_mm > job.length_mm
    printer.close()


def test_numbering_continues_after_restart(tmp_path: Path) -> None:
    first = simulated(tmp_path)
    first.open()
    first.print_job(JOB)
    first.close()
    second = simulated(tmp_path)
    second.open()
    second.print_job(JOB)
    assert [p.name for p in second.jobs()] == ["job-0001.bin", "job-0002.bin"]
    second.close()


def test_paper_out_refuses_before_sending(tmp_path: Path) -> None:
    printer = simulated(tmp_path)
    printer.open()
    printer.set_faults(paper_out=True)
    state = printer.paper_state()
    assert (state.level, state.can_print, state.reason) == ("out", False, "paper_out")
    with pytest.raises(PaperOut):
        printer.print_job(JOB)
    assert printer.jobs() == []
    assert printer.health() == DriverHealth(False, "paper_out", state_detail(printer))
    printer.set_faults(paper_out=False)
    printer.print_job(JOB)
    assert len(printer.jobs()) == 1
    printer.close()


def state_detail(printer: SimulatedPrinter) -> str:
    return printer.health().detail


def test_fail_mid_job(tmp_path: Path) -> None:
    printer = simulated(tmp_path)
    printer.open()
    printer.set_faults(fail_mid_job=True)
    with pytest.raises(JobInterrupted):
        printer.print_job(JOB)
    assert printer.jobs() == []
    assert (tmp_path / "job-0001.interrupted.bin").read_bytes() == JOB[: len(JOB) // 2]
    assert printer.health().state == "offline"  # the connection was dropped ...
    printer.set_faults(fail_mid_job=False)
    printer.print_job(JOB)  # ... and is re-opened on the next job
    assert (tmp_path / "job-0001.bin").read_bytes() == JOB
    printer.close()


def test_unplugged_at_start_then_plugged_in(tmp_path: Path) -> None:
    printer = simulated(tmp_path)
    printer.set_faults(offline=True)
    printer.open()  # not an error: reported, and retried on use
    assert printer.health().state == "offline"
    assert printer.paper_state().reason == "printer_offline"
    with pytest.raises(PrinterOffline):
        printer.print_job(JOB)
    printer.set_faults(offline=False)
    assert printer.paper_state().can_print
    printer.print_job(JOB)
    assert printer.health().ok
    printer.close()
    assert printer.health().state == "closed"


def test_silent_printer_blocks_printing(tmp_path: Path) -> None:
    printer = simulated(tmp_path)
    printer.open()
    printer.set_faults(no_reply=True)
    assert printer.paper_state().reason == "printer_not_responding"
    with pytest.raises(PrinterOffline):
        printer.print_job(JOB)
    assert printer.jobs() == []
    printer.close()


def test_port_misuse(tmp_path: Path) -> None:
    printer = simulated(tmp_path)
    with pytest.raises(PrinterError, match="not been opened"):
        printer.print_job(JOB)
    printer.open()
    with pytest.raises(ValueError, match="empty"):
        printer.print_job(b"")
    with pytest.raises(AttributeError):
        printer.set_faults(on_fire=True)
    printer.close()
    printer.close()  # closing twice is fine


# --- settings ---------------------------------------------------------------------------------
def test_settings_need_their_backend_options() -> None:
    with pytest.raises(ValueError, match="usb_vendor_id, usb_product_id"):
        PrinterSettings(backend="usb")
    with pytest.raises(ValueError, match="host"):
        PrinterSettings(backend="network")
    with pytest.raises(ValueError, match="unknown python-escpos printer profile"):
        PrinterSettings(backend="file", device_file="/dev/null", profile="no-such-printer")
    with pytest.raises(ValueError, match="cannot print native QR"):
        PrinterSettings(backend="file", device_file="/dev/null", profile="POS-5890", native_qr=True)


def test_capabilities_follow_paper_and_profile() -> None:
    def caps(**kw: object):  # type: ignore[no-untyped-def]
        return PrinterSettings(backend="file", device_file="/dev/null", **kw).capabilities  # type: ignore[arg-type]

    assert caps(paper_width_mm=58).width_dots == 384
    assert caps(paper_width_mm=80).width_dots == 576
    assert caps(paper_width_mm=80, profile="TM-T88V").width_dots == 512  # narrower head
    assert caps(paper_width_mm=58, profile="RP-F10-58mm").width_dots == 384  # paper narrower
    assert not caps(profile="POS-5890").cutter
    assert caps(profile="TM-T20II", native_qr=True).native_qr


# --- device file ------------------------------------------------------------------------------
def test_file_backend(tmp_path: Path) -> None:
    device = tmp_path / "lp0"
    printer = open_printer(PrinterSettings(backend="file", device_file=str(device)))
    state = printer.paper_state()
    assert state.sensor == "unsupported"  # a device file cannot be read back
    assert state.can_print
    printer.print_job(JOB)
    printer.close()
    assert device.read_bytes() == JOB


def test_file_backend_missing_device(tmp_path: Path) -> None:
    printer = open_printer(
        PrinterSettings(backend="file", device_file=str(tmp_path / "no" / "lp0"))
    )
    assert printer.health().state == "offline"
    with pytest.raises(PrinterOffline):
        printer.print_job(JOB)
    printer.close()


# --- USB and serial -------------------------------------------------------------------------
def test_usb_without_pyusb_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    from escpos.printer import usb

    monkeypatch.setattr(usb, "_DEP_USB", False)  # as if pyusb were not installed
    settings = PrinterSettings(backend="usb", usb_vendor_id=0x0416, usb_product_id=0x5011)
    with pytest.raises(PrinterUnavailable, match="pyusb"):
        open_printer(settings)


def test_serial_without_pyserial_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    from escpos.printer import serial

    monkeypatch.setattr(serial, "_DEP_PYSERIAL", False)
    with pytest.raises(PrinterUnavailable, match="pyserial"):
        open_printer(PrinterSettings(backend="serial", serial_device="/dev/ttyUSB0"))


def test_usb_printer_absent() -> None:
    """No such device: offline (reported, retried on use); no libusb at all: unavailable."""
    import usb.core

    settings = PrinterSettings(backend="usb", usb_vendor_id=0xFFFE, usb_product_id=0xFFFE)
    try:
        usb.core.find(idVendor=0xFFFE, idProduct=0xFFFE)
    except usb.core.NoBackendError:
        with pytest.raises(PrinterUnavailable, match="libusb"):
            open_printer(settings)
        return
    printer = open_printer(settings)
    assert printer.health().state == "offline"
    assert printer.paper_state().reason == "printer_offline"
    printer.close()


class PtyPrinter:
    """A serial printer on a pseudo-terminal: pyserial opens the real tty device; this side
    records the bytes and answers DLE EOT 4 with ``status`` (None: silent)."""

    def __init__(self) -> None:
        self.master, self.slave = os.openpty()
        tty.setraw(self.master)
        self.device = os.ttyname(self.slave)
        self.received = bytearray()
        self.status: bytes | None = b"\x12"
        self._arrived = threading.Condition()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        pending = bytearray()
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            with self._arrived:
                self.received += data
                self._arrived.notify_all()
            pending += data
            if pending.endswith(PAPER_STATUS_REQUEST):
                pending.clear()
                if self.status is not None:
                    os.write(self.master, self.status)

    def wait_for(self, data: bytes, count: int = 1) -> None:
        with self._arrived:
            assert self._arrived.wait_for(lambda: self.received.count(data) >= count, timeout=30)

    def close(self) -> None:
        os.close(self.slave)
        os.close(self.master)
        self._thread.join(timeout=30)


@pytest.fixture
def pty_printer() -> Iterator[PtyPrinter]:
    printer = PtyPrinter()
    yield printer
    printer.close()


def test_serial_printer(pty_printer: PtyPrinter) -> None:
    settings = PrinterSettings(
        backend="serial", serial_device=pty_printer.device, serial_baudrate=115200,
        serial_timeout_s=0.2,
    )  # fmt: skip
    printer = open_printer(settings)
    assert printer.paper_state().reason == "ok"
    printer.print_job(JOB)
    pty_printer.wait_for(JOB)
    pty_printer.status = b"\x72"
    with pytest.raises(PaperOut):
        printer.print_job(JOB)
    # Switched off: the port stays open but nothing answers. python-escpos would call that
    # "paper adequate"; here it blocks printing.
    pty_printer.status = None
    state = printer.paper_state()
    assert (state.can_print, state.reason) == (False, "printer_not_responding")
    with pytest.raises(PrinterOffline):
        printer.print_job(JOB)
    pty_printer.status = b"\x12"  # switched on again: reconnected on the next job
    printer.print_job(JOB)
    pty_printer.wait_for(JOB, count=2)
    printer.close()
    assert pty_printer.received.count(JOB) == 2


# --- network: a real TCP "printer" on loopback ------------------------------------------------
class LoopbackPrinter:
    """Accepts connections on 127.0.0.1, records what it is sent and answers DLE EOT 4 with
    ``status`` (None: stays silent). ``hang_up()`` drops the client, like a power cycle."""

    def __init__(self, port: int = 0) -> None:
        self.server = socket.create_server(("127.0.0.1", port))
        self.server.settimeout(0.1)
        self.port = self.server.getsockname()[1]
        self.received = bytearray()
        self.status: bytes | None = b"\x12"
        self.connections = 0
        self._clients: list[socket.socket] = []
        self._handlers: list[threading.Thread] = []
        self._arrived = threading.Condition()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            self._clients.append(conn)
            handler = threading.Thread(target=self._client, args=(conn,), daemon=True)
            self._handlers.append(handler)
            handler.start()

    def _client(self, conn: socket.socket) -> None:
        buffer = bytearray()
        with conn:
            while True:
                try:
                    data = conn.recv(65536)
                except OSError:
                    return
                if not data:
                    return
                with self._arrived:
                    self.received += data
                    self._arrived.notify_all()
                buffer += data
                if buffer.endswith(PAPER_STATUS_REQUEST):
                    buffer.clear()
                    if self.status is not None:
                        conn.sendall(self.status)

    def wait_for(self, data: bytes, count: int = 1) -> None:
        """Block until ``data`` has arrived ``count`` times (a safety timeout, not a measure)."""
        with self._arrived:
            assert self._arrived.wait_for(lambda: self.received.count(data) >= count, timeout=30)

    def drained(self) -> bytearray:
        """Everything received, once every client has closed its connection."""
        for handler in list(self._handlers):
            handler.join(timeout=30)
        return self.received

    def hang_up(self) -> None:
        for conn in self._clients:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
            conn.close()
        self._clients.clear()

    def stop(self) -> None:
        self._stop.set()
        self.hang_up()
        self.server.close()
        self._thread.join()


@pytest.fixture
def loopback() -> Iterator[LoopbackPrinter]:
    server = LoopbackPrinter()
    yield server
    server.stop()


def network(port: int) -> PrinterSettings:
    return PrinterSettings(backend="network", host="127.0.0.1", port=port, network_timeout_s=2.0)


def test_network_prints_and_reads_paper(loopback: LoopbackPrinter) -> None:
    printer = open_printer(network(loopback.port))
    assert printer.paper_state().reason == "ok"
    printer.print_job(JOB)
    loopback.status = b"\x1e"
    assert printer.paper_state().reason == "paper_near_end"
    loopback.status = b"\x72"
    with pytest.raises(PaperOut):
        printer.print_job(JOB)
    printer.close()
    assert loopback.drained().count(JOB) == 1  # the second job was never sent
    assert loopback.connections == 1


def test_network_reconnects_after_power_cycle(loopback: LoopbackPrinter) -> None:
    printer = open_printer(network(loopback.port))
    printer.print_job(JOB)
    loopback.wait_for(JOB)
    loopback.hang_up()  # the printer is switched off and on again
    # The dead connection shows as "no reply" (EOF): the job is refused, not lost into a socket.
    with pytest.raises(PrinterOffline):
        printer.print_job(JOB)
    printer.print_job(JOB)  # a new connection
    printer.close()
    assert loopback.drained().count(JOB) == 2
    assert loopback.connections == 2


def test_network_printer_off_then_on() -> None:
    first = LoopbackPrinter()
    port = first.port
    first.stop()  # nothing listens: connection refused
    printer = open_printer(network(port))
    assert printer.health().state == "offline"
    assert printer.paper_state().reason == "printer_offline"
    second = LoopbackPrinter(port)
    try:
        assert printer.paper_state().reason == "ok"
        printer.print_job(JOB)
        printer.close()
        assert JOB in second.drained()
    finally:
        second.stop()


def test_last_paper_state_is_cached(tmp_path: Path) -> None:
    printer = simulated(tmp_path)
    printer.open()
    assert printer.last_paper_state() is None
    printer.set_faults(paper_near_end=True)
    assert printer.last_paper_state() is None  # no I/O: nothing new known yet
    assert printer.paper_state().reason == "paper_near_end"
    state = printer.last_paper_state()
    assert state is not None and state.reason == "paper_near_end"
    assert printer.health() == DriverHealth(True, "paper_low", state_detail(printer))
    printer.close()


def test_missing_font_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="printer font not found"):
        PrinterSettings(backend="simulated", simulated_dir=tmp_path, font_path=tmp_path / "x.ttc")
