"""What a scanned code or a swiped card can be, decided by its shape alone.

Every camera decode and every card-reader line goes through :func:`classify`. It never raises:
any input, including random bytes, gives one of the payload records below, and input that fits no
format gives :class:`Unknown` with a stable ``reason`` word and *none* of the input (a stray code
may be someone's personal data, and ``Unknown`` ends up in logs).

The formats are the contract in ``docs/api.md`` ("Payload formats the kiosk scans"). The kiosk only
sorts payloads by shape; the API decides who a code or card belongs to and whether it is valid.

Standard library only (this is the pure core).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import ClassVar, Final, Literal

#: Longer than any format we accept (a voucher is about 150 characters); anything longer is
#: rejected before the regular expressions see it, so a hostile code cannot cost CPU.
MAX_LENGTH: Final = 512

CardKind = Literal["decimal", "hex", "track2", "printed"]

# Rotating member code: M1:<member_no>:<8-digit HOTP>.
_MEMBER_CODE: Final = re.compile(r"M1:([0-9]{4,20}):([0-9]{8})")
# Staff card barcode: S1:<staff_no>.
_STAFF_CODE: Final = re.compile(r"S1:([0-9A-Za-z]{1,32})")
# Signed receipt / voucher: <prefix>.<base64url payload>.<base64url signature>, unpadded.
_SIGNED: Final = re.compile(r"([RV])1\.([A-Za-z0-9_-]{2,1024})\.([A-Za-z0-9_-]{2,1024})")
# EM4100 (10 digits) and MIFARE UIDs read out in decimal (4-byte: up to 10, 7-byte: up to 17).
_DECIMAL_CARD: Final = re.compile(r"[0-9]{8,20}")
# MIFARE UID in hex: 4 bytes (8 hex digits) or 7 bytes (14 hex digits).
_HEX_CARD: Final = re.compile(r"[0-9A-Fa-f]{8}|[0-9A-Fa-f]{14}")
# Magstripe track 2 as a keyboard-wedge reader types it: ;<PAN>=<expiry, service code, data>?
# (ISO/IEC 7813; readers are set not to send the LRC character after the end sentinel).
_TRACK2: Final = re.compile(r";([0-9]{6,19})=[0-9=]*\?")
# A member number printed as a barcode on a card or a letter: MC<digits>.
_PRINTED_CARD: Final = re.compile(r"MC([0-9]{6,20})")


@dataclass(frozen=True, slots=True)
class MemberCode:
    """A rotating member code from the member's phone: identifies *and* lets the member spend."""

    kind: ClassVar[str] = "member_code"
    member_no: str
    otp: str = field(repr=False)
    raw: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class MemberCard:
    """A static member card number: identifies a member; spending needs a rotating code or PIN.

    ``number`` is normalised: hex upper-cased, track 2 reduced to its account number, ``MC``
    prefix removed. ``card_kind`` says which format it came in (for diagnostics, not for trust).
    """

    kind: ClassVar[str] = "member_card"
    number: str = field(repr=False)
    raw: str = field(repr=False)
    card_kind: CardKind = "decimal"


@dataclass(frozen=True, slots=True)
class StaffCard:
    kind: ClassVar[str] = "staff_card"
    staff_no: str
    raw: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class Receipt:
    """A signed receipt QR (``R1.<payload>.<signature>``); the API verifies the signature."""

    kind: ClassVar[str] = "receipt"
    raw: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class VoucherCode:
    """A signed voucher (``V1.<payload>.<signature>``); the API verifies the signature."""

    kind: ClassVar[str] = "voucher"
    raw: str = field(repr=False)


UnknownReason = Literal[
    "empty",
    "too_long",
    "not_text",
    "control_characters",
    "bad_member_code",
    "bad_staff_code",
    "bad_receipt",
    "bad_voucher",
    "unrecognised",
]


@dataclass(frozen=True, slots=True)
class Unknown:
    """Not a code we know. Holds only why, never the content."""

    kind: ClassVar[str] = "unknown"
    reason: UnknownReason


Payload = MemberCode | MemberCard | StaffCard | Receipt | VoucherCode | Unknown


def classify(raw: bytes | str) -> Payload:
    """Sort one scanned or swiped payload by its shape. Never raises."""
    text = _as_text(raw)
    if isinstance(text, Unknown):
        return text
    # Card readers end a line with Enter and some scanners add a tab or spaces: not part of it.
    text = text.strip(" \t\r\n")
    if not text:
        return Unknown("empty")
    if len(text) > MAX_LENGTH:
        return Unknown("too_long")
    if not text.isprintable() or not text.isascii():
        # Every format is printable ASCII; anything else (Shift_JIS misreads, NULs, escape
        # sequences) is rejected here so that no later step has to think about it.
        return Unknown("control_characters")
    return _classify_text(text)


def _as_text(raw: bytes | str) -> str | Unknown:
    if isinstance(raw, str):
        return raw
    if isinstance(raw, bytes | bytearray | memoryview):
        if len(raw) > MAX_LENGTH * 4:
            return Unknown("too_long")
        try:
            return bytes(raw).decode("ascii")
        except UnicodeDecodeError:
            return Unknown("control_characters")
    return Unknown("not_text")  # defensive: a caller outside the type checker's sight


def _classify_text(text: str) -> Payload:
    prefix = text[:3].upper()
    if prefix == "M1:":
        return _member_code(text)
    if prefix == "S1:":
        match = _STAFF_CODE.fullmatch(text)
        return StaffCard(staff_no=match.group(1), raw=text) if match else Unknown("bad_staff_code")
    if prefix in ("R1.", "V1."):
        return _signed(text)
    return _card(text)


def _member_code(text: str) -> Payload:
    match = _MEMBER_CODE.fullmatch(text)
    if match is None:
        return Unknown("bad_member_code")
    return MemberCode(member_no=match.group(1), otp=match.group(2), raw=text)


def _signed(text: str) -> Payload:
    match = _SIGNED.fullmatch(text)
    bad: UnknownReason = "bad_receipt" if text[0] in "Rr" else "bad_voucher"
    if match is None or match.group(1) != text[0]:
        return Unknown(bad)
    # Base64 without padding never has a length of 1 modulo 4: such a part was cut short.
    if any(len(part) % 4 == 1 for part in (match.group(2), match.group(3))):
        return Unknown(bad)
    return Receipt(raw=text) if match.group(1) == "R" else VoucherCode(raw=text)


def _card(text: str) -> Payload:
    if _DECIMAL_CARD.fullmatch(text):
        # Leading zeros matter (EM4100 readers zero-pad to 10 digits): keep the digits as typed.
        return MemberCard(number=text, raw=text, card_kind="decimal")
    if _HEX_CARD.fullmatch(text):
        return MemberCard(number=text.upper(), raw=text, card_kind="hex")
    match = _TRACK2.fullmatch(text)
    if match:
        return MemberCard(number=match.group(1), raw=text, card_kind="track2")
    match = _PRINTED_CARD.fullmatch(text)
    if match:
        return MemberCard(number=match.group(1), raw=text, card_kind="printed")
    return Unknown("unrecognised")
