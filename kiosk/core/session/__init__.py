"""The kiosk session as a pure state machine.

    idle -> identifying -> member <-> rewards -> confirm -> voucher -> member ... -> idle

``Session.handle(event, now)`` changes the state and returns the effects the app must carry out
(call the API, print, beep, pause the camera). Time is an argument, so timeouts are tested
without sleeping; nothing here touches Kivy, hardware or the network. Every request carries an
id, and an answer whose id is not the one the screen waits for is dropped: a member who left
before the answer came never sees it land on the next member's screen.
"""

from kiosk.core.session.machine import Session
from kiosk.core.session.state import (
    PIN_LENGTHS,
    ConfirmScreen,
    ErrorScreen,
    Identifying,
    Idle,
    MemberScreen,
    Notice,
    OddsScreen,
    PinScreen,
    Printer,
    RewardsScreen,
    Screen,
    SessionState,
    Timeouts,
    Visit,
    VoucherScreen,
    WheelScreen,
)

__all__ = [
    "PIN_LENGTHS",
    "ConfirmScreen",
    "ErrorScreen",
    "Identifying",
    "Idle",
    "MemberScreen",
    "Notice",
    "OddsScreen",
    "PinScreen",
    "Printer",
    "RewardsScreen",
    "Screen",
    "Session",
    "SessionState",
    "Timeouts",
    "Visit",
    "VoucherScreen",
    "WheelScreen",
]
