"""Colours and sizes in one place (RGBA 0..1). Designed for 800x480 at arm's length."""

BACKGROUND = (0.07, 0.11, 0.20, 1)
PANEL = (0.12, 0.17, 0.29, 1)
TEXT = (1, 1, 1, 1)
MUTED = (0.72, 0.77, 0.86, 1)
ACCENT = (0.98, 0.76, 0.22, 1)
DANGER = (0.95, 0.38, 0.35, 1)
OK = (0.36, 0.80, 0.52, 1)
BUTTON = (0.20, 0.45, 0.85, 1)
BUTTON_TEXT = (1, 1, 1, 1)
ACCENT_BUTTON = (0.85, 0.55, 0.10, 1)

TITLE = "40sp"
HEADLINE = "30sp"
BODY = "20sp"
SMALL = "15sp"
HUGE = "64sp"
