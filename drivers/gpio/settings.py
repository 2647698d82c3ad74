"""The GPIO settings (pins, patterns, inputs), the words the app uses, and the one error."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

BcmPin = Annotated[int, Field(ge=0, le=27)]

#: The inputs, by the name ``on_input`` is called with. ``active`` means: paper is low, the
#: cabinet door is open, the staff key is turned on, the help button is pressed.
InputName = Literal["paper_low", "door_open", "staff_key", "help"]
INPUT_NAMES: tuple[InputName, ...] = get_args(InputName)

#: What the status LED shows. ``off`` is the state before the app says anything.
LedStatus = Literal["off", "ready", "busy", "attention", "out_of_service"]

#: ``on_input(name, active)``: called on a GPIO thread for every debounced edge.
InputHandler = Callable[[str, bool], None]


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
