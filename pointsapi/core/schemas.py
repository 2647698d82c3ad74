"""Request and response bodies (the OpenAPI document is generated from these)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

_CONTROL = frozenset(chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])


def _plain_text(value: str) -> str:
    """Refuse NUL and other control characters, and lone surrogates: no database stores them,
    and nothing a person types or a scanner reads contains them."""
    if any(c in _CONTROL for c in value):
        raise ValueError("control characters are not allowed")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("not valid Unicode text") from exc
    return value


# Opaque identifiers in requests (path parameters and body fields).
Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,32}$")]


ScanPayload = Annotated[
    str, StringConstraints(min_length=1, max_length=512), AfterValidator(_plain_text)
]


SignedCode = Annotated[
    str, StringConstraints(min_length=1, max_length=2048), AfterValidator(_plain_text)
]


class Strict(BaseModel):
    # Unknown fields are refused: a typo in a client must not be silently ignored.
    model_config = ConfigDict(extra="forbid")


class LocalizedName(BaseModel):
    en: str
    zh: str


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    version: str
    database: Literal["ok", "unavailable"]


class Problem(BaseModel):
    """``application/problem+json``; ``code`` is stable, clients switch on it."""

    type: str
    title: str
    status: int
    detail: str
    code: str


Text200 = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200, strip_whitespace=True),
    AfterValidator(_plain_text),
]


# Names kept in 100-character columns (tills, kiosks, promotions, tiers, staff): a longer name
# is a 422 here, never a database error (tests/pointsapi/core/test_schema_bounds.py keeps every
# request field within its column).
Name100 = Annotated[
    str,
    StringConstraints(min_length=1, max_length=100, strip_whitespace=True),
    AfterValidator(_plain_text),
]


Code40 = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]


# Codes kept in 32-character columns (store codes, tier codes).
Code32 = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,31}$")]


# Every point amount a request or a rule can hold, and every ledger entry: the ledger's columns
# are 32-bit, and sums of a member's entries stay far from 64 bits.
MAX_POINTS = 10**9


# Tier and promotion earn multipliers in percent: at most x10 each, so a purchase of the largest
# allowed amount at the highest rate under both still earns a bounded number of points.
MAX_MULTIPLIER_PCT = 1000


# Amounts are bounded so no arithmetic can overflow a 64-bit column.
# Request numbers are strict: "12", 12.0 or true are wrong types, not 12 or 1.
MinorAmount = Annotated[int, Field(ge=0, le=10**12, strict=True)]


PointsAmount = Annotated[int, Field(ge=1, le=MAX_POINTS, strict=True)]


class EmptyBody(Strict):
    pass


ShortText = Annotated[str, StringConstraints(max_length=200), AfterValidator(_plain_text)]


Word = Annotated[str, StringConstraints(max_length=40), AfterValidator(_plain_text)]


Note = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200, strip_whitespace=True),
    AfterValidator(_plain_text),
]


def _utc(value: datetime) -> datetime:
    """Any offset the database and arithmetic can hold (a year-9999 time with a negative offset
    is past the end of the calendar in UTC)."""
    try:
        return value.astimezone(UTC)
    except OverflowError as exc:
        raise ValueError("time out of range") from exc


def _iso_text(value: object) -> object:
    """Times and days arrive as ISO 8601 text: Pydantic's lax mode would also read a number as
    Unix seconds (``0`` or ``false`` as 1970-01-01), which no client means."""
    if isinstance(value, str | date):
        return value
    raise ValueError("expected an ISO 8601 date or time as text")


Instant = Annotated[AwareDatetime, BeforeValidator(_iso_text), AfterValidator(_utc)]


# A time in a request that may lack an offset (the route names that refusal itself).
IsoDatetime = Annotated[datetime, BeforeValidator(_iso_text)]


# A calendar day in a request (``2026-03-10``), never a number.
Day = Annotated[date, BeforeValidator(_iso_text)]


Millimetres = Annotated[float, Field(ge=0, le=10**6, allow_inf_nan=False, strict=True)]


GiftCode = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]


class NoDetails(Strict):
    pass
