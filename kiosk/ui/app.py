"""The Kivy application: a frame clock that pumps the controller and redraws on state changes."""

from __future__ import annotations

import logging
import queue
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kivy.app import App
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.widget import Widget

from kiosk.core.events import (
    BackPressed,
    CheckInPressed,
    ConfirmPressed,
    DonePressed,
    Event,
    LanguageChosen,
    OddsPressed,
    PinDigit,
    PinErase,
    PinSubmitted,
    RewardChosen,
    RewardsPressed,
    SpinPressed,
    Touched,
    WheelPressed,
)
from kiosk.core.session import (
    ConfirmScreen,
    ErrorScreen,
    Identifying,
    MemberScreen,
    OddsScreen,
    PinScreen,
    RewardsScreen,
    SessionState,
    VoucherScreen,
    WheelScreen,
)
from kiosk.core.staff import HiddenCornerHeld, StaffEvent
from kiosk.i18n import Translator, localised
from kiosk.runtime.controller import Controller
from kiosk.runtime.ui_bridge import UiCommand
from kiosk.ui import DEV_PANEL_HEIGHT, FIRST_FRAME_MESSAGE, theme
from kiosk.ui.inspect import screen_widgets
from kiosk.ui.member import screens
from kiosk.ui.staff.actions import StaffActions
from kiosk.ui.staff.corner import HiddenCorner
from kiosk.ui.staff.screen import staff_screen
from kiosk.ui.touch import TapGuard, screen_key
from kiosk.ui.wheel.view import WheelActions, WheelView
from kiosk.ui.widgets import BusyRing, WrappedLabel, filled, kiosk_button

log = logging.getLogger(__name__)

FRAME_S = 1 / 30


@dataclass(frozen=True)
class DevButton:
    """A dev-panel button: a message key (+ params) and what it does (off the UI thread)."""

    key: str
    action: Callable[[], object]
    params: dict[str, str] = field(default_factory=dict)


