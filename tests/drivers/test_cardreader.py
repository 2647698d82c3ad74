"""Card readers: the keystroke parser fed synthetic events, the simulated reader (file, pipe,
swipe), and the evdev reader against a stand-in device (there is no /dev/input here)."""

from __future__ import annotations

import logging
import os
import sys
import threading
import types
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.cardreader import (
    EV_KEY,
    KEY_CAPSLOCK,
    KEY_ENTER,
    KEY_KPENTER,
    KEY_LEFTSHIFT,
    MAX_LINE,
    CardReaderSettings,
    CardReaderUnavailable,
    EvdevCardReader,
    KeystrokeLines,
    SimulatedCardReader,
    open_card_reader,
)

EV_SYN, EV_MSC = 0, 4
# Codes as a US keyboard sends them (linux/input-event-codes.h).
DIGITS = {"1": 2, "2": 3, "3": 4, "4": 5, "5": 6, "6": 7, "7": 8, "8": 9, "9": 10, "0": 11}
KEYPAD = {"7": 71, "8": 72, "9": 73, "4": 75, "5": 76, "6": 77, "1": 79, "2": 80, "3": 81, "0": 82}
KEY_S, KEY_M, KEY_C, KEY_SEMICOLON, KEY_EQUAL, KEY_SLASH = 31, 50, 46, 39, 13, 53


def press(code: int, shift: bool = False) -> list[tuple[int, int, int]]:
    """The events a reader sends for one key, with the EV_MSC/EV_SYN noise real devices add."""
    events = [(EV_KEY, KEY_LEFTSHIFT, 1)] if shift else []
    events += [(EV_MSC, 4, 458782), (EV_KEY, code, 1), (EV_SYN, 0, 0), (EV_KEY, code, 0)]
    events += [(EV_KEY, KEY_LEFTSHIFT, 0)] if shift else []
    return events


def typed(text: str, *, keypad: bool = False, enter: int = KEY_ENTER) -> list[tuple[int, int, int]]:
    events: list[tuple[int, int, int]] = []
    for char in text:
        if char.isdigit():
            events += press((KEYPAD if keypad else DIGITS)[char])
        elif char == ";":
            events += press(KEY_SEMICOLON)
        elif char == "=":
            events += press(KEY_EQUAL)
        elif char == "?":
            events += press(KEY_SLASH, shift=True)
        elif char == ":":
            events += press(KEY_SEMICOLON, shift=True)
        elif char in "SMC":
            events += press({"S": KEY_S, "M": KEY_M, "C": KEY_C}[char], shift=True)
        else:
            raise ValueError(char)
    return [*events, *press(enter)]


def feed_all(parser: KeystrokeLines, events: list[tuple[int, int, int]]) -> list[str]:
    return [line for e in events if (line := parser.feed(*e)) is not None]


@pytest.mark.parametrize(
    ("text", "keypad", "enter"),
    [
        ("0004123456", False, KEY_ENTER),  # EM4100
        ("0004123456", True, KEY_KPENTER),  # readers that type on the keypad
        (";6012345678901234=2512101?", False, KEY_ENTER),  # magstripe track 2
        ("S1:9001", False, KEY_ENTER),
        ("MC100001", False, KEY_ENTER),
    ],
)
def test_parser_turns_keystrokes_into_lines(text: str, keypad: bool, enter: int) -> None:
    assert feed_all(KeystrokeLines(), typed(text, keypad=keypad, enter=enter)) == [text]


def test_parser_handles_consecutive_lines_caps_lock_and_backspace() -> None:
    parser = KeystrokeLines()
    events = typed("0004123456") + typed("12345678")
    events += press(KEY_CAPSLOCK) + press(KEY_M) + press(KEY_C) + press(KEY_CAPSLOCK)
    events += (
        press(DIGITS["1"]) + press(DIGITS["9"]) + press(14) + press(DIGITS["2"]) + press(KEY_ENTER)
    )
    assert feed_all(parser, events) == ["0004123456", "12345678", "MC12"]


def test_parser_ignores_repeats_unknown_keys_and_empty_lines() -> None:
    parser = KeystrokeLines()
    events = press(KEY_ENTER)  # an empty line is no read
    events += [(EV_KEY, DIGITS["5"], 1), (EV_KEY, DIGITS["5"], 2), (EV_KEY, DIGITS["5"], 0)]
    events += press(183)  # F13: not a character
    events += press(KEY_ENTER)
    assert feed_all(parser, events) == ["5"]


