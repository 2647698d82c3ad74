"""Wheel, message line, spin button and the odds link together: what the session embeds."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from kivy.uix.boxlayout import BoxLayout

from kiosk.core.wheel import SegmentKind, SpinBlock, SpinOffer, SpinPlan, SpinResult, Wheel
from kiosk.i18n import Translator
from kiosk.ui import theme
from kiosk.ui.wheel.button import SpinButton
from kiosk.ui.wheel.media import WinSound
from kiosk.ui.wheel.text import result_message
from kiosk.ui.wheel.widget import SPIN_SECONDS, WheelWidget
from kiosk.ui.widgets import WrappedLabel, kiosk_button


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
        links.add_widget(kiosk_button(t("wheel.odds"), on_odds, action="odds", size_hint=(1, 1)))
        if on_back is not None:
            links.add_widget(
                kiosk_button(
                    t("wheel.back"),
                    on_back,
                    action="back",
                    size_hint=(1, 1),
                    background_color=theme.PANEL,
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
