"""The wheel screen in the app: one ``WheelPanel`` kept across redraws, told what changed.

The rest of the UI rebuilds its widgets on every state change; the wheel must not (a rebuild
repaints the wheel's texture and would cut a spin short). This view keeps the panel for as long
as the wheel (id, version) and the language stay the same, and turns each new session state into
the panel call it stands for: waiting while the request is out, ``show_result`` once per answer
(the animation starts only then: the server has decided), ``show_no_answer`` on a failure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kivy.uix.widget import Widget

from kiosk.core.session import Notice, SessionState, WheelScreen
from kiosk.core.wheel import SpinResult, Wheel, spin_block
from kiosk.i18n import Translator
from kiosk.ui import theme
from kiosk.ui.wheel.media import WinSound
from kiosk.ui.wheel.odds import odds_screen
from kiosk.ui.wheel.panel import WheelPanel
from kiosk.ui.widgets import WrappedLabel


@dataclass(frozen=True)
class WheelActions:
    spin: Callable[[], None]
    odds: Callable[[], None]
    back: Callable[[], None]
    prize_landed: Callable[[], None]  # the jingle on the kiosk's own buzzer


class WheelView:
    def __init__(self, actions: WheelActions) -> None:
        self._actions = actions
        self._panel: WheelPanel | None = None
        self._key: tuple[object, ...] | None = None
        self._sound = WinSound()
        self._spinning: int | None = None
        self._animated: SpinResult | None = None
        self._notice: Notice | None = None
        self._state: SessionState | None = None

    def widget(
        self, t: Translator, state: SessionState, screen: WheelScreen, *, api_reachable: bool
    ) -> Widget:
        self._state = state
        wheel = screen.wheel
        if wheel is None:
            return WrappedLabel(text=t("wheel.waiting"), font_size=theme.HEADLINE)
        panel = self._panel_for(t, wheel)
        if panel.parent is not None:
            panel.parent.remove_widget(panel)
        if screen.spinning is not None:
            if self._spinning != screen.spinning:
                self._spinning = screen.spinning
                panel.show_waiting()
            return panel
        self._spinning = None
        if screen.result is not None and screen.result is not self._animated:
            self._animated = screen.result
            result = screen.result
            panel.show_result(result, on_done=lambda: self._landed(wheel, result))
            return panel
        if screen.notice != self._notice:
            self._notice = screen.notice
            if screen.notice is not None:
                panel.show_no_answer()
                panel.message.text = t(screen.notice.key, **dict(screen.notice.params))
                panel.message.color = theme.DANGER
        self._show_offer(panel, state, screen, wheel, api_reachable)
        return panel

    def odds(self, t: Translator, wheel: Wheel) -> Widget:
        return odds_screen(t, wheel, on_back=self._actions.back)

    def _panel_for(self, t: Translator, wheel: Wheel) -> WheelPanel:
        key = (wheel.wheel_id, wheel.version, t.lang)
        if self._panel is None or key != self._key:
            self._panel = WheelPanel(
                t,
                wheel,
                on_spin=self._actions.spin,
                on_odds=self._actions.odds,
                on_back=self._actions.back,
                sound=self._sound,
            )
            self._key = key
            self._spinning = None
            self._notice = None
        return self._panel

    def _show_offer(
        self,
        panel: WheelPanel,
        state: SessionState,
        screen: WheelScreen,
        wheel: Wheel,
        api_reachable: bool,
    ) -> None:
        offer = screen.offer
        if offer is None or state.visit is None:
            return
        block = spin_block(
            wheel,
            offer,
            can_spend=True,  # a card visit is asked for its PIN when it presses the button
            api_reachable=api_reachable,
            paper_ok=state.printer.can_print,
        )
        panel.show_offer(offer, block)

    def _landed(self, wheel: Wheel, result: SpinResult) -> None:
        if self._panel is None or self._state is None:
            return
        if result.kind.value != "thanks":
            self._actions.prize_landed()
        self._panel.show_offer(
            result.offer,
            spin_block(
                wheel,
                result.offer,
                can_spend=True,
                api_reachable=True,
                paper_ok=self._state.printer.can_print,
            ),
        )