def test_parser_drops_an_overlong_line() -> None:
    parser = KeystrokeLines()
    events = [e for _ in range(MAX_LINE + 5) for e in press(DIGITS["1"])] + press(KEY_ENTER)
    assert feed_all(parser, events) == []
    assert feed_all(parser, typed("0004123456")) == ["0004123456"]  # and recovers


def test_key_codes_match_evdev() -> None:
    ecodes = pytest.importorskip("evdev").ecodes
    assert (ecodes.EV_KEY, ecodes.KEY_ENTER, ecodes.KEY_KPENTER) == (EV_KEY, KEY_ENTER, KEY_KPENTER)
    assert ecodes.KEY_LEFTSHIFT == KEY_LEFTSHIFT and ecodes.KEY_CAPSLOCK == KEY_CAPSLOCK
    assert [getattr(ecodes, f"KEY_{d}") for d in "0123456789"] == [DIGITS[d] for d in "0123456789"]
    assert [getattr(ecodes, f"KEY_KP{d}") for d in "0123456789"] == [
        KEYPAD[d] for d in "0123456789"
    ]
    assert (ecodes.KEY_SEMICOLON, ecodes.KEY_EQUAL, ecodes.KEY_SLASH) == (39, 13, 53)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 5), st.integers(0, 300), st.integers(-1, 3)), max_size=400)
)
def test_parser_never_raises(events: list[tuple[int, int, int]]) -> None:
    parser = KeystrokeLines()
    for event in events:
        line = parser.feed(*event)
        assert line is None or 0 < len(line) <= MAX_LINE


# --- simulated reader -----------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_swipe_hands_on_lines_and_suppresses_repeats() -> None:
    seen: list[str] = []
    clock = Clock()
    reader = SimulatedCardReader(
        CardReaderSettings(backend="simulated", repeat_s=2.0), seen.append, clock=clock
    )
    reader.start()
    reader.swipe("0004123456\r\n")
    clock.now = 1.0
    reader.swipe("0004123456")  # the card is still on the reader
    clock.now = 5.0
    reader.swipe("0004123456")  # presented again
    reader.swipe("S1:9001")
    reader.swipe("hello")
    assert seen == ["0004123456", "0004123456", "S1:9001", "hello"]
    assert reader.health().ok and "4 reads" in reader.health().detail
    reader.stop()
    assert not reader.health().ok


def test_card_numbers_never_reach_the_log(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)

    def broken(line: str) -> None:
        raise RuntimeError(f"bug with {line}")

    reader = SimulatedCardReader(CardReaderSettings(backend="simulated"), broken)
    reader.start()
    reader.swipe(";6012345678901234=2512101?")
    assert "card reader: a line of 26 characters" in caplog.text
    assert "6012345678901234" not in caplog.text


