"""The kiosk's own GPIO: buzzer, status LED and lamp relay out; switches and a help button in.

Backends, chosen by name in config:

* ``gpiozero`` - the real header, through gpiozero's default pin factory (lgpio on Pi OS
  Bookworm; ``GPIOZERO_PIN_FACTORY`` still applies).
* ``mock`` - gpiozero with its own ``MockFactory``: the same devices and code paths, on pins that
  record their states (``kiosk_gpio.pin_factory.pin(17).states``) and that tests drive
  (``pin_factory.pin(5).drive_low()``). Used in tests and the demo.

gpiozero devices are always given ``pin_factory=`` explicitly, so nothing depends on the
process-wide ``Device.pin_factory``. Nothing here blocks the caller: gpiozero's ``beep`` and
``blink`` run on their own background threads, and our patterns (status LED, jingles, tones on a
passive piezo) on a small sequencer thread each; a new pattern replaces one still playing.

Inputs (paper-low switch, cabinet door, staff key switch, help button) are gpiozero
``DigitalInputDevice``s with ``bounce_time``: edge-driven (``when_activated`` /
``when_deactivated``, called on gpiozero's own thread), no polling loop. Each edge only calls the
``on_input(name, active)`` function the app gave us; the app turns it into a session event. Every
input is optional (``None``: not fitted). Pins are BCM numbers; wiring and polarity in
``docs/gpio.md``.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

from drivers.health import DriverHealth

log = logging.getLogger(__name__)

BcmPin = Annotated[int, Field(ge=0, le=27)]

#: The inputs, by the name ``on_input`` is called with. ``active`` means: paper is low, the
#: cabinet door is open, the staff key is turned on, the help button is pressed.
InputName = Literal["paper_low", "door_open", "staff_key", "help"]
INPUT_NAMES: tuple[InputName, ...] = get_args(InputName)

#: What the status LED shows. ``off`` is the state before the app says anything.
LedStatus = Literal["off", "ready", "busy", "attention", "out_of_service"]

#: ``on_input(name, active)``: called on a GPIO thread for every debounced edge.
InputHandler = Callable[[str, bool], None]

#: How a sequencer waits between steps: ``wait(cancel_event, seconds) -> cancelled``.
Waiter = Callable[[threading.Event, float], bool]


def _event_wait(cancel: threading.Event, seconds: float) -> bool:
    return cancel.wait(seconds)


class Pattern(BaseModel):
    """A beep or flash pattern: ``count`` pulses of ``on_s`` seconds, ``off_s`` apart."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    on_s: float = Field(gt=0, le=5)
    off_s: float = Field(default=0.05, gt=0, le=5)
    count: int = Field(default=1, ge=1, le=10)


class Note(BaseModel):
    """One note of a jingle: ``hz`` on a passive piezo (an active buzzer plays the rhythm)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    hz: float = Field(ge=250, le=4000)
    on_s: float = Field(gt=0, le=2)
    off_s: float = Field(default=0.03, ge=0, le=2)


#: A prize: C6 E6 G6 then a long C7, rising and bright (and a rhythm an active buzzer can play).
DEFAULT_JINGLE: tuple[Note, ...] = (
    Note(hz=1047, on_s=0.09),
    Note(hz=1319, on_s=0.09),
    Note(hz=1568, on_s=0.09),
    Note(hz=2093, on_s=0.35, off_s=0.0),
)


class Blink(BaseModel):
    """A repeating LED pattern: ``steps`` are alternating on/off seconds, starting with on.
    No steps means steady on."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    steps: tuple[Annotated[float, Field(ge=0.02, le=10)], ...] = ()

    @model_validator(mode="after")
    def _pairs(self) -> Blink:
        if len(self.steps) % 2:
            raise ValueError("steps must come in on/off pairs")
        return self


