"""Small reusable widgets: wrapped labels, filled panels, buttons that name their action, whole-card
tap targets, a progress bar and a busy indicator."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kivy.animation import Animation
from kivy.graphics import Color, Line, Rectangle, RoundedRectangle
from kivy.properties import ListProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.button import Button
from kivy.uix.label import Label
from kivy.uix.widget import Widget

from kiosk.ui import theme


class WrappedLabel(Label):
    """A label that wraps to its own width (Kivy labels do not wrap by default)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("color", theme.TEXT)
        kwargs.setdefault("halign", "center")
        kwargs.setdefault("valign", "middle")
        super().__init__(**kwargs)
        self.bind(size=self._wrap)

    def _wrap(self, *_: Any) -> None:
        self.text_size = (self.width, None)
        self.texture_update()
        if self.size_hint_y is None:
            self.height = self.texture_size[1]


def filled(widget: Widget, colour: tuple[float, ...], radius: float = 0) -> Widget:
    """Paint a background behind ``widget`` that follows its position and size."""
    # Remembered for the inspector (``/dev/widgets``) and the touchscreen-standard test: the
    # colour text on this panel is read against.
    widget.fill_colour = tuple(colour)
    with widget.canvas.before:
        colour_instruction = Color(*colour)
        shape = (
            RoundedRectangle(radius=[radius]) if radius else Rectangle()
        )  # one shape, moved rather than rebuilt

    def follow(*_: Any) -> None:
        shape.pos = widget.pos
        shape.size = widget.size

    widget.bind(pos=follow, size=follow)
    follow()
    widget.fill_instruction = colour_instruction
    return widget


class KioskButton(Button):
    """A button that names what a tap on it does (``choose:cake``, ``confirm``, ``back``): the
    inspector lists it under that name, so a test can find it and tap its rectangle."""

    action = StringProperty("")


def kiosk_button(text: str, on_press: Any, *, action: str, **kwargs: Any) -> KioskButton:
    kwargs.setdefault("font_size", theme.BODY)
    kwargs.setdefault("size_hint", (None, None))
    kwargs.setdefault("size", (200, 64))
    button = KioskButton(
        text=text,
        action=action,
        background_normal="",
        background_color=kwargs.pop("background_color", theme.BUTTON),
        color=kwargs.pop("color", theme.BUTTON_TEXT),
        **kwargs,
    )
    button.bind(on_release=lambda *_: on_press())
    return button


class TapCard(ButtonBehavior, BoxLayout):
    """A card that is itself the button: a tap anywhere on it (its labels included) presses it.

    Disabled cards stay visible (with the reason on them) but ignore taps."""

    action = StringProperty("")

    def __init__(
        self,
        on_press: Callable[[], None],
        *,
        action: str,
        colour: tuple[float, ...],
        enabled: bool = True,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("orientation", "vertical")
        super().__init__(action=action, **kwargs)
        filled(self, colour, radius=12)
        self.disabled = not enabled
        self._on_press = on_press
        self.bind(on_release=lambda *_: self._on_press())


class TierProgressBar(Widget):
    # Not called ProgressBar: Kivy's style.kv rules match by class name and would apply.
    """A rounded bar: ``value`` in 0..1. Drawn with two shapes updated in place."""

    value = NumericProperty(0.0)
    colour = ListProperty(list(theme.ACCENT))

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        with self.canvas:
            Color(*theme.PANEL)
            self._track = RoundedRectangle(radius=[8])
            self._fill_colour = Color(*self.colour)
            self._fill = RoundedRectangle(radius=[8])
        self.bind(pos=self._redraw, size=self._redraw, value=self._redraw)

    def _redraw(self, *_: Any) -> None:
        self._track.pos = self.pos
        self._track.size = self.size
        self._fill.pos = self.pos
        self._fill.size = (max(0.0, min(1.0, float(self.value))) * self.width, self.height)


class BusyRing(Widget):
    """A rotating arc for "looking you up": one Line whose angles are animated."""

    angle = NumericProperty(0.0)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        with self.canvas:
            Color(*theme.ACCENT)
            self._arc = Line(width=6, cap="round")
        self.bind(pos=self._redraw, size=self._redraw, angle=self._redraw)
        self._anim = Animation(angle=360, duration=1.2)
        self._anim.repeat = True
        self._anim.start(self)

    def _redraw(self, *_: Any) -> None:
        r = min(self.width, self.height) / 2 - 6
        cx, cy = self.center
        self._arc.circle = (cx, cy, max(r, 1), self.angle, self.angle + 270)

    def stop(self) -> None:
        self._anim.cancel(self)


DISABLED_BUTTON = (0.22, 0.26, 0.36, 1)


def button(
    text: str, on_press: Callable[[], None], *, action: str, enabled: bool = True, **kwargs: Any
) -> Button:
    """A kiosk button that looks disabled when it is (a flat, dim colour)."""
    if not enabled:
        kwargs["background_color"] = DISABLED_BUTTON
    widget = kiosk_button(text, on_press, action=action, **kwargs)
    widget.background_disabled_normal = ""
    widget.disabled = not enabled
    widget.disabled_color = theme.MUTED
    return widget
