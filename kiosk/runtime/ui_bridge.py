"""The one way other threads reach the UI thread, and the hooks the UI fills in.

Workers, the status server and the dev controls must not touch widgets: they queue a command
here and the UI runs it on its frame loop (``KioskApp`` drains ``commands`` every frame). The UI
also installs what only it can do: stop the app and capture a frame. Nothing here imports Kivy.
"""

from __future__ import annotations

import logging
import queue
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

UiCommand = tuple[Callable[[], Any], "Future[Any]"]


class UiBridge:
    def __init__(self) -> None:
        self.commands: queue.SimpleQueue[UiCommand] = queue.SimpleQueue()
        # Installed by the UI when its window runs; None without a UI (tests, headless tools).
        self.stop_app: Callable[[], None] | None = None
        self.screenshot: Callable[[Path], Future[Path]] | None = None
        # Simulated mode only: what is on screen (``kiosk.ui.inspect``) and a tap at window
        # coordinates fed through the input path (``kiosk.ui.tapping``).
        self.inspect: Callable[[], dict[str, Any]] | None = None
        self.tapper: Callable[[float, float], Future[None]] | None = None

    def run(self, fn: Callable[[], Any], *, delay_frames: int = 0, wait: bool = True) -> Any:
        """Run ``fn`` on the UI thread (after ``delay_frames`` frames) and return its result."""
        future: Future[Any] = Future()

        def later(remaining: int) -> Any:
            if remaining <= 0:
                return fn()
            inner: Future[Any] = Future()
            self.commands.put((lambda: later(remaining - 1), inner))
            return inner

        self.commands.put((lambda: later(delay_frames), future))
        if not wait:
            return None
        result = future.result(timeout=10)
        while isinstance(result, Future):  # unwrap the frame-delay chain and the screenshot
            result = result.result(timeout=10)
        return result

    def stop(self) -> None:
        """Ask the UI to stop its app (the process then leaves ``run_ui``)."""
        self.run(self._stop_now, wait=False)

    def capture(self, path: Path) -> Path:
        """A PNG of the window a few frames from now, when it shows the current state. Waits
        for the window (up to the command timeout) if it is not up yet."""
        written = self.run(lambda: self._screenshot_now(path), delay_frames=2)
        return Path(written)

    def widgets(self) -> dict[str, Any]:
        """The screen's name and its visible labels and tappable elements."""
        result: dict[str, Any] = self.run(self._inspect_now)
        return result

    def tap(self, x: float, y: float) -> None:
        """A finger down and up at window pixel ``(x, y)`` (origin top-left); returns once
        it is lifted. What it pressed, if anything, shows in the state afterwards."""
        self.run(lambda: self._tap_now(x, y))

    # --- on the UI thread: the hooks are looked up when the command runs ------------------------

    def _stop_now(self) -> None:
        if self.stop_app is None:
            log.warning("no UI is running to stop")
            return
        self.stop_app()

    def _screenshot_now(self, path: Path) -> Future[Path]:
        if self.screenshot is None:
            raise RuntimeError("no UI is running to capture")
        return self.screenshot(path)

    def _inspect_now(self) -> dict[str, Any]:
        if self.inspect is None:
            raise RuntimeError("no UI is running to inspect")
        return self.inspect()

    def _tap_now(self, x: float, y: float) -> Future[None]:
        if self.tapper is None:
            raise RuntimeError("no UI is running to tap")
        return self.tapper(x, y)