class StatusPatterns(BaseModel):
    """How the status LED says what the kiosk is doing. Distinct at a glance from a few metres:
    steady, slow, fast, and a double blip."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    ready: Blink = Blink()  # steady on
    busy: Blink = Blink(steps=(0.5, 0.5))  # slow, 1 Hz
    attention: Blink = Blink(steps=(0.15, 0.15))  # fast, about 3 Hz: staff, come and look
    out_of_service: Blink = Blink(steps=(0.15, 0.15, 0.15, 1.55))  # double blip every 2 s

    @model_validator(mode="after")
    def _distinct(self) -> StatusPatterns:
        patterns = [self.ready, self.busy, self.attention, self.out_of_service]
        if len({p.steps for p in patterns}) != len(patterns):
            raise ValueError("the four status LED patterns must differ from each other")
        return self


class InputPin(BaseModel):
    """One switch or button. ``pull``: the Pi's internal resistor (``none`` when the circuit
    has its own). ``active``: the pin level that means "active" (paper low, door open, key on,
    button pressed). ``bounce_s``: edges closer together than this are ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pin: BcmPin
    pull: Literal["up", "down", "none"] = "up"
    active: Literal["low", "high"] = "low"
    bounce_s: float = Field(default=0.05, ge=0.001, le=2)


class GpioSettings(BaseModel):
    """``[gpio]`` in the kiosk config."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    backend: Literal["gpiozero", "mock"] = "mock"
    #: The buzzer's pin; ``None`` when there is none.
    buzzer_pin: BcmPin | None = 17
    #: ``active``: a buzzer with its own oscillator (sounds when powered; one pitch, so "a
    #: different tone" is a different rhythm). ``tonal``: a passive piezo driven with PWM at
    #: ``ok_tone_hz`` / ``error_tone_hz`` (a real second pitch as well as the rhythm).
    buzzer_kind: Literal["active", "tonal"] = "active"
    buzzer_active_high: bool = True
    ok_tone_hz: float = Field(default=1800.0, ge=250, le=4000)
    error_tone_hz: float = Field(default=500.0, ge=250, le=4000)
    #: The status LED next to the camera window; ``None`` when there is none.
    status_led_pin: BcmPin | None = 27
    status_led_active_high: bool = True
    #: A recognised code: one short beep and one LED flash.
    ok_beep: Pattern = Pattern(on_s=0.08)
    ok_flash: Pattern = Pattern(on_s=0.3)
    #: A code that is not recognised: a different sound (three quick beeps) and three flashes.
    error_beep: Pattern = Pattern(on_s=0.12, off_s=0.08, count=3)
    error_flash: Pattern = Pattern(on_s=0.12, off_s=0.08, count=3)
    #: A prize on the wheel.
    prize_jingle: tuple[Note, ...] = Field(default=DEFAULT_JINGLE, min_length=1, max_length=16)
    status_patterns: StatusPatterns = StatusPatterns()
    #: A relay for the cabinet lamp; ``None`` when there is none.
    lamp_relay_pin: BcmPin | None = None
    lamp_relay_active_high: bool = True
    #: Inputs; ``None``: not fitted. Standard harness pins are in docs/gpio.md.
    paper_low: InputPin | None = None
    door_open: InputPin | None = None
    staff_key: InputPin | None = None
    help: InputPin | None = None

    @model_validator(mode="after")
    def _distinct_pins(self) -> GpioSettings:
        pins = [p for p in self.pins().values() if p is not None]
        if len(pins) != len(set(pins)):
            raise ValueError(f"GPIO pins must be distinct, got {pins}")
        return self

    def pins(self) -> dict[str, int | None]:
        """Every device's BCM pin by name (``None``: not fitted)."""
        pins: dict[str, int | None] = {
            "buzzer": self.buzzer_pin,
            "status_led": self.status_led_pin,
            "lamp_relay": self.lamp_relay_pin,
        }
        for name in INPUT_NAMES:
            wired: InputPin | None = getattr(self, name)
            pins[name] = None if wired is None else wired.pin
        return pins


class GpioUnavailable(RuntimeError):
    """gpiozero (or a pin library it needs) is not installed or cannot reach the GPIO header."""


Step = tuple[Callable[[], None], float]


