"""Card readers: USB "keyboard wedge" readers (RFID, magstripe, barcode) and a simulated one.

A wedge reader is a keyboard that types the card number and presses Enter. On the kiosk we read it
with python-evdev from its ``/dev/input/by-id/...`` node and *grab* it: while grabbed, its
keystrokes go only to us, never to the Kivy window or the console (where a swipe could type into a
text field or log someone in).

:class:`KeystrokeLines` turns key events into lines. It is pure (plain integers in, strings out;
the Linux key codes are spelled out below), so it is tested with synthetic events: there is no
``/dev/input`` in CI. It handles both shift keys, caps lock, the numeric keypad (many RFID
readers type keypad digits and KP-Enter) and the characters of magstripe track 2 (``; = ?``).

Every completed line (a ``str``) goes to ``on_line``; the app classifies it, as it does the
camera's decoded text. The reader knows nothing of what a line means. Lines are never logged.

Backends, chosen by name in config:

* ``evdev`` - the real reader (python-evdev; Linux only). On Debian and Raspberry Pi OS it comes
  prebuilt from apt (``python3-evdev``), which ``scripts/bootstrap.sh`` shows to the virtualenv:
  PyPI ships it as source only, and a kiosk has no compiler (see docs/operations.md).
* ``simulated`` - lines from a text file or a named pipe (``mkfifo``; e.g.
  ``echo 0004123456 > /run/kiosk/cardreader``), and :meth:`SimulatedCardReader.swipe` for tests,
  the demo and the dev panel.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import stat
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from drivers.health import DriverHealth

log = logging.getLogger(__name__)

# --- Linux input event codes (linux/input-event-codes.h), so the parser needs no evdev ---------

EV_KEY: Final = 1
KEY_UP, KEY_DOWN, KEY_HOLD = 0, 1, 2
KEY_BACKSPACE: Final = 14
KEY_ENTER: Final = 28
KEY_KPENTER: Final = 96
KEY_LEFTSHIFT: Final = 42
KEY_RIGHTSHIFT: Final = 54
KEY_CAPSLOCK: Final = 58

#: key code -> (plain, shifted) character. US layout: what wedge readers are configured for.
_KEYMAP: Final[dict[int, tuple[str, str]]] = {
    2: ("1", "!"), 3: ("2", "@"), 4: ("3", "#"), 5: ("4", "$"), 6: ("5", "%"),
    7: ("6", "^"), 8: ("7", "&"), 9: ("8", "*"), 10: ("9", "("), 11: ("0", ")"),
    12: ("-", "_"), 13: ("=", "+"), 15: ("\t", "\t"),
    16: ("q", "Q"), 17: ("w", "W"), 18: ("e", "E"), 19: ("r", "R"), 20: ("t", "T"),
    21: ("y", "Y"), 22: ("u", "U"), 23: ("i", "I"), 24: ("o", "O"), 25: ("p", "P"),
    26: ("[", "{"), 27: ("]", "}"),
    30: ("a", "A"), 31: ("s", "S"), 32: ("d", "D"), 33: ("f", "F"), 34: ("g", "G"),
    35: ("h", "H"), 36: ("j", "J"), 37: ("k", "K"), 38: ("l", "L"), 39: (";", ":"),
    40: ("'", '"'), 41: ("`", "~"), 43: ("\\", "|"),
    44: ("z", "Z"), 45: ("x", "X"), 46: ("c", "C"), 47: ("v", "V"), 48: ("b", "B"),
    49: ("n", "N"), 50: ("m", "M"), 51: (",", "<"), 52: (".", ">"), 53: ("/", "?"),
    57: (" ", " "),
    # numeric keypad: the same character whatever shift says (num lock is assumed on, as
    # readers that use the keypad expect)
    55: ("*", "*"), 71: ("7", "7"), 72: ("8", "8"), 73: ("9", "9"), 74: ("-", "-"),
    75: ("4", "4"), 76: ("5", "5"), 77: ("6", "6"), 78: ("+", "+"), 79: ("1", "1"),
    80: ("2", "2"), 81: ("3", "3"), 82: ("0", "0"), 83: (".", "."), 98: ("/", "/"),
}  # fmt: skip

#: A line longer than this is not a card: the buffer is dropped (a stuck key, a rogue keyboard).
MAX_LINE: Final = 256


class KeystrokeLines:
    """Key events in, completed lines out. Pure and single-threaded."""

    def __init__(self) -> None:
        self._buffer: list[str] = []
        self._shift: set[int] = set()
        self._caps = False
        self._overflowed = False

    def feed(self, event_type: int, code: int, value: int) -> str | None:
        """One input event; returns the line when this event was Enter, else ``None``."""
        if event_type != EV_KEY:
            return None  # EV_SYN, EV_MSC scan codes, LEDs: not keystrokes
        if code in (KEY_LEFTSHIFT, KEY_RIGHTSHIFT):
            if value == KEY_UP:
                self._shift.discard(code)
            else:
                self._shift.add(code)
            return None
        if value != KEY_DOWN:
            return None  # key up, and auto-repeat (a reader never holds a key)
        if code == KEY_CAPSLOCK:
            self._caps = not self._caps
        elif code in (KEY_ENTER, KEY_KPENTER):
            return self._end_line()
        elif code == KEY_BACKSPACE:
            if self._buffer:
                self._buffer.pop()
        elif code in _KEYMAP:
            self._type(code)
        return None

    def _type(self, code: int) -> None:
        plain, shifted = _KEYMAP[code]
        char = shifted if self._shift else plain
        if self._caps and char.isalpha():
            char = char.swapcase()
        if len(self._buffer) >= MAX_LINE:
            self._overflowed = True
            return
        self._buffer.append(char)

    def _end_line(self) -> str | None:
        line = "".join(self._buffer)
        overflowed = self._overflowed
        self._buffer.clear()
        self._overflowed = False
        if overflowed or not line:
            return None
        return line


# --- settings, port, backends --------------------------------------------------------------------


class CardReaderSettings(BaseModel):
    """``[card_reader]`` in the kiosk config."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    backend: Literal["evdev", "simulated", "none"] = "none"
    #: evdev: the reader's stable device node, e.g. /dev/input/by-id/usb-...-event-kbd
    device: Path | None = None
    #: evdev: take the reader for ourselves so its keystrokes never reach the UI or the console.
    grab: bool = True
    #: simulated: a text file (replayed once) or a named pipe (read for as long as we run).
    source: Path | None = None
    #: The same card read again within this many seconds is one read (RFID readers repeat
    #: while a card lies on them).
    repeat_s: float = Field(default=2.0, ge=0)
    #: evdev: seconds between attempts to reopen a reader that was unplugged.
    reconnect_s: float = Field(default=2.0, gt=0)


