"""Rotating codes, card normalisation and masking (pure functions)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pointsapi.core.masking import mask_member_no, mask_name
from pointsapi.members import codes

# RFC 6238 appendix B, SHA-256, 8 digits: T=59 s -> step 1 -> 46119246.
RFC6238_SECRET = b"12345678901234567890123456789012"


@pytest.mark.parametrize(
    ("unix", "otp"),
    [
        (59, "46119246"),
        (1111111109, "68084774"),
        (1234567890, "91819424"),
        (2000000000, "90698825"),
    ],
)
def test_hotp_sha256_matches_rfc6238_vectors(unix: int, otp: str) -> None:
    instant = datetime.fromtimestamp(unix, UTC)
    assert codes.hotp(RFC6238_SECRET, codes.step_at(instant)) == otp


def test_window_and_expiry() -> None:
    now = datetime(2026, 3, 10, 4, 0, 0, tzinfo=UTC)
    secret = b"s" * 32
    otp = codes.hotp(secret, codes.step_at(now))
    assert codes.check_otp(secret, otp, now).step == codes.step_at(now)
    assert codes.check_otp(secret, otp, now + timedelta(seconds=30)).step == codes.step_at(now)
    assert codes.check_otp(secret, otp, now - timedelta(seconds=30)).step == codes.step_at(now)
    late = codes.check_otp(secret, otp, now + timedelta(seconds=90))
    assert late.step is None and late.expired
    bogus = codes.check_otp(secret, "00000000" if otp != "00000000" else "11111111", now)
    assert bogus.step is None and not bogus.expired


def test_parse_member_code() -> None:
    parsed = codes.parse_member_code("M1:100001:48213377")
    assert parsed == codes.ParsedCode("100001", "48213377")
    for bad in (
        "M1:100001:4821337",
        "M2:100001:48213377",
        "M1:abc:48213377",
        "M1:100001:48213377 ",
    ):
        assert codes.parse_member_code(bad) is None


@pytest.mark.parametrize(
    ("payload", "card"),
    [
        ("0004123456", "0004123456"),
        (" 0004123456\n", "0004123456"),
        (";6012345678=2512?", "6012345678"),
        ("MC0004123456", "0004123456"),
        ("04a1b2c3d4e5f6", "04A1B2C3D4E5F6"),
        ("deadbeef", "DEADBEEF"),
        ("S1:9001", None),
        ("R1.abc.def", None),
        ("12345", None),
        ("", None),
    ],
)
def test_normalise_card(payload: str, card: str | None) -> None:
    assert codes.normalise_card(payload) == card


@pytest.mark.parametrize(
    ("name", "masked"),
    [("Lei Wang", "L** W."), ("王小明", "王**"), ("李红", "李**"), ("anna", "A**"), ("  ", "***")],
)
def test_mask_name(name: str, masked: str) -> None:
    assert mask_name(name) == masked


def test_mask_member_no() -> None:
    assert mask_member_no("100001") == "1****1"
    assert mask_member_no("12") == "**"
