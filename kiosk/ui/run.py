"""Open the window and run the frame loop until the app stops."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Executor
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from kiosk.config import KioskConfig
from kiosk.runtime.controller import Controller
from kiosk.runtime.sdnotify import Notifier
from kiosk.runtime.ui_bridge import UiBridge
from kiosk.ui import DEV_PANEL_HEIGHT

if TYPE_CHECKING:
    from kiosk.ui.app import DevButton

log = logging.getLogger(__name__)


class DevPanel(Protocol):
    """The dev controls the panel's buttons press (``kiosk.dev.controls.DevControls``)."""

    def scan_member(self, index: int) -> object: ...
    def swipe_card(self, line: str) -> object: ...
    def show_code(self, text: str) -> object: ...
    def clear_camera(self) -> object: ...


class UiHost(Protocol):
    """What the window needs of the running kiosk (``kiosk.app.Kiosk`` is one)."""

    @property
    def config(self) -> KioskConfig: ...
    @property
    def state_dir(self) -> Path: ...
    @property
    def controller(self) -> Controller: ...
    @property
    def store_names(self) -> dict[str, str]: ...
    @property
    def ui_bridge(self) -> UiBridge: ...
    @property
    def workers(self) -> Executor: ...
    @property
    def dev(self) -> DevPanel | None: ...


def run_ui(kiosk: UiHost) -> None:
    from kiosk.ui.bootstrap import prepare_kivy, register_font

    display = kiosk.config.display
    prepare_kivy(
        kivy_home=kiosk.state_dir / "kivy",
        width=display.width,
        # The dev panel goes below the kiosk's own area, which keeps the real screen's size.
        height=display.height + (DEV_PANEL_HEIGHT if kiosk.dev is not None else 0),
        fullscreen=display.fullscreen,
        cursor=display.show_cursor,
    )
    register_font()
    from kivy.app import App  # imports Kivy: after prepare_kivy

    from kiosk.ui.app import KioskApp, take_screenshot

    notifier = Notifier()
    bridge = kiosk.ui_bridge
    app = KioskApp(
        kiosk.controller,
        store_names=kiosk.store_names,
        ui_commands=bridge.commands,
        dev_buttons=_dev_buttons(kiosk),
        run_in_background=lambda fn: _background(kiosk.workers, fn),
        on_frame=notifier.watchdog,
    )
    bridge.stop_app = lambda: App.get_running_app().stop()
    bridge.screenshot = take_screenshot
    if kiosk.dev is not None:
        from kiosk.ui import tapping

        # Simulated mode: tests see what is on screen and tap it at its coordinates.
        bridge.inspect = app.on_screen
        bridge.tapper = tapping.install().tap
    notifier.ready()
    try:
        app.run()
    finally:
        bridge.stop_app = None
        bridge.screenshot = None
        bridge.inspect = None
        bridge.tapper = None


def _background(workers: Executor, fn: Callable[[], object]) -> None:
    def guarded() -> None:
        try:
            fn()
        except Exception:  # a dev action failing (API down...) is logged, not fatal
            log.exception("dev action failed")

    workers.submit(guarded)


def _dev_buttons(kiosk: UiHost) -> list[DevButton]:
    from kiosk.ui.app import DevButton

    dev = kiosk.dev
    if dev is None:
        return []
    buttons: list[DevButton] = []
    for index, member in enumerate(kiosk.config.dev.members):
        label = {"label": member.label}
        if member.member_token is not None:
            buttons.append(DevButton("dev.scan_member", partial(dev.scan_member, index), label))
        if member.card_number:
            swipe = partial(dev.swipe_card, member.card_number)
            buttons.append(DevButton("dev.scan_card", swipe, label))
    buttons.append(DevButton("dev.scan_unknown", lambda: dev.show_code("HELLO-KIOSK")))
    buttons.append(DevButton("dev.clear", dev.clear_camera))
    return buttons
