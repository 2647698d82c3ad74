"""The payload classifier: every format in docs/api.md, its near misses, and a fuzzer."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.payloads import (
    MAX_LENGTH,
    MemberCard,
    MemberCode,
    Payload,
    Receipt,
    StaffCard,
    Unknown,
    VoucherCode,
    classify,
)

B64 = "eyJyIjoiMTIzIn0"
SIG = "c2lnbmF0dXJlLWJ5dGVzLWhlcmUtNjQ"
TRACK2 = ";6012345678901234=2512101?"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("M1:100001:48213377", MemberCode("100001", "48213377", "M1:100001:48213377")),
        (b"M1:100001:48213377\r\n", MemberCode("100001", "48213377", "M1:100001:48213377")),
        ("S1:9001", StaffCard("9001", "S1:9001")),
        ("0004123456", MemberCard("0004123456", "0004123456", "decimal")),
        ("3847129034", MemberCard("3847129034", "3847129034", "decimal")),
        ("04a1b2c3", MemberCard("04A1B2C3", "04a1b2c3", "hex")),
        ("04A1B2C3D4E5F6", MemberCard("04A1B2C3D4E5F6", "04A1B2C3D4E5F6", "hex")),
        ("12345678901234567", MemberCard("12345678901234567", "12345678901234567", "decimal")),
        (TRACK2, MemberCard("6012345678901234", TRACK2, "track2")),
        (";100001=?", MemberCard("100001", ";100001=?", "track2")),
        ("MC0004123456", MemberCard("0004123456", "MC0004123456", "printed")),
        ("  MC100001\n", MemberCard("100001", "MC100001", "printed")),
        ("mc100001", Unknown("unrecognised")),  # printed barcodes are upper case
        (";100001?", Unknown("unrecognised")),  # track 2 always has the field separator
        (";12345=1?", Unknown("unrecognised")),  # an account number has at least 6 digits
        (f"R1.{B64}.{SIG}", Receipt(f"R1.{B64}.{SIG}")),
        (f"V1.{B64}.{SIG}", VoucherCode(f"V1.{B64}.{SIG}")),
    ],
)
def test_known_formats(raw: bytes | str, expected: Payload) -> None:
    assert classify(raw) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "empty"),
        (b"  \r\n", "empty"),
        ("M1:100001:4821337", "bad_member_code"),  # 7-digit OTP
        ("M1:100001:482133771", "bad_member_code"),
        ("M1::48213377", "bad_member_code"),
        ("M1:10a001:48213377", "bad_member_code"),
        ("M1:100:48213377", "bad_member_code"),  # member numbers have at least 4 digits
        ("S1:", "bad_staff_code"),
        ("S1:90 01", "bad_staff_code"),
        (f"R1.{B64}", "bad_receipt"),
        (f"R1.{B64}.{SIG}=", "bad_receipt"),
        (f"R1.{B64}.{SIG}AA", "bad_receipt"),  # length 1 mod 4: truncated base64
        (f"V1.{B64}.x", "bad_voucher"),
        ("1234567", "unrecognised"),  # too short for any card
        ("04A1B2C3D4", "unrecognised"),  # 10 hex digits is no UID length
        ("https://example.com/", "unrecognised"),
        ("Code 128", "unrecognised"),
        ("M1:100001:48213377\x00", "control_characters"),
        ("会员码", "control_characters"),
        (b"\x82\xa0\x82\xa2", "control_characters"),  # Shift_JIS: never guessed at
        ("A" * (MAX_LENGTH + 1), "too_long"),
        (b"A" * (MAX_LENGTH * 5), "too_long"),
    ],
)
def test_rejections_say_why(raw: bytes | str, reason: str) -> None:
    assert classify(raw) == Unknown(reason)  # type: ignore[arg-type]


def test_repr_keeps_secrets_out_of_logs() -> None:
    code = classify("M1:100001:48213377")
    card = classify(";6012345678901234=2512101?")
    assert "48213377" not in repr(code)
    assert "6012345678901234" not in repr(card)
    assert repr(classify("https://example.com/")) == "Unknown(reason='unrecognised')"


def test_unknown_keeps_no_content() -> None:
    result = classify("Jane Doe, 13800138000")
    assert isinstance(result, Unknown)
    assert [f for f in result.__slots__] == ["reason"]


def test_kinds_are_stable_words() -> None:
    kinds = {classify(raw).kind for raw in ("M1:1001:12345678", "S1:1", "0004123456", "x")}
    assert kinds == {"member_code", "staff_card", "member_card", "unknown"}


@settings(max_examples=600, deadline=None)
@given(st.binary(max_size=2 * MAX_LENGTH))
def test_any_bytes_classify_without_raising(raw: bytes) -> None:
    result = classify(raw)
    assert isinstance(result, MemberCode | MemberCard | StaffCard | Receipt | VoucherCode | Unknown)


@settings(max_examples=600, deadline=None)
@given(st.text(max_size=MAX_LENGTH + 20))
def test_any_text_classify_without_raising(raw: str) -> None:
    result = classify(raw)
    if not isinstance(result, Unknown):
        # Whatever is accepted is printable ASCII with no surrounding whitespace.
        assert result.raw.isascii()
        assert result.raw.isprintable()
        assert result.raw == result.raw.strip()


@settings(max_examples=300, deadline=None)
@given(
    st.from_regex(r"\A(M1:[0-9]{4,8}:[0-9]{8}|S1:[0-9]{1,6}|[0-9]{10}|MC[0-9]{6})\Z"),
    st.sampled_from(["", "\r\n", "\n", " "]),
)
def test_generated_valid_codes_are_recognised(code: str, suffix: str) -> None:
    result = classify((code + suffix).encode("ascii"))
    assert not isinstance(result, Unknown)
    assert result.raw == code


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"\A(M1|S1|R1|V1)[:.][ -~]{0,40}\Z"))
def test_prefixed_near_misses_never_raise(text: str) -> None:
    classify(text)
