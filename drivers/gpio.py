"""The kiosk's GPIO: a buzzer and a status LED for scan feedback (inputs come later).

Backends, chosen by name in config:

* ``gpiozero`` - the real header, through gpiozero's default pin factory (lgpio on Pi OS
  Bookworm; ``GPIOZERO_PIN_FACTORY`` still applies).
* ``mock`` - gpiozero with its own ``MockFactory``: the same devices and code paths, on pins that
  record their states (``kiosk_gpio.pin_factory.pin(17).states``). Used in tests and the demo.

gpiozero devices are always given ``pin_factory=`` explicitly, so nothing depends on the
process-wide ``Device.pin_factory``. Feedback never blocks the caller: gpiozero's ``beep`` and
``blink`` run on their own background threads (a passive piezo, ``buzzer_kind = "tonal"``, gets a
small tone thread of ours), and a new feedback replaces one still playing.

Pins are BCM numbers. Inputs (paper low, door, staff key, help button) fit the same shape: one
more optional pin each in :class:`GpioSettings` and a gpiozero ``Button`` made with
``self.pin_factory``, whose callbacks the app forwards to the UI thread.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from drivers.health import DriverHealth

log = logging.getLogger(__name__)

BcmPin = int


class Pattern(BaseModel):
    """A beep or flash pattern: ``count`` pulses of ``on_s`` seconds, ``off_s`` apart."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    on_s: float = Field(gt=0, le=5)
    off_s: float = Field(default=0.05, gt=0, le=5)
    count: int = Field(default=1, ge=1, le=10)


