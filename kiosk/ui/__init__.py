"""The Kivy view: the only package that imports Kivy. It renders core state and forwards touches.

(This file itself imports nothing from Kivy, so tools can use its constants without a window.)
"""

#: Logged once, when the first frame is on screen; start-up benchmarks wait for it.
FIRST_FRAME_MESSAGE = "first frame on screen"

#: Pixels the developer panel (simulated hardware only) adds below the kiosk's screen area.
DEV_PANEL_HEIGHT = 40
