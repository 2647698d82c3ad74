"""Switches, status LED patterns, the prize jingle and the lamp relay on gpiozero's MockFactory.

Inputs are driven with ``pin.drive_low()`` / ``drive_high()``; the evidence is the calls to the
``on_input`` handler and the recorded output pin states (``pin.states``; ``assert_states`` is not
used because it passes silently when fewer states were recorded than expected).
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import ValidationError

from drivers.gpio import (
    Blink,
    GpioSettings,
    InputPin,
    KioskGpio,
    Note,
    Pattern,
    StatusPatterns,
    open_gpio,
)

FAST_FLASH = Pattern(on_s=0.002, off_s=0.002)
FAST_JINGLE = (Note(hz=1047, on_s=0.002, off_s=0.002), Note(hz=2093, on_s=0.002, off_s=0.0))

# Standard harness pins (docs/gpio.md).
WIRED = {
    "paper_low": InputPin(pin=5),
    "door_open": InputPin(pin=6, pull="up", active="high"),  # reed switch: open door = high
    "staff_key": InputPin(pin=13),
    "help": InputPin(pin=19),
}


class Recorder:
    """The ``on_input`` handler: records (name, active) calls from whatever thread."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, bool]] = []
        self._lock = threading.Lock()

    def __call__(self, name: str, active: bool) -> None:
        with self._lock:
            self.calls.append((name, active))


class RecordingWait:
    """A sequencer waiter that records the seconds each step asked for and barely waits."""

    def __init__(self) -> None:
        self.asked: list[float] = []
        self.enough = threading.Event()
        self.limit = 10**9

    def __call__(self, cancel: threading.Event, seconds: float) -> bool:
        self.asked.append(seconds)
        if len(self.asked) >= self.limit:
            self.enough.set()
        return cancel.wait(0.0005)


def _open(**settings: Any) -> KioskGpio:
    return open_gpio(GpioSettings(backend="mock", **settings))


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def wired(recorder: Recorder) -> Iterator[KioskGpio]:
    gpio = open_gpio(GpioSettings(backend="mock", **WIRED), on_input=recorder)
    yield gpio
    gpio.close()
    gpio.pin_factory.reset()  # MockFactory pins are class-level state


def _states(pin: Any) -> list[bool]:
    return [bool(s.state) for s in pin.states]


# --- inputs -------------------------------------------------------------------------------------


def test_edges_call_the_handler_with_the_input_name(wired: KioskGpio, recorder: Recorder) -> None:
    pins = wired.pin_factory
    assert recorder.calls == []  # nothing at start: pulled up, all at rest
    pins.pin(5).drive_low()  # paper-low switch closes to ground
    pins.pin(13).drive_low()  # staff key turned on
    pins.pin(19).drive_low()  # help pressed ...
    pins.pin(19).drive_high()  # ... and released
    pins.pin(13).drive_high()  # key turned back
    assert recorder.calls == [
        ("paper_low", True),
        ("staff_key", True),
        ("help", True),
        ("help", False),
        ("staff_key", False),
    ]


def test_an_inverted_input_reports_its_own_polarity(wired: KioskGpio, recorder: Recorder) -> None:
    door = wired.pin_factory.pin(6)
    # Pulled up and active high: with nothing holding it low the door reads open (a cut wire
    # looks like an open door, which is the safe way round for a cabinet).
    assert wired.input_state("door_open") is True
    door.drive_low()  # the reed switch closes: door shut
    door.drive_high()  # opened
    door.drive_low()  # shut again
    assert recorder.calls == [("door_open", False), ("door_open", True), ("door_open", False)]


def test_input_states_reads_levels_without_an_edge(wired: KioskGpio) -> None:
    pins = wired.pin_factory
    pins.pin(5).drive_low()
    pins.pin(6).drive_low()  # door shut
    assert wired.input_states() == {
        "paper_low": True,
        "door_open": False,
        "staff_key": False,
        "help": False,
    }
    assert wired.paper_low() is True
    assert wired.paper_low_source is not None and wired.paper_low_source() is True
    pins.pin(5).drive_high()
    assert wired.paper_low() is False
    assert "paper_low" not in wired.health().detail