class CardReaderUnavailable(RuntimeError):
    """The library the configured card reader backend needs is not installed."""


class CardReader(Protocol):
    def start(self) -> None: ...

    def stop(self) -> None: ...

    def health(self) -> DriverHealth: ...


class _Lines:
    """Shared tail of every backend: repeat suppression and the callback."""

    def __init__(
        self,
        on_line: Callable[[str], None],
        repeat_s: float,
        clock: Callable[[], float],
    ) -> None:
        self._on_line = on_line
        self._repeat_s = repeat_s
        self._clock = clock
        self._last: tuple[str, float] | None = None
        self.lines = 0
        self.errors = 0

    def line(self, text: str) -> None:
        now = self._clock()
        last = self._last
        self._last = (text, now)
        if last is not None and last[0] == text and now - last[1] < self._repeat_s:
            return
        self.lines += 1
        log.info("card reader: a line of %d characters", len(text))
        try:
            self._on_line(text)
        except Exception as exc:
            self.errors += 1
            log.warning("card reader: on_line raised %s", type(exc).__name__)


class SimulatedCardReader:
    """Lines from a file or named pipe, and :meth:`swipe` from code. Thread-safe."""

    def __init__(
        self,
        settings: CardReaderSettings,
        on_line: Callable[[str], None],
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._settings = settings
        self._lock = threading.Lock()
        self._lines = _Lines(on_line, settings.repeat_s, clock)
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._running = False

    def swipe(self, line: str) -> None:
        """As if a card were read: ``line`` is what the reader would type before Enter."""
        with self._lock:
            self._lines.line(line.rstrip("\r\n"))

    def start(self) -> None:
        self._running = True
        source = self._settings.source
        if source is None or (self._thread is not None and self._thread.is_alive()):
            return
        if not source.exists():
            raise FileNotFoundError(f"simulated card reader: no such file or pipe: {source}")
        self._stopping.clear()
        self._thread = threading.Thread(
            target=self._read, args=(source,), name="cardreader-sim", daemon=True
        )
        self._thread.start()

    def _read(self, source: Path) -> None:
        if stat.S_ISFIFO(source.stat().st_mode):
            self._read_pipe(source)
        else:
            for line in source.read_text(encoding="utf-8", errors="replace").splitlines():
                if self._stopping.is_set():
                    return
                if line:
                    self.swipe(line)

    def _read_pipe(self, source: Path) -> None:
        # Non-blocking open: a FIFO otherwise blocks until a writer appears, and stop() could
        # not end the thread. select() with a timeout lets the loop notice stop().
        fd = os.open(source, os.O_RDONLY | os.O_NONBLOCK)
        pending = b""
        try:
            while not self._stopping.is_set():
                ready, _, _ = select.select([fd], [], [], 0.1)
                if not ready:
                    continue
                chunk = os.read(fd, 4096)
                if not chunk:
                    # Every writer closed: wait for the next one without spinning.
                    self._stopping.wait(0.1)
                    continue
                pending += chunk
                *lines, pending = pending.split(b"\n")
                for raw in lines:
                    if raw.strip():
                        self.swipe(raw.decode("utf-8", errors="replace"))
        finally:
            os.close(fd)

    def stop(self) -> None:
        self._running = False
        self._stopping.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(5.0)

    def health(self) -> DriverHealth:
        state = "running" if self._running else "stopped"
        detail = f"simulated, {self._lines.lines} reads"
        return DriverHealth(ok=self._running, state=state, detail=detail)


class EvdevCardReader:
    """A keyboard-wedge reader on ``/dev/input``, grabbed; reopened when it is replugged."""

    def __init__(
        self,
        settings: CardReaderSettings,
        on_line: Callable[[str], None],
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if settings.device is None:
            raise ValueError("card reader backend 'evdev' needs 'device' (/dev/input/by-id/...)")
        self._evdev = self._import()
        self._settings = settings
        self._device_path = settings.device
        self._lines = _Lines(on_line, settings.repeat_s, clock)
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._state = "stopped"
        self._detail = ""

    @staticmethod
    def _import() -> Any:
        try:
            import evdev
        except ImportError as exc:
            raise CardReaderUnavailable(
                "card reader backend 'evdev' needs python-evdev: install python3-evdev (apt), then"
                " rerun scripts/bootstrap.sh so the virtualenv sees it (Linux only)"
            ) from exc
        return evdev

    def start(self) -> None:
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="cardreader", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(5.0)
        self._state = "stopped"

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                device = self._evdev.InputDevice(str(self._device_path))
            except OSError as exc:
                self._state, self._detail = "disconnected", f"{type(exc).__name__}: {exc}"
                self._stopping.wait(self._settings.reconnect_s)
                continue
            try:
                if self._settings.grab:
                    device.grab()
                self._state, self._detail = "running", str(getattr(device, "name", ""))
                self._read(device)
            except OSError as exc:  # unplugged (ENODEV) or grabbed by someone else (EBUSY)
                self._detail = f"{type(exc).__name__}: {exc}"
            finally:
                with contextlib.suppress(OSError):
                    device.close()
            if not self._stopping.is_set():
                self._state = "disconnected"
                self._stopping.wait(self._settings.reconnect_s)

    def _read(self, device: Any) -> None:
        parser = KeystrokeLines()
        while not self._stopping.is_set():
            ready, _, _ = select.select([device.fd], [], [], 0.2)
            if not ready:
                continue
            for event in device.read():
                line = parser.feed(event.type, event.code, event.value)
                if line is not None:
                    self._lines.line(line)

    def health(self) -> DriverHealth:
        return DriverHealth(ok=self._state == "running", state=self._state, detail=self._detail)


class NoCardReader:
    """``backend = "none"``: a kiosk without a card reader."""

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass

    def health(self) -> DriverHealth:
        return DriverHealth(ok=True, state="absent", detail="no card reader configured")


def open_card_reader(settings: CardReaderSettings, on_line: Callable[[str], None]) -> CardReader:
    """The reader named in ``settings``; each line read is given to ``on_line`` (on the
    reader's thread, like the scanner's callback)."""
    match settings.backend:
        case "evdev":
            return EvdevCardReader(settings, on_line)
        case "simulated":
            return SimulatedCardReader(settings, on_line)
        case "none":
            return NoCardReader()
    raise ValueError(f"unknown card reader backend {settings.backend!r}")  # pragma: no cover
