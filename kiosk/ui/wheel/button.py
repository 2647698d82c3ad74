"""The spin button: cost or "free spin" and the spins left, or disabled with the reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kivy.uix.boxlayout import BoxLayout
from kivy.uix.button import Button

from kiosk.core.wheel import SpinBlock, SpinOffer
from kiosk.i18n import Translator
from kiosk.ui import theme
from kiosk.ui.widgets import WrappedLabel, kiosk_button


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
            t("wheel.spin"),
            self._pressed,
            action="spin",
            size_hint=(1, None),
            height=72,
            font_size=theme.HEADLINE,
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