class _Sequencer:
    """Plays ``(action, seconds)`` steps on its own thread; ``loop_from`` repeats the tail.

    One sequence at a time per device: ``play`` cancels (and waits for) the one before, so two
    patterns never fight over a pin. Waiting is an ``Event.wait``: the thread sleeps, it does
    not poll, and ``cancel`` wakes it at once.
    """

    def __init__(self, name: str, wait: Waiter, finally_: Callable[[], None]) -> None:
        self._name = name
        self._wait = wait
        self._finally = finally_
        self._thread: threading.Thread | None = None
        self._cancel = threading.Event()

    def play(self, steps: Sequence[Step], *, loop_from: int | None = None) -> None:
        self.cancel()
        self._cancel = cancel = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(list(steps), loop_from, cancel), name=self._name, daemon=True
        )
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join()

    def join(self) -> None:
        """Wait for a sequence that ends by itself (tests)."""
        thread = self._thread
        if thread is not None:
            thread.join()

    def _run(self, steps: list[Step], loop_from: int | None, cancel: threading.Event) -> None:
        try:
            index = 0
            while index < len(steps) and not cancel.is_set():
                action, seconds = steps[index]
                action()
                if self._wait(cancel, seconds):
                    return
                index += 1
                if index == len(steps) and loop_from is not None:
                    index = loop_from
        except Exception as exc:  # the device was closed under us, or a pin fault
            log.warning("GPIO %s pattern failed: %s", self._name, type(exc).__name__)
        finally:
            if not cancel.is_set():
                with contextlib.suppress(Exception):
                    self._finally()


def _nothing() -> None:
    pass


