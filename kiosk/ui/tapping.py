"""Taps at window coordinates, fed in through Kivy's input path (simulated mode only).

``/dev/tap`` must prove what a finger would: so the tap is not a call on a widget but a touch
(a mouse-style motion event) handed to the event loop by an input provider, like the mouse and
touchscreen providers do. It then goes through the post-processing modules, the window, the
tap guard, scroll views and hit testing exactly as a real one, and presses whatever is under
that point, or nothing.
"""

from __future__ import annotations

import itertools
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from kivy.base import EventLoop
from kivy.core.window import Window
from kivy.input.provider import MotionEventProvider
from kivy.input.providers.mouse import MouseMotionEvent


@dataclass
class _Tap:
    x: float  # window pixels, origin top-left (as the inspector reports rectangles)
    y: float
    done: Future[None] = field(default_factory=Future)
    event: Any = None  # the motion event once it went down


class TapProvider(MotionEventProvider):
    """Queues taps from any thread; each frame's update sends the next touch-down or touch-up."""

    def __init__(self) -> None:
        super().__init__("dev-tap", None)
        self._queue: deque[_Tap] = deque()
        self._lock = threading.Lock()
        self._down: _Tap | None = None
        self._ids = itertools.count(1)

    def tap(self, x: float, y: float) -> Future[None]:
        """Queue a tap at ``(x, y)``; the future is done once the finger is lifted."""
        tap = _Tap(x, y)
        with self._lock:
            self._queue.append(tap)
        return tap.done

    def update(self, dispatch_fn: Callable[[str, Any], None]) -> None:
        # Down on one frame, up on the next: as quick as a real tap, never both in one frame.
        if self._down is not None:
            tap, self._down = self._down, None
            dispatch_fn("end", tap.event)
            tap.done.set_result(None)
            return
        with self._lock:
            if not self._queue:
                return
            tap = self._queue.popleft()
        width, height = Window.size
        sx, sy = tap.x / width, 1.0 - tap.y / height
        touch_id = f"dev-tap-{next(self._ids)}"
        args = [sx, sy, "left"]
        tap.event = MouseMotionEvent(self.device, touch_id, args, is_touch=True, type_id="touch")
        self._down = tap
        dispatch_fn("begin", tap.event)


def install() -> TapProvider:
    """Add the provider to the running event loop (call on the UI thread, once)."""
    provider = TapProvider()
    EventLoop.add_input_provider(provider, auto_remove=True)
    return provider
