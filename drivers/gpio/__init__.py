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

from drivers.gpio.device import KioskGpio, open_gpio
from drivers.gpio.settings import (
    DEFAULT_JINGLE,
    INPUT_NAMES,
    BcmPin,
    Blink,
    GpioSettings,
    GpioUnavailable,
    InputHandler,
    InputName,
    InputPin,
    LedStatus,
    Note,
    Pattern,
    StatusPatterns,
)

__all__ = [
    "DEFAULT_JINGLE",
    "INPUT_NAMES",
    "BcmPin",
    "Blink",
    "GpioSettings",
    "GpioUnavailable",
    "InputHandler",
    "InputName",
    "InputPin",
    "KioskGpio",
    "LedStatus",
    "Note",
    "Pattern",
    "StatusPatterns",
    "open_gpio",
]