class KioskGpio:
    """Outputs and inputs on one pin factory. Every method returns at once.

    ``on_input(name, active)`` is called on a GPIO thread for each debounced edge of a fitted
    input (``name`` in :data:`INPUT_NAMES`); give it at construction or later with
    :meth:`set_input_handler`. Edges before a handler is set are dropped: read the current
    levels with :meth:`input_states` once the app is ready.
    """

    def __init__(
        self,
        settings: GpioSettings,
        pin_factory: Any,
        *,
        on_input: InputHandler | None = None,
        wait: Waiter = _event_wait,
    ) -> None:
        from gpiozero import LED, Buzzer, DigitalOutputDevice, TonalBuzzer  # optional library
        from gpiozero.tones import Tone

        self.settings = settings
        #: The gpiozero pin factory every device here uses (a ``MockFactory`` for ``mock``).
        self.pin_factory = pin_factory
        self._lock = threading.Lock()
        self._closed = False
        self._error = ""
        self._on_input = on_input
        self._status: LedStatus = "off"
        self.buzzer: Any = None
        self.status_led: Any = None
        self.lamp: Any = None
        #: The fitted inputs' gpiozero devices, and whether each one's logic is inverted
        #: (see ``_open_input``).
        self.inputs: dict[str, Any] = {}
        self._inverted: dict[str, bool] = {}
        self._tones: _TonePlayer | None = None
        self._buzz_seq = _Sequencer("gpio-buzzer", wait, self._buzzer_off)
        self._led_seq = _Sequencer("gpio-led", wait, _nothing)
        try:
            if settings.buzzer_pin is not None and settings.buzzer_kind == "active":
                self.buzzer = Buzzer(
                    settings.buzzer_pin,
                    active_high=settings.buzzer_active_high,
                    pin_factory=pin_factory,
                )
            elif settings.buzzer_pin is not None:
                # 1 kHz +- 2 octaves: 250 Hz - 4 kHz, the range the settings allow.
                self.buzzer = TonalBuzzer(
                    settings.buzzer_pin,
                    mid_tone=Tone.from_frequency(1000),
                    octaves=2,
                    pin_factory=pin_factory,
                )
                self._tones = _TonePlayer(self.buzzer)
            if settings.status_led_pin is not None:
                self.status_led = LED(
                    settings.status_led_pin,
                    active_high=settings.status_led_active_high,
                    pin_factory=pin_factory,
                )
            if settings.lamp_relay_pin is not None:
                self.lamp = DigitalOutputDevice(
                    settings.lamp_relay_pin,
                    active_high=settings.lamp_relay_active_high,
                    initial_value=False,
                    pin_factory=pin_factory,
                )
            for name in INPUT_NAMES:
                wired: InputPin | None = getattr(settings, name)
                if wired is not None:
                    self._open_input(name, wired)
        except Exception:
            self.close()
            raise

    # --- inputs ---------------------------------------------------------------------------------

    def _open_input(self, name: str, wired: InputPin) -> None:
        from gpiozero import DigitalInputDevice

        # gpiozero ties "active" to the pull: with a pull-up the device is active when low, with
        # a pull-down when high; only a floating input takes ``active_state``. A switch wired the
        # other way round (e.g. a door reed switch pulled up, open = high) is inverted here.
        if wired.pull == "none":
            device = DigitalInputDevice(
                wired.pin,
                pull_up=None,
                active_state=wired.active == "high",
                bounce_time=wired.bounce_s,
                pin_factory=self.pin_factory,
            )
            inverted = False
        else:
            device = DigitalInputDevice(
                wired.pin,
                pull_up=wired.pull == "up",
                bounce_time=wired.bounce_s,
                pin_factory=self.pin_factory,
            )
            device_active_level = "low" if wired.pull == "up" else "high"
            inverted = device_active_level != wired.active
        device.when_activated = lambda: self._edge(name, not inverted)
        device.when_deactivated = lambda: self._edge(name, inverted)
        self.inputs[name] = device
        self._inverted[name] = inverted

    def _edge(self, name: str, active: bool) -> None:
        handler = self._on_input
        if handler is None or self._closed:
            return
        try:
            handler(name, active)
        except Exception:  # the app's handler must not kill gpiozero's event thread
            log.exception("GPIO input handler failed for %s", name)

    def set_input_handler(self, on_input: InputHandler | None) -> None:
        self._on_input = on_input

    def input_state(self, name: str) -> bool | None:
        """Whether the input is active now; ``None`` when it is not fitted."""
        device = self.inputs.get(name)
        if device is None:
            return None
        try:
            return bool(device.is_active) != self._inverted[name]
        except Exception as exc:  # closed, or a pin fault: not a reason to crash a caller
            self._error = f"{type(exc).__name__}: {exc}"
            return None

    def input_states(self) -> dict[str, bool]:
        """The fitted inputs and whether each is active now (at start-up: the key switch may
        already be on, the door already open, and no edge will say so)."""
        states = {name: self.input_state(name) for name in self.inputs}
        return {name: state for name, state in states.items() if state is not None}

    def paper_low(self) -> bool:
        """The paper-low switch is tripped (False when none is fitted)."""
        return bool(self.input_state("paper_low"))

    @property
    def paper_low_source(self) -> Callable[[], bool] | None:
        """For ``drivers.printer.open_printer(paper_low=...)``: ``None`` when no switch."""
        return self.paper_low if "paper_low" in self.inputs else None

    def simulate_input(self, name: str, active: bool) -> None:
        """Mock backend only (demo, ``/dev`` actions, end-to-end tests): drive the input's mock
        pin to the level that means ``active`` for its wiring, so the same gpiozero edge and
        callback path runs as on the real header."""
        if self.settings.backend != "mock":
            raise GpioUnavailable("inputs can only be simulated on the mock backend")
        wired: InputPin | None = getattr(self.settings, name, None) if name in INPUT_NAMES else None
        if wired is None:
            raise ValueError(f"no {name!r} input is fitted")
        high = (wired.active == "high") == active
        pin = self.pin_factory.pin(wired.pin)
        if high:
            pin.drive_high()
        else:
            pin.drive_low()

    # --- outputs --------------------------------------------------------------------------------

    def feedback_ok(self) -> None:
        """A recognised code: short beep + LED flash."""
        s = self.settings
        self._play(s.ok_beep, s.ok_flash, s.ok_tone_hz)

    def feedback_error(self) -> None:
        """A code that is not recognised: a different beep pattern (and pitch) + flashes."""
        s = self.settings
        self._play(s.error_beep, s.error_flash, s.error_tone_hz)

    def prize_jingle(self) -> None:
        """A prize on the wheel: the jingle (notes on a piezo, their rhythm on a buzzer)."""
        with self._lock:
            if self._closed or self.buzzer is None:
                return
            try:
                if self._tones is not None:
                    self._tones.play_notes(self.settings.prize_jingle)
                else:
                    steps: list[Step] = []
                    for note in self.settings.prize_jingle:
                        steps.append((self.buzzer.on, note.on_s))
                        if note.off_s:
                            steps.append((self.buzzer.off, note.off_s))
                    steps.append((self.buzzer.off, 0.0))
                    self._buzz_seq.play(steps)
            except Exception as exc:
                self._fault(exc)

    def set_status(self, status: LedStatus) -> None:
        """Show ``status`` on the LED until told otherwise (scan flashes return to it)."""
        with self._lock:
            self._status = status
            if self._closed or self.status_led is None:
                return
            try:
                self._led_seq.cancel()
                self._show_status()
            except Exception as exc:
                self._fault(exc)

    @property
    def status(self) -> LedStatus:
        return self._status

    def status_steps(self, status: LedStatus) -> tuple[float, ...] | None:
        """The LED pattern for ``status``: alternating on/off seconds; ``()`` steady on;
        ``None`` off."""
        if status == "off":
            return None
        steps: tuple[float, ...] = getattr(self.settings.status_patterns, status).steps
        return steps

    def _status_sequence(self) -> list[Step]:
        led = self.status_led
        steps = self.status_steps(self._status) or ()
        return [(led.on if i % 2 == 0 else led.off, s) for i, s in enumerate(steps)]

    def _show_status(self) -> None:
        steps = self.status_steps(self._status)
        if steps is None:
            self.status_led.off()
        elif not steps:
            self.status_led.on()
        else:
            self._led_seq.play(self._status_sequence(), loop_from=0)

    def set_lamp(self, on: bool) -> None:
        """Switch the cabinet lamp relay (no-op when none is fitted)."""
        with self._lock:
            if self._closed or self.lamp is None:
                return
            try:
                self.lamp.value = on
            except Exception as exc:
                self._fault(exc)

    def _play(self, beep: Pattern, flash: Pattern, tone_hz: float) -> None:
        with self._lock:
            if self._closed:
                return
            try:
                if self._tones is not None:
                    self._tones.play(tone_hz, beep)
                elif self.buzzer is not None:
                    self._buzz_seq.cancel()  # a jingle still playing gives way
                    self.buzzer.beep(
                        on_time=beep.on_s, off_time=beep.off_s, n=beep.count, background=True
                    )
                if self.status_led is not None:
                    self._led_seq.cancel()
                    self.status_led.blink(
                        on_time=flash.on_s, off_time=flash.off_s, n=flash.count, background=True
                    )
                    if self._status != "off":
                        # Back to the status pattern once the flash is over.
                        flash_s = flash.count * (flash.on_s + flash.off_s)
                        loop = self._status_sequence()
                        if not loop:  # steady on
                            loop = [(self.status_led.on, 0.0)]
                            after: int | None = None
                        else:
                            after = 1
                        self._led_seq.play([(_nothing, flash_s), *loop], loop_from=after)
            except Exception as exc:
                # Feedback is a nicety: a GPIO fault must not break scanning. It shows in health.
                self._fault(exc)

    def _fault(self, exc: Exception) -> None:
        self._error = f"{type(exc).__name__}: {exc}"
        log.warning("GPIO output failed: %s", self._error)

    def _buzzer_off(self) -> None:
        if self.buzzer is not None:
            self.buzzer.off()

    # --- lifecycle ------------------------------------------------------------------------------

    def close(self) -> None:
        """Stop any pattern, switch everything off and release the pins."""
        with self._lock:
            self._closed = True
            self._buzz_seq.cancel()
            self._led_seq.cancel()
            if self._tones is not None:
                self._tones.cancel()
            for device in (self.buzzer, self.status_led, self.lamp):
                if device is not None:
                    # Off first: gpiozero's close() releases the pin as it is, and a buzzer
                    # left sounding until the next boot is not an option.
                    with contextlib.suppress(Exception):
                        device.off()
                    device.close()
            for device in self.inputs.values():
                with contextlib.suppress(Exception):
                    device.close()

    def health(self) -> DriverHealth:
        if self._closed:
            return DriverHealth(ok=False, state="closed")
        active = sorted(name for name, on in self.input_states().items() if on)
        with self._lock:
            if self._error:
                return DriverHealth(ok=False, state="error", detail=self._error)
            detail: str = self.settings.backend
            if active:
                detail += "; active: " + ", ".join(active)
            return DriverHealth(ok=True, state="ready", detail=detail)


