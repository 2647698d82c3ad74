"""systemd notify protocol (READY=1, WATCHDOG=1) without a dependency: one datagram per message.

The watchdog ping is sent from the UI frame clock, so a frozen UI stops the pings and systemd
restarts the kiosk (``WatchdogSec=`` in the unit). Outside systemd every call is a no-op.
"""

from __future__ import annotations

import os
import socket
import time
from contextlib import suppress


class Notifier:
    def __init__(self, min_interval_s: float = 5.0) -> None:
        address = os.environ.get("NOTIFY_SOCKET", "")
        if address.startswith("@"):  # abstract namespace socket
            address = "\0" + address[1:]
        self._address = address or None
        self._min_interval_s = min_interval_s
        self._last_ping = 0.0

    @property
    def enabled(self) -> bool:
        return self._address is not None

    def send(self, message: str) -> None:
        if self._address is None:
            return
        # OSError: systemd gone (shutting down): nothing useful to do about it.
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock, suppress(OSError):
            sock.sendto(message.encode("ascii"), self._address)

    def ready(self) -> None:
        self.send("READY=1")

    def watchdog(self) -> None:
        now = time.monotonic()
        if now - self._last_ping >= self._min_interval_s:
            self._last_ping = now
            self.send("WATCHDOG=1")
