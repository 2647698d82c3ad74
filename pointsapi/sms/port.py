"""The SMS port: one method. Senders raise :class:`SmsError` when a message did not go out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class SmsError(Exception):
    """The message was not accepted by the sender (network, credentials, provider refusal)."""


@dataclass(frozen=True)
class OneTimeCode:
    """A one-time code message: the provider's template fills in code and minutes itself."""

    code: str
    minutes: int
    text: str  # the whole message in the member's language (for senders without templates)


class SmsSender(Protocol):
    def send_code(self, phone: str, message: OneTimeCode) -> None:
        """Send ``message`` to ``phone`` (E.164); raise :class:`SmsError` on failure."""
