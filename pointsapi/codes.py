"""The member code and card formats the kiosk shares with the API (kept for the kiosk's contract
tests, which import ``pointsapi.codes``); the code lives in :mod:`pointsapi.members.codes`."""

from __future__ import annotations

from pointsapi.members.codes import member_code, normalise_card, parse_member_code

__all__ = ["member_code", "normalise_card", "parse_member_code"]