class GpioSettings(BaseModel):
    """``[gpio]`` in the kiosk config."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    backend: Literal["gpiozero", "mock"] = "mock"
    #: The buzzer's pin; ``None`` when there is none.
    buzzer_pin: BcmPin | None = Field(default=17, ge=0, le=27)
    #: ``active``: a buzzer with its own oscillator (sounds when powered; one pitch, so "a
    #: different tone" is a different rhythm). ``tonal``: a passive piezo driven with PWM at
    #: ``ok_tone_hz`` / ``error_tone_hz`` (a real second pitch as well as the rhythm).
    buzzer_kind: Literal["active", "tonal"] = "active"
    buzzer_active_high: bool = True
    ok_tone_hz: float = Field(default=1800.0, ge=250, le=4000)
    error_tone_hz: float = Field(default=500.0, ge=250, le=4000)
    #: The status LED next to the camera window; ``None`` when there is none.
    status_led_pin: BcmPin | None = Field(default=27, ge=0, le=27)
    status_led_active_high: bool = True
    #: A recognised code: one short beep and one LED flash.
    ok_beep: Pattern = Pattern(on_s=0.08)
    ok_flash: Pattern = Pattern(on_s=0.3)
    #: A code that is not recognised: a different sound (three quick beeps) and three flashes.
    error_beep: Pattern = Pattern(on_s=0.12, off_s=0.08, count=3)
    error_flash: Pattern = Pattern(on_s=0.12, off_s=0.08, count=3)

    @model_validator(mode="after")
    def _distinct_pins(self) -> GpioSettings:
        pins = [p for p in (self.buzzer_pin, self.status_led_pin) if p is not None]
        if len(pins) != len(set(pins)):
            raise ValueError(f"GPIO pins must be distinct, got {pins}")
        return self


class GpioUnavailable(RuntimeError):
    """gpiozero (or a pin library it needs) is not installed or cannot reach the GPIO header."""


class KioskGpio:
    """Buzzer + status LED on one pin factory. ``feedback_*`` return at once."""

    def __init__(self, settings: GpioSettings, pin_factory: Any) -> None:
        from gpiozero import LED, Buzzer, TonalBuzzer  # optional hardware library
        from gpiozero.tones import Tone

        self.settings = settings
        #: The gpiozero pin factory every device here uses (a ``MockFactory`` for ``mock``).
        self.pin_factory = pin_factory
        self._lock = threading.Lock()
        self._closed = False
        self._error = ""
        self.buzzer: Any = None
        self.status_led: Any = None
        self._tones: _TonePlayer | None = None
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
        except Exception:
            self.close()
            raise

    def feedback_ok(self) -> None:
        """A recognised code: short beep + LED flash."""
        s = self.settings
        self._play(s.ok_beep, s.ok_flash, s.ok_tone_hz)

    def feedback_error(self) -> None:
        """A code that is not recognised: a different beep pattern (and pitch) + flashes."""
        s = self.settings
        self._play(s.error_beep, s.error_flash, s.error_tone_hz)

    def _play(self, beep: Pattern, flash: Pattern, tone_hz: float) -> None:
        with self._lock:
            if self._closed:
                return
            try:
                if self._tones is not None:
                    self._tones.play(tone_hz, beep)
                elif self.buzzer is not None:
                    self.buzzer.beep(
                        on_time=beep.on_s, off_time=beep.off_s, n=beep.count, background=True
                    )
                if self.status_led is not None:
                    self.status_led.blink(
                        on_time=flash.on_s, off_time=flash.off_s, n=flash.count, background=True
                    )
            except Exception as exc:
                # Feedback is a nicety: a GPIO fault must not break scanning. It shows in health.
                self._error = f"{type(exc).__name__}: {exc}"
                log.warning("GPIO feedback failed: %s", self._error)

    def close(self) -> None:
        """Stop any pattern, switch everything off and release the pins."""
        with self._lock:
            self._closed = True
            if self._tones is not None:
                self._tones.cancel()
            for device in (self.buzzer, self.status_led):
                if device is not None:
                    # Off first: gpiozero's close() releases the pin as it is, and a buzzer
                    # left sounding until the next boot is not an option.
                    with contextlib.suppress(Exception):
                        device.off()
                    device.close()

    def health(self) -> DriverHealth:
        with self._lock:
            if self._closed:
                return DriverHealth(ok=False, state="closed")
            if self._error:
                return DriverHealth(ok=False, state="error", detail=self._error)
            backend = self.settings.backend
            return DriverHealth(ok=True, state="ready", detail=f"{backend}")


class _TonePlayer:
    """Plays a beep pattern at one pitch on a gpiozero ``TonalBuzzer``, on its own thread.

    gpiozero's TonalBuzzer has ``play``/``stop`` but no background ``beep`` like ``Buzzer``;
    this is that, with the same rule: a new pattern replaces the one playing.
    """

    def __init__(self, buzzer: Any) -> None:
        self._buzzer = buzzer
        self._thread: threading.Thread | None = None
        self._cancel = threading.Event()

    def play(self, hz: float, pattern: Pattern) -> None:
        self.cancel()
        self._cancel = cancel = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(hz, pattern, cancel), name="gpio-tone", daemon=True
        )
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join()

    def join(self) -> None:
        """Wait for the pattern playing now to finish (tests)."""
        thread = self._thread
        if thread is not None:
            thread.join()

    def _run(self, hz: float, pattern: Pattern, cancel: threading.Event) -> None:
        from gpiozero.tones import Tone

        try:
            for _ in range(pattern.count):
                self._buzzer.play(Tone.from_frequency(hz))
                if cancel.wait(pattern.on_s):
                    break
                self._buzzer.stop()
                if cancel.wait(pattern.off_s):
                    break
        except Exception as exc:  # the device was closed under us, or a pin fault
            log.warning("GPIO tone failed: %s", type(exc).__name__)
        finally:
            with contextlib.suppress(Exception):
                self._buzzer.stop()


def open_gpio(settings: GpioSettings) -> KioskGpio:
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
            return KioskGpio(settings, MockFactory(pin_class=pin_class))
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
            return KioskGpio(settings, factory)
    raise ValueError(f"unknown GPIO backend {settings.backend!r}")  # pragma: no cover
