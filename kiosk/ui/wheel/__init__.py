"""The prize wheel on screen: drawn once into a texture, then only rotated.

``WheelWidget`` paints the server's wheel (equal slices, colours, labels in the current language,
optional pictures) into an ``Fbo`` texture once per size / language / wheel; every animation frame
then changes one ``Rotate`` angle and nothing else, which is what keeps a Raspberry Pi at frame
rate. The pointer and hub are fixed instructions drawn on top.

There is deliberately no "start spinning now, decide the prize later" API: ``spin_to`` needs the
segment the server chose, so the wheel cannot turn before the server has answered. While the
request is out, ``set_waiting(True)`` pulses a ring around the still wheel.

``SpinButton`` shows the cost or "free spin" and the spins left, or is disabled with a reason
(``kiosk.core.wheel.SpinBlock``). ``WheelPanel`` puts wheel, button, message line and the link to
the odds screen together: it is the piece the session screen embeds.
"""

from kiosk.ui.wheel.button import SpinButton
from kiosk.ui.wheel.media import WIN_SOUND, WinSound, image_paths
from kiosk.ui.wheel.paint import paint_wheel, rgba, text_colour
from kiosk.ui.wheel.panel import WheelPanel, result_message
from kiosk.ui.wheel.widget import SPIN_SECONDS, WheelWidget

__all__ = [
    "SPIN_SECONDS",
    "WIN_SOUND",
    "SpinButton",
    "WheelPanel",
    "WheelWidget",
    "WinSound",
    "image_paths",
    "paint_wheel",
    "result_message",
    "rgba",
    "text_colour",
]