class KioskApp(App):
    def __init__(
        self,
        controller: Controller,
        *,
        store_names: dict[str, str],
        ui_commands: queue.SimpleQueue[UiCommand],
        dev_buttons: list[DevButton] | None = None,
        run_in_background: Callable[[Callable[[], object]], None] | None = None,
        on_frame: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self.title = "Member Points"
        self._controller = controller
        self._store_names = store_names
        self._ui_commands = ui_commands
        self._dev_buttons = dev_buttons or []
        self._background = run_in_background or (lambda fn: fn())
        self._on_frame = on_frame
        self._content: BoxLayout | None = None
        self._top_bar: BoxLayout | None = None
        self._dev_bar: BoxLayout | None = None
        self._rendered: tuple[object, ...] | None = None
        self._timed_visit: float | None = None
        self._screen_name = "idle"
        self._guard = TapGuard(time.monotonic)
        send = self._send
        self._actions = screens.MemberActions(
            done=lambda: send(DonePressed()),
            back=lambda: send(BackPressed()),
            check_in=lambda: send(CheckInPressed()),
            rewards=lambda: send(RewardsPressed()),
            choose=lambda code: send(RewardChosen(code)),
            confirm=lambda: send(ConfirmPressed()),
            pin_digit=lambda digit: send(PinDigit(digit)),
            pin_erase=lambda: send(PinErase()),
            pin_submit=lambda: send(PinSubmitted()),
            wheel=lambda: send(WheelPressed()),
        )
        self._staff_actions = StaffActions.posting(self._send)
        self._wheel = WheelView(
            WheelActions(
                spin=lambda: send(SpinPressed()),
                odds=lambda: send(OddsPressed()),
                back=lambda: send(BackPressed()),
                prize_landed=self._controller.celebrate,
            )
        )

    # --- Kivy lifecycle -------------------------------------------------------------------------

    def build(self) -> Widget:
        Window.clearcolor = theme.BACKGROUND
        root = BoxLayout(orientation="vertical")
        self._top_bar = BoxLayout(orientation="horizontal", size_hint=(1, None), height=44)
        self._content = BoxLayout()
        root.add_widget(self._top_bar)
        root.add_widget(self._content)
        if self._dev_buttons:
            self._dev_bar = filled(
                BoxLayout(size_hint=(1, None), height=DEV_PANEL_HEIGHT, spacing=4, padding=2),
                theme.PANEL,
            )
            root.add_widget(self._dev_bar)
        Window.bind(on_touch_down=self._on_any_touch, on_flip=self._first_frame)
        self._render()
        Clock.schedule_interval(self._tick, FRAME_S)
        # Clock.schedule_once may be called from any thread (it is how @mainthread works).
        self._controller.wakeup = lambda: Clock.schedule_once(self._tick, 0)
        return root

    # --- frame loop -----------------------------------------------------------------------------

    def _tick(self, _dt: float) -> None:
        try:
            self._controller.pump()
            self._render()
            self._run_ui_commands()
            if self._on_frame is not None:
                self._on_frame()
        except Exception:  # never let a rendering bug kill the kiosk: log, keep the last screen
            log.exception("frame update failed")

    def _first_frame(self, *_: Any) -> None:
        Window.unbind(on_flip=self._first_frame)
        # Start-up benchmarks wait for this line (bench/startup.py).
        log.info("%s", FIRST_FRAME_MESSAGE)

    def _run_ui_commands(self) -> None:
        while True:
            try:
                command, future = self._ui_commands.get_nowait()
            except queue.Empty:
                return
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(command())
            except Exception as exc:
                future.set_exception(exc)

    def _on_any_touch(self, *_: Any) -> bool:
        """Every touch keeps the visit alive; one just after a screen change presses nothing
        (returning True stops Kivy handing it on to the widgets)."""
        self._controller.dispatch(Touched())
        return not self._guard.allows()

    def on_screen(self) -> dict[str, Any]:
        """The screen's name and what is visible on it (``/dev/widgets``; UI thread)."""
        # taps_open: False in the quiet time after a screen change, when a tap presses nothing.
        return {
            "screen": self._screen_name,
            "taps_open": self._guard.allows(),
            "widgets": screen_widgets(),
        }

    # --- rendering ------------------------------------------------------------------------------

    def _render(self) -> None:
        state = self._controller.state
        offline = self._controller.api.reachable is False
        staff = self._controller.staff
        staff_state = staff.state if staff is not None and staff.active else None
        key = (state, staff_state, offline, tuple(self._store_names.items()))
        if key == self._rendered or self._content is None:
            return
        self._rendered = key
        self._screen_name = (
            staff_state.screen.name if staff_state is not None else state.screen.name
        )
        self._guard.shown(screen_key(state, staff_state))
        self._time_scan_to_screen()
        t = Translator(state.language)
        self._render_top_bar(t, offline)
        self._render_dev_bar(t)
        for child in list(self._content.children):
            if isinstance(child, BusyRing):
                child.stop()
        self._content.clear_widgets()
        if staff_state is not None:
            # Staff mode replaces the member screens entirely: no member data stays visible.
            widget = staff_screen(t, staff_state, self._staff_actions)
        else:
            widget = self._member_side(t, state, offline)
        self._content.add_widget(widget)

    def _member_side(self, t: Translator, state: SessionState, offline: bool) -> Widget:
        screen = state.screen
        actions = self._actions
        if isinstance(screen, Identifying):
            return screens.identifying_screen(t)
        if isinstance(screen, MemberScreen):
            return screens.member_screen(t, state, screen, actions)
        if isinstance(screen, RewardsScreen):
            return screens.rewards_screen(t, screen, actions)
        if isinstance(screen, ConfirmScreen):
            return screens.confirm_screen(t, state, screen, actions)
        if isinstance(screen, PinScreen):
            return screens.pin_screen(t, screen, actions)
        if isinstance(screen, VoucherScreen):
            return screens.voucher_screen(t, screen, actions)
        if isinstance(screen, WheelScreen):
            reachable = self._controller.api.reachable is not False
            return self._wheel.widget(t, state, screen, api_reachable=reachable)
        if isinstance(screen, OddsScreen) and screen.back_to.wheel is not None:
            return self._wheel.odds(t, screen.back_to.wheel)
        if isinstance(screen, ErrorScreen):
            return screens.error_screen(t, screen.problem, self._done)
        layer = FloatLayout()
        layer.add_widget(screens.idle_screen(t, offline=offline))
        # Long-press the corner (3 s) to open the staff keypad without a card.
        layer.add_widget(
            HiddenCorner(
                lambda: self._send(HiddenCornerHeld()),
                size_hint=(None, None),
                size=(90, 90),
                pos_hint={"right": 1, "top": 1},
            )
        )
        return layer

    def _time_scan_to_screen(self) -> None:
        """Once per visit opened by a camera scan: how long from frame to member screen drawn."""
        visit = self._controller.state.visit
        if visit is None or visit.seen_at is None or visit.seen_at == self._timed_visit:
            return
        self._timed_visit = visit.seen_at  # one visit, one frame: later redraws are not timed
        seen_at = visit.seen_at

        def drawn(*_: Any) -> None:
            Window.unbind(on_flip=drawn)
            self._controller.record_scan_to_screen(seen_at, time.monotonic())

        Window.bind(on_flip=drawn)

    def _render_top_bar(self, t: Translator, offline: bool) -> None:
        assert self._top_bar is not None
        bar = self._top_bar
        bar.clear_widgets()
        bar.padding = (16, 4)
        name = localised(self._store_names, t.lang) if self._store_names else t("app.title")
        bar.add_widget(
            WrappedLabel(text=name, font_size=theme.BODY, halign="left", color=theme.MUTED)
        )
        if offline:
            bar.add_widget(
                WrappedLabel(
                    text=t("status.offline"),
                    font_size=theme.SMALL,
                    color=theme.DANGER,
                    size_hint=(None, 1),
                    width=120,
                )
            )
        other = "en" if t.lang == "zh" else "zh"
        bar.add_widget(
            kiosk_button(
                t("lang.switch"),
                lambda: self._controller.dispatch(LanguageChosen(other)),
                action=f"language:{other}",
                size=(120, 36),
                font_size=theme.SMALL,
            )
        )

    def _render_dev_bar(self, t: Translator) -> None:
        if self._dev_bar is None:
            return
        self._dev_bar.clear_widgets()
        for button in self._dev_buttons:
            self._dev_bar.add_widget(
                kiosk_button(
                    t(button.key, **button.params),
                    lambda action=button.action: self._background(action),
                    action=f"dev:{button.key}:{button.params.get('label', '')}",
                    size_hint=(1, 1),
                    font_size=theme.SMALL,
                    background_color=(0.25, 0.3, 0.4, 1),
                )
            )

    def _done(self) -> None:
        self._send(DonePressed())

    def _send(self, event: Event | StaffEvent) -> None:
        """A button press: handled at once, and the screen redrawn in the same frame."""
        self._controller.dispatch(event)
        self._render()


def take_screenshot(path: Path) -> Future[Path]:
    """Capture the next frame as PNG at ``path`` (call on the UI thread).

    Kivy draws only when something changed, and after a buffer flip the back buffer is
    undefined (black on Mesa), so a plain ``Window.screenshot()`` of a still screen is black.
    We ask for a redraw and read the pixels in an ``on_flip`` handler, which Kivy calls after
    drawing and *before* its own flip.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    done: Future[Path] = Future()

    def capture(*_: Any) -> None:
        Window.unbind(on_flip=capture)
        try:
            # Window.screenshot appends a counter to the name it is given: move it into place.
            written = Window.screenshot(name=str(path))
            if not written:
                raise RuntimeError("the window could not be captured")
            Path(written).replace(path)
            done.set_result(path)
        except Exception as exc:
            done.set_exception(exc)

    Window.bind(on_flip=capture)
    Window.canvas.ask_update()
    return done
