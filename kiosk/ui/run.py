"""Open the window and run the frame loop until the app stops."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from kiosk.app import Kiosk
from kiosk.sdnotify import Notifier
from kiosk.ui import DEV_PANEL_HEIGHT

if TYPE_CHECKING:
    from kiosk.ui.app import DevButton

log = logging.getLogger(__name__)


def run_ui(kiosk: Kiosk) -> None:
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
    from kiosk.ui.app import KioskApp  # imports Kivy: after prepare_kivy

    notifier = Notifier()
    app = KioskApp(
        kiosk.controller,
        store_names=kiosk.store_names,
        ui_commands=kiosk.ui_commands,
        dev_buttons=_dev_buttons(kiosk),
        run_in_background=lambda fn: _background(kiosk, fn),
        on_frame=notifier.watchdog,
    )
    notifier.ready()
    app.run()


def _background(kiosk: Kiosk, fn: Callable[[], object]) -> None:
    def guarded() -> None:
        try:
            fn()
        except Exception:  # a dev action failing (API down...) is logged, not fatal
            log.exception("dev action failed")

    kiosk.workers.submit(guarded)


def _dev_buttons(kiosk: Kiosk) -> list[DevButton]:
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
