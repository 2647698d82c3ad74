"""The scanner loop with the simulated camera and the real decoders; time is an injected clock."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator

import numpy as np
import pytest

from drivers.camera import CameraSettings, SimulatedCamera
from drivers.decoder import Decoded, DecoderSettings, open_decoder
from kiosk.core.payloads import MemberCard, MemberCode, Payload, StaffCard, Unknown
from kiosk.runtime.scanning import FAILING_AFTER, Scanner
from tests.drivers.scanimages import code128, on_frame, qr

MEMBER = "M1:100001:48213377"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def camera() -> SimulatedCamera:
    cam = SimulatedCamera(CameraSettings())
    cam.start()
    return cam


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def seen() -> list[Payload]:
    return []


@pytest.fixture
def scanner(camera: SimulatedCamera, clock: Clock, seen: list[Payload]) -> Scanner:
    return Scanner(
        camera, open_decoder(DecoderSettings()), seen.append, debounce_s=3.0, clock=clock
    )


def test_a_code_in_front_of_the_camera_is_classified_and_reported(
    scanner: Scanner, camera: SimulatedCamera, seen: list[Payload]
) -> None:
    assert scanner.step() == 0  # nothing shown: no frame
    camera.show(on_frame(qr(MEMBER, box=5)))
    assert scanner.step() == 1
    assert seen == [MemberCode("100001", "48213377", MEMBER)]
    stats = scanner.stats()
    assert (stats.frames, stats.frames_with_code, stats.reported) == (1, 1, 1)
    assert stats.last_decode_ms is not None and stats.last_decode_ms >= 0


def test_a_code_held_up_is_reported_once_until_it_has_been_away(
    scanner: Scanner, camera: SimulatedCamera, clock: Clock, seen: list[Payload]
) -> None:
    code = on_frame(qr(MEMBER, box=5))
    camera.show(code)
    for _ in range(5):  # held up for eight seconds: t = 0, 2, 4, 6, 8
        scanner.step()
        clock.now += 2.0
    assert len(seen) == 1
    camera.clear()
    assert scanner.step() == 0  # nothing in view
    clock.now += 0.9  # back after 2.9 s out of sight: still the same scan
    camera.show(code)
    assert scanner.step() == 0
    camera.clear()
    clock.now += 3.0  # back after a full debounce window: a new scan
    camera.show(code)
    assert scanner.step() == 1
    assert len(seen) == 2
    assert scanner.stats().frames == 7


def test_a_different_code_is_reported_at_once(
    scanner: Scanner, camera: SimulatedCamera, seen: list[Payload]
) -> None:
    camera.show(on_frame(qr(MEMBER, box=5)))
    scanner.step()
    camera.show(on_frame(code128("S1:9001"), at=(150, 40)))
    scanner.step()
    assert seen == [MemberCode("100001", "48213377", MEMBER), StaffCard("9001", "S1:9001")]


def test_zero_debounce_reports_every_frame(camera: SimulatedCamera, seen: list[Payload]) -> None:
    scanner = Scanner(
        camera, open_decoder(DecoderSettings()), seen.append, debounce_s=0, clock=Clock()
    )
    camera.show(on_frame(qr("0004123456", box=5)))
    scanner.step()
    scanner.step()
    assert seen == [MemberCard("0004123456", "0004123456")] * 2


def test_unrecognised_codes_are_reported_without_their_content(
    scanner: Scanner, camera: SimulatedCamera, seen: list[Payload]
) -> None:
    camera.show(on_frame(qr("https://example.com/personal?phone=13800138000", box=4)))
    scanner.step()
    assert seen == [Unknown("unrecognised")]


def test_nothing_scanned_reaches_the_log(
    scanner: Scanner, camera: SimulatedCamera, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for text in (MEMBER, "Jane Doe 13800138000"):
        camera.show(on_frame(qr(text, box=5)))
        scanner.step()
    assert "scanned a member_code" in caplog.text and "scanned a unknown" in caplog.text
    assert "100001" not in caplog.text and "13800138000" not in caplog.text
    # Only the text fields can carry content; the numbers are counts and a decode time, whose
    # digits may contain "100001" by chance (2.0376100001 ms once failed this test).
    health = scanner.health()
    texts = [v for v in scanner.stats().as_dict().values() if isinstance(v, str)]
    shown = " ".join([*texts, health.state, health.detail])
    assert "100001" not in shown and "13800138000" not in shown


def test_paused_scanner_reads_nothing(
    scanner: Scanner, camera: SimulatedCamera, seen: list[Payload]
) -> None:
    camera.show(on_frame(qr(MEMBER, box=5)))
    scanner.pause()
    assert scanner.paused
    assert scanner.step() == 0
    assert scanner.stats().frames == 0  # not even decoded: no CPU spent
    scanner.resume()
    assert scanner.step() == 1
    assert len(seen) == 1


def test_forget_reports_the_code_in_view_again(
    scanner: Scanner, camera: SimulatedCamera, seen: list[Payload]
) -> None:
    camera.show(on_frame(qr(MEMBER, box=5)))
    scanner.step()
    scanner.forget()
    scanner.step()
    assert len(seen) == 2


class Exploding:
    def __init__(self, times: int) -> None:
        self.times = times

    def decode(self, grey: object) -> list[Decoded]:
        if self.times > 0:
            self.times -= 1
            raise RuntimeError("decoder blew up")
        return [Decoded("S1:1", "qr")]


def test_decoder_errors_are_counted_and_the_scanner_carries_on(
    camera: SimulatedCamera, seen: list[Payload]
) -> None:
    scanner = Scanner(camera, Exploding(FAILING_AFTER), seen.append, clock=Clock())
    camera.show(np.zeros((48, 64), dtype=np.uint8))
    for _ in range(FAILING_AFTER):
        assert scanner.step() == 0
    stats = scanner.stats()
    assert stats.errors == FAILING_AFTER and "decoder blew up" in stats.last_error
    health = scanner.health()
    assert not health.ok and health.state == "failing"
    assert scanner.step() == 1  # recovered
    assert seen == [StaffCard("1", "S1:1")]
    assert scanner.stats().consecutive_errors == 0


def test_camera_and_callback_errors_are_counted(camera: SimulatedCamera) -> None:
    class BrokenCamera(SimulatedCamera):
        def frame(self) -> None:
            raise OSError("camera unplugged")

    def crashing_callback(payload: Payload) -> None:
        raise ValueError(f"app bug with {payload!r}")

    broken = Scanner(BrokenCamera(CameraSettings()), Exploding(0), lambda p: None, clock=Clock())
    assert broken.step() == 0
    assert "camera unplugged" in broken.stats().last_error

    camera.show(np.zeros((48, 64), dtype=np.uint8))
    scanner = Scanner(camera, Exploding(0), crashing_callback, clock=Clock())
    assert scanner.step() == 0
    stats = scanner.stats()
    assert stats.errors == 1
    assert stats.last_error == "on_payload: ValueError"  # the message might quote the payload


# --- the thread -----------------------------------------------------------------------------------


class Gate:
    """A camera whose frames the test releases one at a time, so the thread runs in lock-step."""

    def __init__(self, frame: np.ndarray) -> None:
        self._frame = frame
        self.requested = threading.Semaphore(0)
        self.allowed = threading.Semaphore(0)
        self.started = self.stopped = self.free_running = False

    def start(self) -> None:
        self.started = True

    def stop(self) -> None:
        self.stopped = True

    def run_freely(self) -> None:
        """From now on frames come without waiting for the test (like a real camera)."""
        self.free_running = True
        self.allowed.release()

    def frame(self) -> np.ndarray | None:
        self.requested.release()
        if not self.free_running:
            self.allowed.acquire()
        return None if self.stopped else self._frame

    def health(self) -> object:  # pragma: no cover - not used by the scanner
        raise NotImplementedError


@pytest.fixture
def gated() -> Iterator[tuple[Scanner, Gate, list[Payload], threading.Event]]:
    gate = Gate(on_frame(qr(MEMBER, box=5)))
    seen: list[Payload] = []
    reported = threading.Event()

    def on_payload(payload: Payload) -> None:
        seen.append(payload)
        reported.set()

    scanner = Scanner(gate, open_decoder(DecoderSettings()), on_payload, fps=1000, clock=Clock())  # type: ignore[arg-type]
    yield scanner, gate, seen, reported
    gate.run_freely()
    scanner.stop()


def test_thread_reads_frames_reports_and_stops(
    gated: tuple[Scanner, Gate, list[Payload], threading.Event],
) -> None:
    scanner, gate, seen, reported = gated
    scanner.start()
    assert gate.started
    assert gate.requested.acquire(timeout=5)
    gate.allowed.release()
    assert reported.wait(timeout=5)
    assert seen == [MemberCode("100001", "48213377", MEMBER)]
    assert scanner.stats().state == "scanning" and scanner.health().ok
    gate.run_freely()
    scanner.stop()
    assert gate.stopped
    assert scanner.stats().state == "stopped" and not scanner.health().ok


def test_paused_thread_does_not_ask_for_frames(
    gated: tuple[Scanner, Gate, list[Payload], threading.Event],
) -> None:
    scanner, gate, _, _ = gated
    scanner.start()
    assert gate.requested.acquire(timeout=5)  # the thread is waiting for frame 1
    scanner.pause()
    gate.allowed.release()  # frame 1 arrives after pause(): decoded, but must not be reported
    # The thread now blocks on the resume event: it asks for no further frame.
    assert not gate.requested.acquire(timeout=0.2)
    assert scanner.stats().state == "paused" and scanner.stats().reported == 0
    scanner.resume()
    assert gate.requested.acquire(timeout=5)
    gate.run_freely()
    scanner.stop()


def test_stop_wakes_a_paused_thread(
    gated: tuple[Scanner, Gate, list[Payload], threading.Event],
) -> None:
    scanner, gate, _, _ = gated
    scanner.pause()
    scanner.start()
    scanner.stop()
    assert scanner.stats().state == "stopped"
    assert gate.stopped


def test_invalid_arguments(camera: SimulatedCamera) -> None:
    with pytest.raises(ValueError):
        Scanner(camera, Exploding(0), lambda p: None, debounce_s=-1)
    with pytest.raises(ValueError):
        Scanner(camera, Exploding(0), lambda p: None, fps=0)
