"""``KioskGpio``: the kiosk's outputs and inputs on one gpiozero pin factory; ``open_gpio``."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from typing import Any

from drivers.gpio.sequencer import Sequencer, Step, TonePlayer, Waiter, event_wait, nothing
from drivers.gpio.settings import (
    INPUT_NAMES,
    GpioSettings,
    GpioUnavailable,
    InputHandler,
    InputPin,
    LedStatus,
    Pattern,
)
from drivers.health import DriverHealth

log = logging.getLogger(__name__)


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
        wait: Waiter = event_wait,
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
        self._tones: TonePlayer | None = None
        self._buzz_seq = Sequencer("gpio-buzzer", wait, self._buzzer_off, on_error=self._fault)
        self._led_seq = Sequencer("gpio-led", wait, nothing, on_error=self._fault)
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
                self._tones = TonePlayer(self.buzzer)
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
                    # On our sequencer, not gpiozero's beep(): a jingle still playing gives way,
                    # and close() stops the beep like any other pattern.
                    self._buzz_seq.play(_pulses(self.buzzer, beep))
                if self.status_led is not None:
                    # The flash and the return to the status pattern are one sequence on one
                    # thread. With gpiozero's blink() on its own thread and the return timed
                    # apart on ours, the two raced: a return that came first cut the flash short.
                    steps = _pulses(self.status_led, flash)
                    loop_from: int | None = None
                    if self._status != "off":
                        loop = self._status_sequence()
                        if loop:
                            loop_from = len(steps)
                        else:  # steady on
                            loop = [(self.status_led.on, 0.0)]
                        steps += loop
                    self._led_seq.play(steps, loop_from=loop_from)
            except Exception as exc:
                # Feedback is a nicety: a GPIO fault must not break scanning. It shows in health.
                self._fault(exc)

    def join_patterns(self) -> None:
        """Wait for the beep, flash or jingle playing now to end (tests; a blinking status
        pattern never ends by itself)."""
        self._buzz_seq.join()
        self._led_seq.join()
        if self._tones is not None:
            self._tones.join()

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


def _pulses(device: Any, pattern: Pattern) -> list[Step]:
    """``pattern.count`` times on for ``on_s``, off for ``off_s``: a beep or a flash."""
    steps: list[Step] = []
    for _ in range(pattern.count):
        steps += [(device.on, pattern.on_s), (device.off, pattern.off_s)]
    return steps
