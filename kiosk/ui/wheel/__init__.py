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
the odds screen together: it is the piece the session screen embeds. ``view`` follows the
session's wheel screen, ``odds`` lists the chances, and ``text`` makes the words without Kivy
(this package imports nothing itself, so ``text`` loads without a window).
"""
