"""The wheel widget: a texture painted once, rotated by one ``Rotate`` per frame.

There is deliberately no "start spinning now, decide the prize later" API: ``spin_to`` needs the
segment the server chose, so the wheel cannot turn before the server has answered. While the
request is out, ``set_waiting(True)`` pulses a ring around the still wheel.
"""

from __future__ import annotations

import logging
import math
import random
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from kivy.clock import Clock
from kivy.graphics import (
    Color,
    Fbo,
    Line,
    PopMatrix,
    PushMatrix,
    Rectangle,
    Rotate,
    SmoothEllipse,
    SmoothLine,
    SmoothTriangle,
)
from kivy.uix.widget import Widget

from kiosk.core.wheel import SpinPlan, Wheel, plan_spin, segment_span
from kiosk.ui.wheel.media import WinSound
from kiosk.ui.wheel.paint import RIM, RIM_COLOUR, paint_wheel, rgba

log = logging.getLogger(__name__)

SPIN_SECONDS = 6.0
CELEBRATION_SECONDS = 2.5
CONFETTI_PIECES = 72
POINTER_TIP = 0.97  # the pointer's tip reaches just over the rim (see pointer_probe)
HUB = 0.13
POINTER_COLOUR = (0.98, 0.98, 0.98, 1)


class WheelWidget(Widget):
    """The wheel, its fixed pointer, a waiting pulse and the celebration effects.

    ``time_source`` (seconds) drives the animation, so tests can show any moment of a spin.
    ``texture_renders`` counts how often the wheel was painted into its texture.
    """

    def __init__(
        self,
        wheel: Wheel,
        lang: str,
        *,
        images: Mapping[str, Path] | None = None,
        sound: WinSound | None = None,
        time_source: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.wheel = wheel
        self.lang = lang
        self.images = dict(images or {})
        self.texture_renders = 0
        self.rotation = 0.0  # clockwise degrees; the pointer reads segment_under_pointer()
        self.plan: SpinPlan | None = None
        self._sound = sound
        self._now = time_source
        # Cosmetic only (turns and resting point): the server already chose the prize.
        self._rng = rng or random.Random()  # noqa: S311
        self._fbo: Fbo | None = None
        self._built_for: tuple[object, ...] | None = None
        self._spin_started = 0.0
        self._on_done: Callable[[], None] | None = None
        self._waiting_since: float | None = None
        self._celebration_started: float | None = None
        self._confetti: list[tuple[Color, Rectangle, float, float, float, float]] = []
        self._frame_event: Any = None
        self._build_canvas()
        self._rebuild = Clock.create_trigger(self._render_texture)
        self.bind(pos=self._layout, size=self._layout)

    # --- public API ----------------------------------------------------------------------------

    @property
    def radius(self) -> float:
        # Room above the rim for the pointer, which sticks out by 0.09 of the radius.
        return max(float(min(self.width, self.height)) / 2 / 1.1, 1.0)

    @property
    def busy(self) -> bool:
        return self.plan is not None

    def repaint(self) -> None:
        """Paint the texture again now (size, language and wheel changes do this by
        themselves; the benchmark uses it to time the one-off render)."""
        self._built_for = None
        self._render_texture()

    def set_language(self, lang: str) -> None:
        if lang != self.lang:
            self.lang = lang
            self._rebuild()

    def set_waiting(self, waiting: bool) -> None:
        """The request is out: pulse gently, do not turn (the prize is not known yet)."""
        self._waiting_since = self._now() if waiting and not self.busy else None
        self._pulse_colour.a = 0
        if waiting:
            self._glow_colour.a = 0  # the last prize's highlight goes with the new try
            self._stop_confetti()
        self._schedule_frames()

    def spin_to(
        self,
        segment_index: int,
        duration_s: float = SPIN_SECONDS,
        on_done: Callable[[], None] | None = None,
    ) -> SpinPlan:
        """Turn to ``segment_index`` (the server's answer) with an ease-out. When the wheel
        rests, a prize gets a highlight, confetti and the sound; then ``on_done`` runs."""
        if self.busy:
            raise RuntimeError("the wheel is already spinning")
        n = len(self.wheel.segments)
        start = self.rotation % 360  # same picture, and the numbers stay small over many spins
        self.plan = plan_spin(segment_index, n, start=start, duration_s=duration_s, rng=self._rng)
        self._on_done = on_done
        self._waiting_since = None
        self._pulse_colour.a = 0
        self._glow_colour.a = 0
        self._stop_confetti()
        self._spin_started = self._now()
        self._schedule_frames()
        return self.plan

    # --- drawing -------------------------------------------------------------------------------

    def _build_canvas(self) -> None:
        with self.canvas:
            Color(1, 1, 1, 1)
            PushMatrix()
            self._rotate = Rotate(angle=0, origin=self.center)
            self._disc = Rectangle()
            self._glow_colour = Color(1, 1, 1, 0)
            self._glow = SmoothLine(width=4)
            PopMatrix()
            self._pulse_colour = Color(1, 1, 1, 0)
            self._pulse = Line(width=3)
            Color(*RIM_COLOUR)
            self._hub = SmoothEllipse()
            Color(0.12, 0.12, 0.16, 1)
            self._hub_dot = SmoothEllipse()
            Color(0.1, 0.1, 0.12, 0.55)
            self._pointer_shadow = SmoothTriangle()
            Color(*POINTER_COLOUR)
            self._pointer = SmoothTriangle()
        with self.canvas.after:
            for _ in range(CONFETTI_PIECES):
                colour = Color(1, 1, 1, 0)
                piece = Rectangle(size=(0, 0))
                self._confetti.append((colour, piece, 0.0, 0.0, 0.0, 0.0))

    def _layout(self, *_: Any) -> None:
        cx, cy = self.center
        r = self.radius
        self._rotate.origin = (cx, cy)
        self._disc.pos = (cx - r, cy - r)
        self._disc.size = (2 * r, 2 * r)
        self._pulse.circle = (cx, cy, r + 6)
        self._hub.pos, self._hub.size = (cx - HUB * r, cy - HUB * r), (2 * HUB * r, 2 * HUB * r)
        dot = HUB * r * 0.45
        self._hub_dot.pos, self._hub_dot.size = (cx - dot, cy - dot), (2 * dot, 2 * dot)
        tip_y, half, top = cy + POINTER_TIP * r, 0.07 * r, cy + r + 0.09 * r
        self._pointer.points = [cx, tip_y, cx - half, top, cx + half, top]
        self._pointer_shadow.points = [
            cx + 2,
            tip_y - 3,
            cx - half + 2,
            top - 3,
            cx + half + 2,
            top - 3,
        ]
        key = (round(2 * r), self.lang, self.wheel)
        if key != self._built_for:
            self._rebuild()

    def pointer_probe(self) -> tuple[float, float]:
        """A window point just below the pointer's tip, inside the segment the pointer selects
        (tests read the screenshot's colour there)."""
        cx, cy = self.to_window(*self.center)
        return cx, cy + 0.90 * self.radius

    def _render_texture(self, *_: Any) -> None:
        r = self.radius
        key = (round(2 * r), self.lang, self.wheel)
        if key == self._built_for:
            return
        size = max(round(2 * r), 2)
        # Keep the Fbo: its texture lives as long as it does.
        self._fbo = paint_wheel(self.wheel, self.lang, size, self.images)
        self._disc.texture = self._fbo.texture
        self._built_for = key
        self.texture_renders += 1
        log.debug("wheel texture %dx%d rendered (%d)", size, size, self.texture_renders)

    # --- animation -----------------------------------------------------------------------------

    def _schedule_frames(self) -> None:
        if self._frame_event is None:
            self._frame_event = Clock.schedule_interval(self._frame, 0)

    def _frame(self, _dt: float) -> bool:
        if self.update():
            return True
        self._frame_event = None
        return False  # nothing moves: no more frames scheduled

    def update(self) -> bool:
        """Apply the animation state for the time source's now (the frame clock calls this; a
        test can call it after moving its clock). True while something is still moving."""
        now = self._now()
        active = False
        if self.plan is not None:
            active = True
            t = now - self._spin_started
            self.rotation = self.plan.angle_at(t)
            self._rotate.angle = -self.rotation
            if self.plan.done(t):
                self._finish()
        if self._waiting_since is not None:
            active = True
            phase = (now - self._waiting_since) / 1.4 * 2 * math.pi
            self._pulse_colour.a = 0.45 + 0.35 * math.sin(phase)
        if self._celebration_started is not None:
            active = self._move_confetti(now - self._celebration_started) or active
        return active

    def _finish(self) -> None:
        plan = self.plan
        assert plan is not None
        self.plan = None
        segment = self.wheel.segments[plan.segment_index]
        if segment.is_prize:
            self._highlight(plan.segment_index)
            self._start_confetti()
            if self._sound is not None:
                self._sound.play()
        on_done, self._on_done = self._on_done, None
        if on_done is not None:
            on_done()

    def _highlight(self, index: int) -> None:
        cx, cy = self.center
        r = self.radius * RIM
        a0, a1 = segment_span(index, len(self.wheel.segments))
        points = [cx, cy]
        steps = 12
        for k in range(steps + 1):
            a = math.radians(a0 + (a1 - a0) * k / steps)
            points += [cx + r * math.sin(a), cy + r * math.cos(a)]
        points += [cx, cy]
        self._glow.points = points
        self._glow_colour.a = 1

    def _start_confetti(self) -> None:
        cx, cy = self.center
        top = cy + self.radius
        palette = [rgba(s.colour) for s in self.wheel.segments] + [RIM_COLOUR]
        pieces = []
        for colour, piece, *_ in self._confetti:
            colour.rgba = self._rng.choice(palette)
            angle = self._rng.uniform(-math.pi * 0.9, math.pi * 0.9)
            speed = self._rng.uniform(0.6, 1.3) * self.radius * 1.6
            side = self._rng.uniform(5, 11)
            piece.size = (side, side * 0.6)
            vx, vy = speed * math.sin(angle), speed * math.cos(angle)
            pieces.append((colour, piece, cx, top, vx, vy))
        self._confetti = pieces
        self._celebration_started = self._now()
        self._schedule_frames()

    def _move_confetti(self, t: float) -> bool:
        if t >= CELEBRATION_SECONDS:
            self._stop_confetti()
            return False
        gravity = -self.radius * 2.2
        fade = (
            1.0
            if t < CELEBRATION_SECONDS * 0.6
            else (CELEBRATION_SECONDS - t) / (CELEBRATION_SECONDS * 0.4)
        )
        for colour, piece, x0, y0, vx, vy in self._confetti:
            piece.pos = (x0 + vx * t, y0 + vy * t + 0.5 * gravity * t * t)
            colour.a = fade
        return True

    def _stop_confetti(self) -> None:
        self._celebration_started = None
        for colour, *_ in self._confetti:
            colour.a = 0
