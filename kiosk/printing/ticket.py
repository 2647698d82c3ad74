"""What gets printed: one record for vouchers, gift-claim tickets and check-in slips.

The fields come from the points API's answer to a redeem / spin / check-in; the kiosk adds its
own id and the time. Everything is plain data (JSON round-trip) because the journal stores the
ticket itself, so a reprint can be laid out again for whatever printer is fitted by then.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class TicketKind(StrEnum):
    VOUCHER = "voucher"  # points (or points + cash) exchanged for a voucher the till redeems
    GIFT = "gift"  # a lottery prize to collect at the counter
    CHECKIN = "checkin"  # a daily check-in slip (optional, off by default)


@dataclass(frozen=True, slots=True)
class LocalText:
    """A server-provided text in both languages (``{"en": ..., "zh": ...}`` in the API)."""

    en: str
    zh: str = ""

    def get(self, lang: str) -> str:
        return (self.zh or self.en) if lang == "zh" else (self.en or self.zh)


@dataclass(frozen=True, slots=True)
class Money:
    """Integer minor units (fen, cents) and an ISO 4217 currency code."""

    minor: int
    currency: str

    def __post_init__(self) -> None:
        if self.minor < 0:
            raise ValueError("money cannot be negative")
        if len(self.currency) != 3 or not self.currency.isalpha():
            raise ValueError(f"not a currency code: {self.currency!r}")


@dataclass(frozen=True, slots=True)
class VoucherTicket:
    kind: TicketKind
    #: The signed code the till scans (``V1.<b64url payload>.<b64url signature>``); ASCII.
    #: Empty for a check-in slip, which carries no code.
    code: str
    #: "Voucher" line: the voucher's value or the gift's name, in both languages.
    name: LocalText
    member_no_masked: str
    kiosk_id: str
    issued_at: dt.datetime
    language: str = "en"
    points_spent: int = 0
    cash: Money | None = None  # cash to pay at the till for points + cash deals
    expires_on: dt.date | None = None
    terms: LocalText | None = None
    #: Lottery tickets: the draw and the hash of its seed, so a win can be audited.
    draw_id: str | None = None
    seed_hash: str | None = None
    #: Check-in slips: points earned and the streak, shown instead of "points spent".
    points_earned: int = 0
    extra: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind is not TicketKind.CHECKIN and not self.code:
            raise ValueError(f"a {self.kind.value} ticket needs a code")
        if not self.code.isascii() or any(c.isspace() for c in self.code):
            raise ValueError("the ticket code must be printable ASCII without spaces")
        if self.points_spent < 0 or self.points_earned < 0:
            raise ValueError("points cannot be negative")
        if self.issued_at.tzinfo is None:
            raise ValueError("issued_at must carry a timezone")
        if self.language not in ("en", "zh"):
            raise ValueError(f"unsupported ticket language {self.language!r}")

    @property
    def job_key(self) -> str:
        """What makes this ticket unique in the journal: the same ticket is journaled once."""
        if self.code:
            return f"{self.kind.value}:{self.code}"
        return f"{self.kind.value}:{self.kiosk_id}:{self.issued_at.isoformat()}"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"] = self.kind.value
        data["issued_at"] = self.issued_at.isoformat()
        data["expires_on"] = self.expires_on.isoformat() if self.expires_on else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> VoucherTicket:
        def text(value: Any) -> LocalText | None:
            return LocalText(**value) if value else None

        name = text(data["name"])
        if name is None:
            raise ValueError("a ticket needs a name")
        return cls(
            kind=TicketKind(data["kind"]),
            code=data["code"],
            name=name,
            member_no_masked=data["member_no_masked"],
            kiosk_id=data["kiosk_id"],
            issued_at=dt.datetime.fromisoformat(data["issued_at"]),
            language=data.get("language", "en"),
            points_spent=int(data.get("points_spent", 0)),
            cash=Money(**data["cash"]) if data.get("cash") else None,
            expires_on=dt.date.fromisoformat(data["expires_on"])
            if data.get("expires_on")
            else None,
            terms=text(data.get("terms")),
            draw_id=data.get("draw_id"),
            seed_hash=data.get("seed_hash"),
            points_earned=int(data.get("points_earned", 0)),
            extra=dict(data.get("extra") or {}),
        )