def test_unfitted_inputs_are_none_and_paper_low_source_is_none() -> None:
    gpio = _open()
    try:
        assert gpio.inputs == {}
        assert gpio.input_states() == {}
        assert gpio.input_state("door_open") is None
        assert gpio.paper_low() is False
        assert gpio.paper_low_source is None
    finally:
        gpio.close()
        gpio.pin_factory.reset()


def test_pull_down_and_floating_inputs(recorder: Recorder) -> None:
    gpio = open_gpio(
        GpioSettings(
            backend="mock",
            help=InputPin(pin=19, pull="down", active="high"),
            staff_key=InputPin(pin=13, pull="none", active="low"),
        ),
        on_input=recorder,
    )
    pins = gpio.pin_factory
    try:
        assert pins.pin(19).pull == "down" and pins.pin(13).pull == "floating"
        pins.pin(19).drive_high()
        pins.pin(13).drive_high()  # floating starts low (= active): high turns it off
        pins.pin(13).drive_low()
        assert recorder.calls == [("help", True), ("staff_key", False), ("staff_key", True)]
    finally:
        gpio.close()
        pins.reset()


def test_inputs_are_debounced_by_gpiozero(wired: KioskGpio) -> None:
    # MockPin does not simulate contact bounce; what we check is that the debounce time reaches
    # the pin, where lgpio applies it on the real header.
    assert wired.pin_factory.pin(5).bounce == pytest.approx(0.05)
    slow = open_gpio(GpioSettings(backend="mock", buzzer_pin=None, status_led_pin=None,
                                  help=InputPin(pin=20, bounce_s=0.2)))  # fmt: skip
    try:
        assert slow.pin_factory.pin(20).bounce == pytest.approx(0.2)
    finally:
        slow.close()


def test_handler_set_later_and_a_failing_handler(wired: KioskGpio) -> None:
    pins = wired.pin_factory
    wired.set_input_handler(None)
    pins.pin(19).drive_low()  # dropped: nobody listens yet
    seen: list[tuple[str, bool]] = []

    def broken(name: str, active: bool) -> None:
        seen.append((name, active))
        raise RuntimeError("app not ready")

    wired.set_input_handler(broken)
    pins.pin(19).drive_high()  # the exception is logged, not raised into gpiozero's thread
    pins.pin(19).drive_low()
    assert seen == [("help", False), ("help", True)]


def test_health_lists_active_inputs(wired: KioskGpio) -> None:
    wired.pin_factory.pin(6).drive_low()  # door shut
    assert wired.health().detail == "mock"
    wired.pin_factory.pin(6).drive_high()  # door open
    wired.pin_factory.pin(13).drive_low()  # key on
    health = wired.health()
    assert health.ok and health.detail == "mock; active: door_open, staff_key"


def test_close_releases_the_input_pins(wired: KioskGpio, recorder: Recorder) -> None:
    wired.close()
    wired.pin_factory.pin(5).drive_low()
    assert recorder.calls == []
    again = KioskGpio(GpioSettings(backend="mock", **WIRED), wired.pin_factory)  # pins free
    again.close()


# --- status LED ---------------------------------------------------------------------------------


def test_status_patterns_are_distinct_and_validated() -> None:
    gpio = _open()
    try:
        steps = {s: gpio.status_steps(s) for s in ("off", "ready", "busy", "attention",
                                                    "out_of_service")}  # fmt: skip
    finally:
        gpio.close()
        gpio.pin_factory.reset()
    assert steps["off"] is None and steps["ready"] == ()
    assert len(set(steps.values())) == 5
    with pytest.raises(ValidationError, match="differ"):
        StatusPatterns(busy=Blink(steps=(0.15, 0.15)))
    with pytest.raises(ValidationError, match="pairs"):
        Blink(steps=(0.2, 0.2, 0.2))


