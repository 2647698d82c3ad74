"""On the kiosk itself: the real camera module, card reader and GPIO header.

Marked ``hardware`` and skipped unless the hardware is there: picamera2 importable (a Pi with a
camera), ``KIOSK_TEST_CARD_READER=/dev/input/by-id/...`` for the reader, ``KIOSK_TEST_GPIO=1`` on
a Pi for the buzzer and LED (you will hear and see them). Run on a Pi with
``pytest -m hardware tests/drivers/test_scanning_hardware.py``.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from pathlib import Path

import numpy as np
import pytest

from drivers.camera import CameraSettings, open_camera
from drivers.cardreader import CardReaderSettings, open_card_reader
from drivers.gpio import GpioSettings, open_gpio
from kiosk.core.payloads import classify

pytestmark = pytest.mark.hardware


@pytest.mark.skipif(importlib.util.find_spec("picamera2") is None, reason="no picamera2 here")
def test_pi_camera_delivers_greyscale_frames() -> None:
    camera = open_camera(CameraSettings(backend="picamera2"))
    camera.start()
    try:
        frames = [camera.frame() for _ in range(5)]
        assert all(f is not None and f.shape == (480, 640) and f.dtype == np.uint8 for f in frames)
        assert camera.health().ok
    finally:
        camera.stop()


@pytest.mark.skipif("KIOSK_TEST_CARD_READER" not in os.environ, reason="no card reader given")
def test_card_reader_reads_a_swiped_card() -> None:
    got: list[str] = []
    arrived = threading.Event()

    def on_line(line: str) -> None:
        got.append(line)
        arrived.set()

    device = Path(os.environ["KIOSK_TEST_CARD_READER"])
    reader = open_card_reader(CardReaderSettings(backend="evdev", device=device), on_line)
    reader.start()
    try:
        print("\nswipe or present a card within 20 s ...")
        assert arrived.wait(20)
        assert reader.health().ok
        assert classify(got[0]).kind != "unknown"  # the app reads it as a card
    finally:
        reader.stop()


@pytest.mark.skipif(os.environ.get("KIOSK_TEST_GPIO") != "1", reason="KIOSK_TEST_GPIO=1 not set")
def test_buzzer_and_led_on_the_header() -> None:
    gpio = open_gpio(GpioSettings(backend="gpiozero"))
    try:
        gpio.feedback_ok()
        threading.Event().wait(1.0)
        gpio.feedback_error()
        threading.Event().wait(1.0)
        assert gpio.health().ok
    finally:
        gpio.close()
