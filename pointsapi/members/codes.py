"""The rotating member code ``M1:<member_no>:<otp>`` and card-number normalisation.

``otp`` is 8 digits of HOTP (RFC 4226 dynamic truncation) over HMAC-SHA256 of the member's
secret and the 30-second time step (``floor(unix_time / 30)``).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import UTC, datetime

STEP_SECONDS = 30
DIGITS = 8
# Steps either side of "now" that are still accepted (clock drift, slow scans).
ACCEPT_WINDOW = 1
# How far back an old code is recognised as "expired" rather than "invalid".
EXPIRED_LOOKBACK_STEPS = 120

_MEMBER_CODE = re.compile(r"^M1:(?P<member_no>\d{4,20}):(?P<otp>\d{8})$")
_EM4100 = re.compile(r"^\d{10}$")
_MIFARE_HEX = re.compile(r"^(?:[0-9A-Fa-f]{8}|[0-9A-Fa-f]{14})$")
_DECIMAL_UID = re.compile(r"^\d{8,20}$")
_TRACK2 = re.compile(r"^;(?P<pan>\d{6,19})=[0-9=]*\?$")
_PRINTED = re.compile(r"^MC(?P<digits>\d{6,20})$")


def step_at(instant: datetime) -> int:
    return int(instant.astimezone(UTC).timestamp()) // STEP_SECONDS


def step_start(step: int) -> datetime:
    return datetime.fromtimestamp(step * STEP_SECONDS, UTC)


def hotp(secret: bytes, counter: int) -> str:
    mac = hmac.new(secret, counter.to_bytes(8, "big"), hashlib.sha256).digest()
    offset = mac[-1] & 0x0F
    value = int.from_bytes(mac[offset : offset + 4], "big") & 0x7FFFFFFF
    return str(value % 10**DIGITS).zfill(DIGITS)


def member_code(member_no: str, secret: bytes, instant: datetime) -> str:
    return f"M1:{member_no}:{hotp(secret, step_at(instant))}"


@dataclass(frozen=True)
class ParsedCode:
    member_no: str
    otp: str


def parse_member_code(payload: str) -> ParsedCode | None:
    match = _MEMBER_CODE.match(payload)
    if match is None:
        return None
    return ParsedCode(member_no=match["member_no"], otp=match["otp"])


class CodeCheck:
    """Outcome of checking an OTP: ``step`` when valid, else ``expired`` or invalid."""

    def __init__(self, step: int | None, expired: bool) -> None:
        self.step = step
        self.expired = expired


def check_otp(secret: bytes, otp: str, instant: datetime) -> CodeCheck:
    now_step = step_at(instant)
    for step in range(now_step - ACCEPT_WINDOW, now_step + ACCEPT_WINDOW + 1):
        if hmac.compare_digest(hotp(secret, step), otp):
            return CodeCheck(step, expired=False)
    for step in range(now_step - EXPIRED_LOOKBACK_STEPS, now_step - ACCEPT_WINDOW):
        if hmac.compare_digest(hotp(secret, step), otp):
            return CodeCheck(None, expired=True)
    return CodeCheck(None, expired=False)


def normalise_card(payload: str) -> str | None:
    """The card number a member card payload stands for, or None if it is not a card."""
    text = payload.strip()
    if (m := _TRACK2.match(text)) is not None:
        return m["pan"]
    if (m := _PRINTED.match(text)) is not None:
        return m["digits"]
    if _EM4100.match(text) or _DECIMAL_UID.match(text):
        return text
    if _MIFARE_HEX.match(text):
        return text.upper()
    return None
