"""The baseline for bench/startup.py: a bare Kivy "hello" app, started and measured like the kiosk.

Prints the same first-frame line the kiosk logs, on its first drawn frame.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")  # as the kiosk: Kivy keeps its hands off stderr

from kivy.app import App
from kivy.config import Config
from kivy.core.window import Window
from kivy.uix.label import Label

Config.set("graphics", "width", "800")
Config.set("graphics", "height", "480")


class Hello(App):  # type: ignore[misc]  # Kivy is untyped
    def build(self) -> Label:
        Window.bind(on_flip=self._first_frame)
        return Label(text="hello")

    def _first_frame(self, *_: object) -> None:
        Window.unbind(on_flip=self._first_frame)
        sys.stderr.write("first frame on screen\n")
        sys.stderr.flush()


if __name__ == "__main__":
    Hello().run()
