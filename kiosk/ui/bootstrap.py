"""Kivy settings that must be in place before the first ``import kivy``.

Kivy reads its environment and config at import time, so this module runs first and keeps Kivy
from parsing our command line, writing into the user's home, replacing our logging, or quitting
when a keyboard-wedge card reader sends Escape.
"""

from __future__ import annotations

import os
from pathlib import Path

FONT_PATH = Path(__file__).resolve().parents[2] / "assets" / "fonts" / "wqy-microhei.ttc"
FONT_NAME = "KioskSans"


def prepare_kivy(
    *, kivy_home: Path, width: int, height: int, fullscreen: bool, cursor: bool
) -> None:
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
    os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")  # our logging config, journald-friendly
    os.environ.setdefault("KIVY_NO_FILELOG", "1")
    kivy_home.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("KIVY_HOME", str(kivy_home))
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        # No display server: render offscreen (screenshots still work) instead of failing.
        os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")

    from kivy.config import Config

    Config.set("kivy", "exit_on_escape", "0")
    Config.set("kivy", "log_enable", "0")
    Config.set("graphics", "width", str(width))
    Config.set("graphics", "height", str(height))
    Config.set("graphics", "resizable", "0")
    Config.set("graphics", "fullscreen", "auto" if fullscreen else "0")
    Config.set("graphics", "show_cursor", "1" if cursor else "0")
    # The mouse provider also emulates multitouch with red dots on right-click: not on a kiosk.
    Config.set("input", "mouse", "mouse,disable_multitouch")


def register_font() -> None:
    """Make the bundled Latin+CJK font the default for every label (Roboto has no Chinese)."""
    from kivy.core.text import DEFAULT_FONT, LabelBase

    LabelBase.register(FONT_NAME, str(FONT_PATH))
    LabelBase.register(DEFAULT_FONT, str(FONT_PATH))