class _TonePlayer:
    """Plays beep patterns and jingles on a gpiozero ``TonalBuzzer``, on its own thread.

    gpiozero's TonalBuzzer has ``play``/``stop`` but no background ``beep`` like ``Buzzer``;
    this is that, with the same rule: a new pattern replaces the one playing.
    """

    def __init__(self, buzzer: Any) -> None:
        self._buzzer = buzzer
        self._seq = _Sequencer("gpio-tone", _event_wait, buzzer.stop)

    def _tone(self, hz: float) -> Callable[[], None]:
        from gpiozero.tones import Tone

        tone = Tone.from_frequency(hz)
        return lambda: self._buzzer.play(tone)

    def play(self, hz: float, pattern: Pattern) -> None:
        steps: list[Step] = []
        for _ in range(pattern.count):
            steps += [(self._tone(hz), pattern.on_s), (self._buzzer.stop, pattern.off_s)]
        self._seq.play(steps)

    def play_notes(self, notes: Sequence[Note]) -> None:
        steps: list[Step] = []
        for note in notes:
            steps.append((self._tone(note.hz), note.on_s))
            if note.off_s:
                steps.append((self._buzzer.stop, note.off_s))
        steps.append((self._buzzer.stop, 0.0))
        self._seq.play(steps)

    def cancel(self) -> None:
        self._seq.cancel()
        with contextlib.suppress(Exception):
            self._buzzer.stop()

    def join(self) -> None:
        """Wait for the pattern playing now to finish (tests)."""
        self._seq.join()