def test_ready_is_steady_on_and_off_is_off() -> None:
    gpio = _open()
    led = gpio.pin_factory.pin(27)
    try:
        gpio.set_status("ready")
        assert _states(led) == [False, True]
        gpio.set_status("off")
        assert _states(led) == [False, True, False]
        assert gpio.status == "off"
    finally:
        gpio.close()
        gpio.pin_factory.reset()


@pytest.mark.parametrize("status", ["busy", "attention", "out_of_service"])
def test_blinking_statuses_play_their_own_steps(status: str) -> None:
    wait = RecordingWait()
    wait.limit = 12
    settings = GpioSettings(backend="mock")
    gpio = KioskGpio(settings, _mock_factory(), wait=wait)
    led = gpio.pin_factory.pin(27)
    try:
        gpio.set_status(status)  # type: ignore[arg-type]
        assert wait.enough.wait(5)
        gpio.set_status("ready")  # replaces the blinking at once: steady on
        expected = getattr(settings.status_patterns, status).steps
        cycles = (len(wait.asked) // len(expected)) * len(expected)
        assert cycles >= 8
        assert tuple(wait.asked[:cycles]) == expected * (cycles // len(expected))
        states = _states(led)
        # Alternating on/off from the first step, ending steady on for "ready".
        assert states[:5] == [False, True, False, True, False]
        assert all(a != b for a, b in itertools.pairwise(states))
        assert led.state is True
    finally:
        gpio.close()
        gpio.pin_factory.reset()


def test_a_scan_flash_returns_to_the_status_pattern() -> None:
    gpio = _open(ok_flash=FAST_FLASH, ok_beep=FAST_FLASH)
    led = gpio.pin_factory.pin(27)
    try:
        gpio.set_status("ready")
        gpio.feedback_ok()
        gpio.join_patterns()
        # ready (on); the flash's "on" changes nothing, its "off" shows; then steady on again.
        assert _states(led) == [False, True, False, True]
    finally:
        gpio.close()
        gpio.pin_factory.reset()


def test_no_flash_restore_when_no_status_was_set() -> None:
    gpio = _open(ok_flash=FAST_FLASH, ok_beep=FAST_FLASH)
    led = gpio.pin_factory.pin(27)
    try:
        gpio.feedback_ok()
        gpio.join_patterns()
        assert _states(led) == [False, True, False]
    finally:
        gpio.close()
        gpio.pin_factory.reset()


# --- buzzer jingle and lamp ---------------------------------------------------------------------


def test_prize_jingle_on_an_active_buzzer_plays_the_rhythm() -> None:
    gpio = _open(prize_jingle=FAST_JINGLE)
    buzzer = gpio.pin_factory.pin(17)
    try:
        gpio.prize_jingle()
        gpio._buzz_seq.join()
        assert _states(buzzer) == [False, True, False, True, False]
    finally:
        gpio.close()
        gpio.pin_factory.reset()


def test_prize_jingle_on_a_piezo_plays_each_note() -> None:
    gpio = _open(buzzer_kind="tonal", prize_jingle=FAST_JINGLE)
    pin = gpio.pin_factory.pin(17)
    heard: list[int] = []
    original = gpio.buzzer.play

    def listen(tone: Any) -> None:
        heard.append(round(tone.frequency))
        original(tone)

    gpio.buzzer.play = listen
    try:
        gpio.prize_jingle()
        assert gpio._tones is not None
        gpio._tones.join()
        assert heard == [1047, 2093]
        assert [s.state for s in pin.states].count(0.5) == 2
        assert not pin.state  # silent at the end
    finally:
        gpio.close()
        gpio.pin_factory.reset()


def test_scan_feedback_cuts_a_jingle_short() -> None:
    slow = (Note(hz=1047, on_s=2.0),)
    gpio = _open(prize_jingle=slow, ok_beep=FAST_FLASH, ok_flash=FAST_FLASH)
    try:
        gpio.prize_jingle()
        gpio.feedback_ok()  # returns at once, having stopped the jingle
        gpio.join_patterns()
        assert gpio.pin_factory.pin(17).state is False
    finally:
        gpio.close()
        gpio.pin_factory.reset()


def test_lamp_relay_on_off_and_active_low() -> None:
    gpio = _open(lamp_relay_pin=22, lamp_relay_active_high=False)
    relay = gpio.pin_factory.pin(22)
    try:
        assert relay.state is True  # active low: high means off at start
        gpio.set_lamp(True)
        gpio.set_lamp(False)
        assert _states(relay)[-2:] == [False, True]
    finally:
        gpio.close()
        gpio.pin_factory.reset()
    assert relay.state is True  # closed with the lamp off


def test_no_lamp_no_buzzer_are_no_ops() -> None:
    gpio = _open(buzzer_pin=None, status_led_pin=None)
    try:
        gpio.set_lamp(True)
        gpio.prize_jingle()
        gpio.set_status("attention")
        assert gpio.status == "attention" and gpio.health().ok
    finally:
        gpio.close()
        gpio.pin_factory.reset()


def test_every_pin_must_be_distinct() -> None:
    with pytest.raises(ValidationError, match="distinct"):
        GpioSettings(lamp_relay_pin=5, paper_low=InputPin(pin=5))
    with pytest.raises(ValidationError, match="distinct"):
        GpioSettings(door_open=InputPin(pin=27))  # the status LED's pin
    with pytest.raises(ValidationError):
        InputPin(pin=28)
    with pytest.raises(ValidationError):
        GpioSettings.model_validate({"help": {"pin": 19, "active": "sideways"}})
    assert GpioSettings(**WIRED).pins() == {
        "buzzer": 17, "status_led": 27, "lamp_relay": None,
        "paper_low": 5, "door_open": 6, "staff_key": 13, "help": 19,
    }  # fmt: skip


def _mock_factory() -> Any:
    from gpiozero.pins.mock import MockFactory

    return MockFactory()


def test_the_wiring_example_in_docs_gpio_md_is_a_valid_config() -> None:
    import re
    import tomllib
    from pathlib import Path

    doc = Path(__file__).resolve().parents[2] / "docs" / "gpio.md"
    block = re.search(r"```toml\n(.*?)```", doc.read_text(encoding="utf-8"), re.S)
    assert block is not None
    settings = GpioSettings.model_validate(tomllib.loads(block.group(1))["gpio"])
    assert settings.pins() == {
        "buzzer": 17, "status_led": 27, "lamp_relay": 26,
        "paper_low": 5, "door_open": 6, "staff_key": 13, "help": 19,
    }  # fmt: skip
    assert settings.door_open is not None and settings.door_open.active == "high"


def test_simulate_input_drives_the_mock_pin_for_its_polarity(
    wired: KioskGpio, recorder: Recorder
) -> None:
    wired.simulate_input("door_open", False)  # active high: driven low
    wired.simulate_input("paper_low", True)  # active low: driven low
    wired.simulate_input("door_open", True)
    assert wired.pin_factory.pin(5).state is False and wired.pin_factory.pin(6).state is True
    assert recorder.calls == [("door_open", False), ("paper_low", True), ("door_open", True)]
    assert wired.paper_low() is True
    with pytest.raises(ValueError, match="no 'lamp' input"):
        wired.simulate_input("lamp", True)


def test_simulate_input_needs_a_fitted_input_on_the_mock_backend() -> None:
    gpio = _open()
    try:
        with pytest.raises(ValueError, match="no 'help' input is fitted"):
            gpio.simulate_input("help", True)
    finally:
        gpio.close()
        gpio.pin_factory.reset()
    real = KioskGpio(GpioSettings(backend="gpiozero", buzzer_pin=None, status_led_pin=None,
                                  help=InputPin(pin=19)), _mock_factory())  # fmt: skip
    try:
        with pytest.raises(Exception, match="mock backend"):
            real.simulate_input("help", True)
    finally:
        real.close()
        real.pin_factory.reset()
