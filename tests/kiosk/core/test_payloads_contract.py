"""Contract: the kiosk sorts payloads by shape the way the API parses them.

The kiosk never imports ``pointsapi``; this test does, to keep the two in step (docs/api.md,
"Payload formats the kiosk scans"). What the kiosk calls a member code or card, the API must
parse as one, with the same member number / normalised card number, and the other way round.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kiosk.core.payloads import MemberCard, MemberCode, classify

codes = pytest.importorskip("pointsapi.members.codes")

SHAPES = (
    r"\AM1:[0-9]{0,22}:[0-9]{6,9}\Z",
    r"\A[0-9]{6,22}\Z",
    r"\A[0-9A-Fa-f]{6,16}\Z",
    r"\A;[0-9]{3,21}(=[0-9=]{0,20})?\?\Z",
    r"\A[Mm][Cc][0-9]{3,22}\Z",
)


@settings(max_examples=500, deadline=None)
@given(st.one_of([st.from_regex(shape) for shape in SHAPES]) | st.text(max_size=40))
@example("M1:100001:48213377")
@example("0004123456")
@example("04a1b2c3")
@example(";6012345678901234=2512101?")
@example("MC0004123456")
def test_kiosk_and_api_agree(text: str) -> None:
    text = text.strip()
    kiosk = classify(text)
    api_code = codes.parse_member_code(text)
    api_card = codes.normalise_card(text)
    if isinstance(kiosk, MemberCode):
        assert api_code is not None
        assert (api_code.member_no, api_code.otp) == (kiosk.member_no, kiosk.otp)
    elif isinstance(kiosk, MemberCard):
        assert api_card == kiosk.number
    elif text.isascii() and text.isprintable():
        assert api_code is None
        assert api_card is None