def open_gpio(settings: GpioSettings, *, on_input: InputHandler | None = None) -> KioskGpio:
    """The GPIO devices named in ``settings`` on the backend's pin factory."""
    try:
        import gpiozero  # noqa: F401 - optional hardware library
    except ImportError as exc:
        raise GpioUnavailable("GPIO needs the 'gpiozero' package (pip install gpiozero)") from exc
    match settings.backend:
        case "mock":
            from gpiozero.pins.mock import MockFactory, MockPWMPin

            # A tonal buzzer needs PWM, which mock pins only do as MockPWMPin.
            pin_class = MockPWMPin if settings.buzzer_kind == "tonal" else None
            return KioskGpio(settings, MockFactory(pin_class=pin_class), on_input=on_input)
        case "gpiozero":
            from gpiozero import Device

            try:
                # The factory gpiozero picks for this machine (lgpio on Pi OS Bookworm), created
                # once; BadPinFactory when no pin library can reach a GPIO header.
                Device.ensure_pin_factory()
                factory = Device.pin_factory
            except Exception as exc:
                raise GpioUnavailable(
                    "no GPIO pin library works here (on a Pi: apt install python3-lgpio, or set "
                    f"GPIOZERO_PIN_FACTORY): {type(exc).__name__}: {exc}"
                ) from exc
            return KioskGpio(settings, factory, on_input=on_input)
    raise ValueError(f"unknown GPIO backend {settings.backend!r}")  # pragma: no cover