def test_lines_from_a_file(tmp_path: Path) -> None:
    source = tmp_path / "swipes.txt"
    source.write_text("0004123456\n\nMC100001\n")
    seen: list[str] = []
    done = threading.Event()

    def on_line(line: str) -> None:
        seen.append(line)
        if len(seen) == 2:
            done.set()

    reader = open_card_reader(CardReaderSettings(backend="simulated", source=source), on_line)
    reader.start()
    assert done.wait(5)
    reader.stop()
    assert seen == ["0004123456", "MC100001"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_lines_from_a_named_pipe(tmp_path: Path) -> None:
    pipe = tmp_path / "reader"
    os.mkfifo(pipe)
    seen: list[str] = []
    got = threading.Semaphore(0)

    def on_line(line: str) -> None:
        seen.append(line)
        got.release()

    reader = open_card_reader(CardReaderSettings(backend="simulated", source=pipe), on_line)
    reader.start()
    for line in ("0004123456\n", "S1:9001\n"):  # two writers, one after the other
        with open(pipe, "w") as writer:
            writer.write(line)
        assert got.acquire(timeout=5)
    reader.stop()
    assert seen == ["0004123456", "S1:9001"]


def test_a_missing_source_is_a_clear_error(tmp_path: Path) -> None:
    reader = open_card_reader(CardReaderSettings(backend="simulated", source=tmp_path / "x"), print)
    with pytest.raises(FileNotFoundError, match="no such file or pipe"):
        reader.start()


def test_callback_errors_do_not_stop_the_reader() -> None:
    def broken(line: str) -> None:
        raise RuntimeError("app bug")

    reader = SimulatedCardReader(CardReaderSettings(backend="simulated"), broken)
    reader.start()
    reader.swipe("0004123456")
    reader.swipe("0004123457")
    assert "2 reads" in reader.health().detail


def test_no_reader() -> None:
    reader = open_card_reader(CardReaderSettings(), print)
    reader.start()
    assert reader.health().state == "absent"
    reader.stop()


# --- evdev reader against a stand-in device -------------------------------------------------------


@dataclass
class Event:
    type: int
    code: int
    value: int


class StandInDevice:
    """An InputDevice whose fd is a pipe: select() works on it as on /dev/input/eventN."""

    opened: list[StandInDevice] = []  # noqa: RUF012 - test bookkeeping
    plugged = True

    def __init__(self, path: str) -> None:
        if not StandInDevice.plugged:
            raise FileNotFoundError(2, "No such file or directory", path)
        self.path, self.name = path, "ACME RFID reader"
        self._read_fd, self._write_fd = os.pipe()
        self.fd = self._read_fd
        self.queue: list[Event] = []
        self.lock = threading.Lock()
        self.grabbed = self.closed = False
        StandInDevice.opened.append(self)

    def grab(self) -> None:
        self.grabbed = True

    def send(self, events: list[tuple[int, int, int]]) -> None:
        with self.lock:
            self.queue += [Event(*e) for e in events]
        os.write(self._write_fd, b"x")

    def unplug(self) -> None:
        StandInDevice.plugged = False
        with self.lock:
            self.queue.append(Event(-1, 0, 0))
        os.write(self._write_fd, b"x")

    def read(self) -> Iterator[Event]:
        os.read(self._read_fd, 4096)
        with self.lock:
            events, self.queue = self.queue, []
        for event in events:
            if event.type == -1:
                raise OSError(19, "No such device")
            yield event

    def close(self) -> None:
        self.closed = True
        os.close(self._read_fd)
        os.close(self._write_fd)


@pytest.fixture
def evdev_module(monkeypatch: pytest.MonkeyPatch) -> type[StandInDevice]:
    module = types.ModuleType("evdev")
    module.InputDevice = StandInDevice  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "evdev", module)
    StandInDevice.opened = []
    StandInDevice.plugged = True
    return StandInDevice


def _wait_for(condition: Any) -> None:
    pause = threading.Event()
    for _ in range(1000):
        if condition():
            return
        pause.wait(0.005)
    raise AssertionError("condition not met")


def test_evdev_reader_grabs_reads_and_survives_unplugging(
    evdev_module: type[StandInDevice],
) -> None:
    got: list[str] = []
    arrived = threading.Semaphore(0)

    def on_line(line: str) -> None:
        got.append(line)
        arrived.release()

    settings = CardReaderSettings(
        backend="evdev", device=Path("/dev/input/by-id/usb-acme-event-kbd"), reconnect_s=0.01
    )
    reader = open_card_reader(settings, on_line)
    assert isinstance(reader, EvdevCardReader)
    reader.start()
    _wait_for(lambda: evdev_module.opened and reader.health().ok)
    device = evdev_module.opened[0]
    assert device.grabbed and device.path.endswith("usb-acme-event-kbd")
    device.send(typed("0004123456", keypad=True, enter=KEY_KPENTER))
    assert arrived.acquire(timeout=5)
    assert got == ["0004123456"]

    device.unplug()
    _wait_for(lambda: reader.health().state == "disconnected")
    assert device.closed
    evdev_module.plugged = True  # plugged back in: reopened and grabbed again
    _wait_for(lambda: len(evdev_module.opened) == 2 and reader.health().ok)
    evdev_module.opened[1].send(typed("S1:9001"))
    assert arrived.acquire(timeout=5)
    assert got[-1] == "S1:9001"
    reader.stop()
    assert reader.health().state == "stopped"


def test_evdev_settings_and_missing_library(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError, match="device"):
        open_card_reader(CardReaderSettings(backend="evdev"), print)
    monkeypatch.setitem(sys.modules, "evdev", None)
    with pytest.raises(CardReaderUnavailable, match=r"install python3-evdev \(apt\)"):
        open_card_reader(CardReaderSettings(backend="evdev", device=Path("/dev/input/x")), print)
