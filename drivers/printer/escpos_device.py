"""Real printers through python-escpos's connection classes (USB, serial, network, device file).

python-escpos is used only for the connection here (``open``, ``_raw``, ``_read``, ``close``):
jobs are built elsewhere as plain bytes, so what was journaled is exactly what is sent.
Its optional dependencies are checked before a connection object is built (its ``Usb`` and
``Serial`` classes fail inside ``__del__`` otherwise), and every library error is translated
here into the driver's own errors, raised ``from`` the original.
"""

from __future__ import annotations

import logging
import socket
from functools import cache
from typing import Any

from drivers.printer.base import BasePrinter
from drivers.printer.errors import JobInterrupted, PrinterOffline, PrinterUnavailable
from drivers.printer.paper import PAPER_STATUS_REQUEST, SensorReading, parse_paper_status

log = logging.getLogger(__name__)

#: Jobs are written in pieces so a failure can tell "nothing sent" from "part sent".
CHUNK = 4096


@cache
def _network_class() -> Any:
    """python-escpos's ``Network.open`` leaks its socket when connecting fails (a
    ResourceWarning per retry while the printer is off); ``socket.create_connection`` closes
    it. Built lazily so python-escpos is imported only when a network printer is used."""
    from escpos.exceptions import DeviceNotFoundError
    from escpos.printer import Network

    class ClosingNetwork(Network):  # type: ignore[misc]
        def open(self, raise_not_found: bool = True) -> None:
            if self._device:
                self.close()
            try:
                connection = socket.create_connection((self.host, self.port), self.timeout)
            except OSError as exc:
                self.device = None
                raise DeviceNotFoundError(f"cannot connect to {self.host}:{self.port}") from exc
            self.device = connection

    return ClosingNetwork


class EscposPrinter(BasePrinter):
    """A printer reached through one of python-escpos's connection classes."""

    _device: Any = None

    def _build(self) -> Any:
        s = self.settings
        if s.backend == "usb":
            from escpos.printer import usb

            if not usb.is_usable():
                raise PrinterUnavailable("the USB printer backend needs the 'pyusb' package")
            return usb.Usb(
                s.usb_vendor_id, s.usb_product_id, timeout=s.usb_timeout_ms,
                in_ep=s.usb_in_ep, out_ep=s.usb_out_ep, profile=s.profile,
            )  # fmt: skip
        if s.backend == "serial":
            from escpos.printer import serial

            if not serial.is_usable():
                raise PrinterUnavailable("the serial printer backend needs the 'pyserial' package")
            return serial.Serial(
                s.serial_device, baudrate=s.serial_baudrate, timeout=s.serial_timeout_s,
                profile=s.profile,
            )  # fmt: skip
        if s.backend == "network":
            return _network_class()(
                s.host, port=s.port, timeout=s.network_timeout_s, profile=s.profile
            )
        if s.backend == "file":
            from escpos.printer import File

            return File(s.device_file, profile=s.profile)
        raise PrinterUnavailable(f"not a python-escpos backend: {s.backend!r}")

    def _connect(self) -> None:
        from escpos.exceptions import DeviceNotFoundError

        backend = self.settings.backend
        device = self._build()
        try:
            device.open()
        except DeviceNotFoundError as exc:
            # python-escpos's message names the device (ids, path, host): no personal data.
            reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else "not found"
            raise PrinterOffline(f"{backend} printer not found: {reason}") from exc
        except Exception as exc:
            if type(exc).__name__ == "NoBackendError":  # pyusb found no libusb on the system
                raise PrinterUnavailable(
                    "the USB printer backend needs libusb (Debian: apt install libusb-1.0-0)"
                ) from exc
            raise PrinterOffline(f"{backend} printer could not be opened") from exc
        self._device = device

    def _disconnect(self) -> None:
        device, self._device = self._device, None
        if device is None:
            return
        try:
            device.close()
        except Exception:  # a half-dead device may fail to close; it is gone either way
            log.debug("closing the printer connection failed", exc_info=True)

    def _send(self, job: bytes) -> None:
        sent = 0
        try:
            for start in range(0, len(job), CHUNK):
                self._device._raw(job[start : start + CHUNK])
                sent = start + CHUNK
        except Exception as exc:  # pyusb, pyserial and socket errors have no common base
            if sent == 0:
                raise PrinterOffline(f"{self.settings.backend} printer write failed") from exc
            raise JobInterrupted(
                f"{self.settings.backend} printer failed after {sent} of {len(job)} bytes"
            ) from exc

    def _read_paper_sensor(self) -> SensorReading:
        if self.settings.backend == "file":
            # python-escpos opens the device file write-only: the request would only be
            # printed as junk, and no answer can come back.
            return "unsupported"
        try:
            self._device._raw(PAPER_STATUS_REQUEST)
        except Exception as exc:
            raise PrinterOffline("status request could not be sent") from exc
        try:
            reply = bytes(self._device._read())
        except NotImplementedError:
            return "unsupported"  # a write-only device file
        except TimeoutError:
            return "no_reply"
        except Exception as exc:
            # pyusb reports a read timeout as USBTimeoutError (a USBError): no reply, but
            # the device is still there; anything else means the connection is gone.
            if type(exc).__name__ == "USBTimeoutError":
                return "no_reply"
            raise PrinterOffline("status reply could not be read") from exc
        return parse_paper_status(reply)
