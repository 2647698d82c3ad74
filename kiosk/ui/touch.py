"""The tap guard: taps are ignored for a moment after the screen changes.

A double tap on Redeem must not land its second tap on whatever the next screen put under the
finger (the voucher screen's Done would end the visit before the member saw "take your
voucher"). So for ``quiet_s`` after a new screen appears, touches are swallowed.

No Kivy here: the clock is passed in, so tests step it instead of waiting.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from kiosk.core.session import SessionState
from kiosk.core.session.state import waiting_for
from kiosk.core.staff import Desk, StaffState

#: Long enough for the second tap of a double tap (typically 100-300 ms apart), short enough
#: that a member who reads fast is not held up.
QUIET_S = 0.4


class TapGuard:
    """Says whether a touch may reach the widgets: not within ``quiet_s`` of a screen change."""

    def __init__(self, clock: Callable[[], float], quiet_s: float = QUIET_S) -> None:
        self._clock = clock
        self._quiet_s = quiet_s
        self._screen: Hashable = None
        self._changed_at: float | None = None

    def shown(self, screen: Hashable) -> None:
        """The screen now on display (called on every redraw). Only a different screen from
        the last one starts the quiet time: a notice or a typed digit does not."""
        if screen != self._screen:
            self._screen = screen
            self._changed_at = self._clock()

    def allows(self) -> bool:
        """Whether a touch arriving now may press something."""
        if self._changed_at is None:
            return True
        return self._clock() - self._changed_at >= self._quiet_s


def screen_key(state: SessionState, staff: StaffState | None) -> Hashable:
    """What counts as a new screen for the guard: another screen, or the same one done
    waiting (the voucher screen's buttons appear when printing ends, under the finger that
    pressed Redeem). A typed digit or a notice is not a new screen."""
    if staff is not None:
        screen = staff.screen
        return ("staff", screen.name, screen.tab if isinstance(screen, Desk) else None)
    return (state.screen.name, waiting_for(state.screen) is not None)
