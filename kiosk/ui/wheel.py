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

from __future__ import annotations

import logging
import math
import random
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from kivy.clock import Clock
from kivy.core.image import Image as CoreImage
from kivy.core.text import Label as CoreLabel
from kivy.graphics import (
    ClearBuffers,
    ClearColor,
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
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.button import Button
from kivy.uix.widget import Widget

from kiosk.core.wheel import (
    Segment,
    SegmentKind,
    SpinBlock,
    SpinOffer,
    SpinPlan,
    SpinResult,
    Wheel,
    plan_spin,
    segment_span,
    segment_width,
)
from kiosk.i18n import Translator, localised
from kiosk.ui import theme
from kiosk.ui.bootstrap import FONT_NAME
from kiosk.ui.widgets import WrappedLabel, kiosk_button

log = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[2]
WHEEL_IMAGES = REPO / "assets" / "images" / "wheel"
WIN_SOUND = REPO / "assets" / "sounds" / "win.wav"

SPIN_SECONDS = 6.0
CELEBRATION_SECONDS = 2.5
CONFETTI_PIECES = 72
# Radii as fractions of the wheel's radius.
RIM = 0.95  # segments end here; a gold rim runs to 1.0
LABEL_FROM, LABEL_TO = 0.26, 0.84
POINTER_TIP = 0.97  # the pointer's tip reaches just over the rim (see pointer_probe)
HUB = 0.13
RIM_COLOUR = (0.93, 0.74, 0.25, 1)
POINTER_COLOUR = (0.98, 0.98, 0.98, 1)


def rgba(colour: str, alpha: float = 1.0) -> tuple[float, float, float, float]:
    return (
        int(colour[1:3], 16) / 255,
        int(colour[3:5], 16) / 255,
        int(colour[5:7], 16) / 255,
        alpha,
    )


def text_colour(colour: str) -> tuple[float, float, float, float]:
    r, g, b, _ = rgba(colour)
    light = 0.299 * r + 0.587 * g + 0.114 * b > 0.62
    return (0.1, 0.1, 0.12, 1) if light else (1, 1, 1, 1)


def image_paths(wheel: Wheel, *, cache_dir: Path | None = None) -> dict[str, Path]:
    """Local picture files for the segments that have one: bundled assets from
    ``assets/images/wheel/``, downloaded ones from ``cache_dir/<sha256>.png`` (the client caches
    them). A picture not on disk is left out: the segment is drawn without it, never an error."""
    found: dict[str, Path] = {}
    for segment in wheel.segments:
        image = segment.image
        if image is None:
            continue
        if image.asset is not None:
            path = WHEEL_IMAGES / image.asset
        elif image.sha256 is not None and cache_dir is not None:
            path = cache_dir / f"{image.sha256}.png"
        else:
            continue
        if path.is_file():
            found[segment.id] = path
        else:
            log.warning("wheel picture for segment %s is missing: drawn without it", segment.id)
    return found


class WinSound:
    """The celebration sound, loaded on first use. No audio device (or no audio library) is
    logged once and the kiosk carries on silently."""

    def __init__(self, path: Path = WIN_SOUND) -> None:
        self._path = path
        self._sound: Any = None
        self._failed = False

    def play(self) -> bool:
        if self._failed:
            return False
        try:
            if self._sound is None:
                if not self._path.is_file():
                    raise FileNotFoundError(f"{self._path.name} is missing")
                from kivy.core.audio import SoundLoader

                self._sound = SoundLoader.load(str(self._path))
                if self._sound is None:
                    raise RuntimeError(f"no audio provider could load {self._path.name}")
            self._sound.stop()
            self._sound.play()
        except Exception as exc:  # audio is a nicety: never let it break a spin
            self._failed = True
            log.warning("celebration sound unavailable: %s", exc)
            return False
        return True


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
        """Turn to ``segment_index`` (the server's answer) with an ease-out; ``on_done`` runs
        when the wheel rests, then prizes get confetti, a glow and the sound."""
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
        size = max(round(2 * r), 2)
        key = (round(2 * r), self.lang, self.wheel)
        if key == self._built_for:
            return
        segments = self.wheel.segments
        n = len(segments)
        c = size / 2
        fbo = Fbo(size=(size, size), with_stencilbuffer=False)
        with fbo:
            ClearColor(0, 0, 0, 0)
            ClearBuffers()
            Color(*RIM_COLOUR)
            SmoothEllipse(pos=(0, 0), size=(size, size))
            inner = RIM * c
            for index, segment in enumerate(segments):
                a0, a1 = segment_span(index, n)
                Color(*rgba(segment.colour))
                SmoothEllipse(
                    pos=(c - inner, c - inner),
                    size=(2 * inner, 2 * inner),
                    angle_start=a0,
                    angle_end=a1,
                    segments=max(8, int(180 / n)),
                )
            for index, segment in enumerate(segments):
                if segment.out_of_stock:  # cannot be won today: shown dimmed, as on the odds screen
                    a0, a1 = segment_span(index, n)
                    Color(0.05, 0.05, 0.08, 0.55)
                    SmoothEllipse(
                        pos=(c - inner, c - inner), size=(2 * inner, 2 * inner),
                        angle_start=a0, angle_end=a1, segments=max(8, int(180 / n)),
                    )  # fmt: skip
            Color(1, 1, 1, 0.85)
            for index in range(n):
                a = math.radians(segment_span(index, n)[0])
                SmoothLine(
                    points=[c, c, c + inner * math.sin(a), c + inner * math.cos(a)], width=1.2
                )
            for index, segment in enumerate(segments):
                self._draw_label(segment, index, n, c)
        fbo.draw()
        # Keep the Fbo: its texture lives as long as it does.
        self._fbo = fbo
        self._disc.texture = fbo.texture
        self._built_for = key
        self.texture_renders += 1
        log.debug("wheel texture %dx%d rendered (%d)", size, size, self.texture_renders)

    def _draw_label(self, segment: Segment, index: int, n: int, c: float) -> None:
        r = c  # label radii are fractions of the texture's radius
        middle = (index + 0.5) * segment_width(n)
        picture = self.images.get(segment.id)
        outer = LABEL_TO - (0.2 if picture is not None else 0.0)
        length = (outer - LABEL_FROM) * r
        # The slice is narrowest at the label's inner end: the text must fit across it there.
        across = 2 * LABEL_FROM * r * math.sin(math.radians(segment_width(n) / 2)) * 0.9
        text = localised(segment.label, self.lang)
        texture = None
        for size in range(int(r * 0.12), 7, -1):
            label = CoreLabel(text=text, font_name=FONT_NAME, font_size=size, bold=True)
            label.refresh()
            texture = label.texture
            if texture.width <= length and texture.height <= max(across, 12):
                break
        if texture is None:
            return
        # The text runs along the slice's middle line: outward on the right half of the wheel,
        # inward on the left half, so that at rest no label is upside down.
        # (Rotate turns counter-clockwise; ``middle`` is clockwise from 12 o'clock.)
        inward = middle > 180
        along = (LABEL_FROM * r + outer * r) / 2  # the label's centre, from the wheel's centre
        PushMatrix()
        Rotate(angle=(270 if inward else 90) - middle, origin=(c, c))
        Color(*text_colour(segment.colour))
        x = c + (-along if inward else along) - texture.width / 2
        Rectangle(texture=texture, pos=(x, c - texture.height / 2), size=texture.size)
        PopMatrix()
        if picture is not None:
            self._draw_picture(picture, middle, c, r)

    def _draw_picture(self, path: Path, middle: float, c: float, r: float) -> None:
        try:
            texture = CoreImage(str(path)).texture
        except Exception as exc:  # a broken picture file: the slice is still drawn
            log.warning("wheel picture %s unusable: %s", path.name, exc)
            return
        side = 0.18 * r
        PushMatrix()
        Rotate(angle=-middle, origin=(c, c))  # upright, pointing at the rim
        Color(1, 1, 1, 1)
        Rectangle(texture=texture, pos=(c - side / 2, c + 0.76 * r - side / 2), size=(side, side))
        PopMatrix()

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


class SpinButton(BoxLayout):
    """The spin button and the line under it: cost or "free spin" and the spins left, or why
    the member cannot spin now."""

    def __init__(self, t: Translator, on_spin: Callable[[], None], **kwargs: Any) -> None:
        kwargs.setdefault("orientation", "vertical")
        kwargs.setdefault("spacing", 6)
        super().__init__(**kwargs)
        self._t = t
        self.block: SpinBlock | None = None
        self.offer: SpinOffer | None = None
        self._button: Button = kiosk_button(
            t("wheel.spin"), self._pressed, size_hint=(1, None), height=72, font_size=theme.HEADLINE
        )
        self._button.background_disabled_normal = ""
        self._note = WrappedLabel(text="", font_size=theme.SMALL, color=theme.MUTED)
        self._on_spin = on_spin
        self.add_widget(self._button)
        self.add_widget(self._note)

    @property
    def enabled(self) -> bool:
        return not self._button.disabled

    @property
    def text(self) -> str:
        return str(self._button.text)

    @property
    def note(self) -> str:
        return str(self._note.text)

    def show_offer(self, offer: SpinOffer, block: SpinBlock | None = None) -> None:
        t = self._t
        self.offer, self.block = offer, block
        if offer.free:
            self._button.text = t("wheel.spin_free")
        else:
            self._button.text = t("wheel.spin_cost", points=f"{offer.cost_points:,}")
        if block is None:
            self._set_enabled(True)
            self._note.text = t("wheel.spins_left", count=offer.spins_left_today)
            self._note.color = theme.MUTED
        else:
            self._set_enabled(False)
            self._note.text = t(
                f"wheel.block.{block.value}",
                points=f"{offer.cost_points:,}",
                balance=f"{offer.balance:,}",
            )
            self._note.color = theme.DANGER

    def show_busy(self) -> None:
        """A spin is under way (request out or wheel turning): one spin at a time."""
        self._set_enabled(False)
        self._button.text = self._t("wheel.good_luck")

    def _set_enabled(self, enabled: bool) -> None:
        self._button.disabled = not enabled
        self._button.background_color = theme.ACCENT if enabled else (0.32, 0.35, 0.42, 1)
        self._button.color = (0.1, 0.1, 0.12, 1) if enabled else theme.MUTED

    def _pressed(self) -> None:
        if self.enabled:
            self._on_spin()


class WheelPanel(BoxLayout):
    """Wheel on the left; message, spin button and the odds link on the right (800x480)."""

    def __init__(
        self,
        t: Translator,
        wheel: Wheel,
        *,
        on_spin: Callable[[], None],
        on_odds: Callable[[], None],
        on_back: Callable[[], None] | None = None,
        images: Mapping[str, Path] | None = None,
        sound: WinSound | None = None,
        time_source: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("orientation", "horizontal")
        kwargs.setdefault("padding", (16, 8))
        kwargs.setdefault("spacing", 16)
        super().__init__(**kwargs)
        self._t = t
        self.wheel_widget = WheelWidget(
            wheel, t.lang, images=images, sound=sound, time_source=time_source, rng=rng,
            size_hint=(0.55, 1),
        )  # fmt: skip
        side = BoxLayout(orientation="vertical", spacing=10, size_hint=(0.45, 1))
        self.message = WrappedLabel(text=t("wheel.title"), font_size=theme.HEADLINE, bold=True)
        self.button = SpinButton(t, on_spin, size_hint=(1, None), height=130)
        links = BoxLayout(orientation="horizontal", size_hint=(1, None), height=56, spacing=10)
        links.add_widget(kiosk_button(t("wheel.odds"), on_odds, size_hint=(1, 1)))
        if on_back is not None:
            links.add_widget(
                kiosk_button(
                    t("wheel.back"), on_back, size_hint=(1, 1), background_color=theme.PANEL
                )
            )
        side.add_widget(self.message)
        side.add_widget(self.button)
        side.add_widget(links)
        self.add_widget(self.wheel_widget)
        self.add_widget(side)

    def show_offer(self, offer: SpinOffer, block: SpinBlock | None = None) -> None:
        self.button.show_offer(offer, block)

    def show_waiting(self) -> None:
        """The spin request is out: the wheel pulses but does not turn."""
        self.button.show_busy()
        self.message.text = self._t("wheel.waiting")
        self.message.color = theme.TEXT
        self.wheel_widget.set_waiting(True)

    def show_result(
        self,
        result: SpinResult,
        on_done: Callable[[], None] | None = None,
        duration_s: float = SPIN_SECONDS,
    ) -> SpinPlan:
        """Spin to the server's segment; say what was won when the wheel rests."""
        self.button.show_busy()
        self.message.text = self._t("wheel.good_luck")

        def landed() -> None:
            self.message.text = result_message(self._t, self.wheel_widget.wheel, result)
            self.message.color = theme.TEXT if result.kind is SegmentKind.THANKS else theme.ACCENT
            if on_done is not None:
                on_done()

        return self.wheel_widget.spin_to(result.segment_index, duration_s, landed)

    def show_no_answer(self) -> None:
        """The server did not answer (or refused): the wheel never turned; say so plainly."""
        self.wheel_widget.set_waiting(False)
        self.message.text = self._t("wheel.no_answer")
        self.message.color = theme.DANGER
        if self.button.offer is not None:  # nothing changed: the member may try again
            self.button.show_offer(self.button.offer, self.button.block)


def result_message(t: Translator, wheel: Wheel, result: SpinResult) -> str:
    segment = wheel.segments[result.segment_index]
    match result.kind:
        case SegmentKind.POINTS:
            return t("wheel.won_points", points=f"{result.points_won:,}")
        case SegmentKind.VOUCHER | SegmentKind.GIFT:
            prize = localised(segment.prize_name or segment.label, t.lang)
            return t(f"wheel.won_{result.kind.value}", prize=prize)
    return t("wheel.thanks")
