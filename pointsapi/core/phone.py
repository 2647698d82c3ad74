"""Mobile numbers in E.164 (``+8613812345678``): the one form stored, compared and sent.

A bare 11-digit number starting with 1 is a mainland China mobile number (the programme's home
market); anything else must carry its country code (``+`` or ``00``).
"""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s\-().]")
_CN_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_E164 = re.compile(r"^\+[1-9]\d{7,14}$")


def normalise_phone(text: str) -> str | None:
    """The E.164 form of a number typed by a person, or None when it is not a mobile number."""
    raw = _SEPARATORS.sub("", text.strip())
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    if _CN_MOBILE.match(raw):
        return "+86" + raw
    if not _E164.match(raw):
        return None
    if raw.startswith("+86") and not _CN_MOBILE.match(raw[3:]):
        return None
    return raw
