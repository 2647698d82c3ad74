"""Buzzer and LED feedback on gpiozero's MockFactory: the recorded pin states are the evidence."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from gpiozero.pins.mock import MockFactory
from pydantic import ValidationError

from drivers.gpio import GpioSettings, KioskGpio, Pattern, open_gpio

# Short patterns so the background threads finish quickly; nothing asserts on durations.
FAST = {
    "ok_beep": Pattern(on_s=0.002, off_s=0.002),
    "ok_flash": Pattern(on_s=0.002, off_s=0.002),
    "error_beep": Pattern(on_s=0.002, off_s=0.002, count=3),
    "error_flash": Pattern(on_s=0.002, off_s=0.002, count=2),
}

_FLASHES = {"ok_flash": FAST["ok_flash"], "error_flash": FAST["error_flash"]}


@pytest.fixture
def gpio() -> Iterator[KioskGpio]:
    kiosk_gpio = open_gpio(GpioSettings(backend="mock", buzzer_pin=17, status_led_pin=27, **FAST))
    yield kiosk_gpio
    kiosk_gpio.close()
    # MockFactory keeps pins and reservations at class level: clean up for the next test.
    kiosk_gpio.pin_factory.reset()


def _wait_for_states(pin: object, count: int) -> list[bool]:
    """The pin's recorded on/off values once ``count`` have been recorded (polling, no timing)."""
    done = threading.Event()
    for _ in range(2000):
        states = [bool(s.state) for s in pin.states]  # type: ignore[attr-defined]
        if len(states) >= count:
            return states
        done.wait(0.005)
    raise AssertionError(f"pin recorded only {pin.states}")  # type: ignore[attr-defined]


def test_mock_backend_uses_its_own_mock_factory(gpio: KioskGpio) -> None:
    assert isinstance(gpio.pin_factory, MockFactory)
    assert gpio.buzzer.pin_factory is gpio.pin_factory
    assert gpio.status_led.pin_factory is gpio.pin_factory
    assert gpio.pin_factory.pin(17).state is False
    assert gpio.pin_factory.pin(27).state is False


def test_ok_is_one_beep_and_one_flash(gpio: KioskGpio) -> None:
    gpio.feedback_ok()
    assert _wait_for_states(gpio.pin_factory.pin(17), 3)[:3] == [False, True, False]
    assert _wait_for_states(gpio.pin_factory.pin(27), 3)[:3] == [False, True, False]
    # and nothing more once the pattern is over
    gpio.join_patterns()
    assert len(gpio.pin_factory.pin(17).states) == 3


def test_error_is_a_different_pattern(gpio: KioskGpio) -> None:
    gpio.feedback_error()
    gpio.join_patterns()
    buzzer = [bool(s.state) for s in gpio.pin_factory.pin(17).states]
    led = [bool(s.state) for s in gpio.pin_factory.pin(27).states]
    assert buzzer == [False, True, False, True, False, True, False]
    assert led == [False, True, False, True, False]


def test_feedback_does_not_block_the_caller() -> None:
    slow = Pattern(on_s=5.0, off_s=0.1)
    gpio = open_gpio(GpioSettings(backend="mock", ok_beep=slow, ok_flash=slow))
    try:
        gpio.feedback_ok()  # returns while the five-second beep is still sounding
        assert _wait_for_states(gpio.pin_factory.pin(17), 2)[-1] is True
    finally:
        gpio.close()  # stops the beep early and switches the buzzer off
        assert gpio.pin_factory.pin(17).state is False
        gpio.pin_factory.reset()


def test_new_feedback_replaces_a_pattern_still_playing(gpio: KioskGpio) -> None:
    gpio.feedback_error()
    gpio.feedback_ok()
    gpio.join_patterns()
    assert gpio.pin_factory.pin(17).state is False


def test_pins_can_be_left_out_and_active_low() -> None:
    gpio = open_gpio(
        GpioSettings(
            backend="mock", buzzer_pin=None, status_led_pin=22, status_led_active_high=False, **FAST
        )
    )
    try:
        assert gpio.buzzer is None
        assert gpio.pin_factory.pin(22).state is True  # active low: high means off
        gpio.feedback_ok()
        gpio.join_patterns()
        states = [bool(s.state) for s in gpio.pin_factory.pin(22).states]
        assert states[1:] == [True, False, True]  # [0] is the mock pin before the LED set it
    finally:
        gpio.close()
        gpio.pin_factory.reset()


def test_close_releases_pins_and_later_feedback_is_ignored(gpio: KioskGpio) -> None:
    gpio.close()
    gpio.feedback_ok()
    assert gpio.health().state == "closed"
    # the pins are free again: another device can claim them
    again = KioskGpio(GpioSettings(backend="mock"), gpio.pin_factory)
    again.close()


def test_health(gpio: KioskGpio) -> None:
    health = gpio.health()
    assert health.ok and health.state == "ready" and health.detail == "mock"


def test_a_failing_device_shows_in_health(gpio: KioskGpio) -> None:
    def broken(**_: object) -> None:
        raise OSError("GPIO busy")

    gpio.buzzer.on = broken
    gpio.feedback_ok()  # does not raise: feedback is a nicety
    gpio.join_patterns()  # the beep fails on its own thread
    health = gpio.health()
    assert not health.ok and health.state == "error" and "GPIO busy" in health.detail


def test_settings_are_validated() -> None:
    with pytest.raises(ValidationError, match="distinct"):
        GpioSettings(buzzer_pin=17, status_led_pin=17)
    with pytest.raises(ValidationError):
        GpioSettings(buzzer_pin=40)
    with pytest.raises(ValidationError):
        GpioSettings(backend="rpigpio")  # type: ignore[arg-type]


def _wait_until(condition: Callable[[], bool]) -> None:
    pause = threading.Event()
    for _ in range(2000):
        if condition():
            return
        pause.wait(0.005)
    raise AssertionError("condition not met")


def test_tonal_buzzer_plays_a_different_pitch_for_errors() -> None:
    slow = Pattern(on_s=5.0, off_s=0.1)
    gpio = open_gpio(
        GpioSettings(backend="mock", buzzer_kind="tonal", ok_beep=slow, error_beep=slow, **_FLASHES)
    )
    pin = gpio.pin_factory.pin(17)
    try:
        gpio.feedback_ok()  # returns at once; the tone plays on its own thread
        _wait_until(lambda: pin.frequency is not None and round(pin.frequency) == 1800)
        assert pin.state == 0.5  # a square wave
        gpio.feedback_error()  # replaces the ok tone
        _wait_until(lambda: pin.frequency is not None and round(pin.frequency) == 500)
    finally:
        gpio.close()
        gpio.pin_factory.reset()
    assert not pin.state  # silent after close


def test_tonal_pattern_ends_silent() -> None:
    gpio = open_gpio(GpioSettings(backend="mock", buzzer_kind="tonal", **FAST))
    pin = gpio.pin_factory.pin(17)
    try:
        gpio.feedback_error()
        assert gpio._tones is not None
        gpio._tones.join()
        duty = [s.state for s in pin.states]
        assert duty.count(0.5) == 3  # three pulses
        assert not pin.state
    finally:
        gpio.close()
        gpio.pin_factory.reset()
