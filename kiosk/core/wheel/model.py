"""What the kiosk knows about the wheel and a spin, as the API told it (``docs/lottery.md``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Final

PPM: Final = 1_000_000  # probabilities are integer parts per million (they sum to exactly this)
MAX_LABEL_CHARS: Final = 24


class WheelError(ValueError):
    """The server's wheel config or spin answer is unusable; the message says which field."""


class SegmentKind(StrEnum):
    POINTS = "points"
    VOUCHER = "voucher"
    GIFT = "gift"
    THANKS = "thanks"


@dataclass(frozen=True, slots=True)
class SegmentImage:
    """A picture for a segment: a bundled asset name, or a URL the client caches by hash."""

    asset: str | None
    url: str | None
    sha256: str | None


@dataclass(frozen=True, slots=True)
class Segment:
    id: str
    label: dict[str, str]  # {"en": ..., "zh": ...}
    colour: str  # "#RRGGBB", upper case
    kind: SegmentKind
    points: int | None  # kind "points": the points won
    prize_name: dict[str, str] | None  # kind "voucher" / "gift": what is printed on the slip
    image: SegmentImage | None
    weight: int  # today's effective weight (0 when out of stock)
    probability_ppm: int  # today's chance in parts per million
    out_of_stock: bool
    prints: bool  # winning it prints a slip (voucher or gift-claim ticket)

    @property
    def rgb(self) -> tuple[int, int, int]:
        return int(self.colour[1:3], 16), int(self.colour[3:5], 16), int(self.colour[5:7], 16)

    @property
    def is_prize(self) -> bool:
        return self.kind is not SegmentKind.THANKS


@dataclass(frozen=True, slots=True)
class Fairness:
    store_day: date
    seed_hash: str  # SHA-256 of today's secret server seed, 64 lower-case hex digits
    algorithm: str


@dataclass(frozen=True, slots=True)
class SpinOffer:
    """What this member may do now (present when the request carried a member session)."""

    cost_points: int  # what the next spin costs: 0 when it is a free spin
    free_spins_left: int
    spins_left_today: int
    balance: int

    @property
    def free(self) -> bool:
        return self.free_spins_left > 0


@dataclass(frozen=True, slots=True)
class Wheel:
    wheel_id: str
    version: int
    segments: tuple[Segment, ...]
    fallback_segment_id: str
    spin_cost_points: int
    daily_limit: int
    fairness: Fairness
    offer: SpinOffer | None

    def index_of(self, segment_id: str) -> int:
        for index, segment in enumerate(self.segments):
            if segment.id == segment_id:
                return index
        raise WheelError(f"unknown segment id {segment_id!r}")

    @property
    def fallback(self) -> Segment:
        return self.segments[self.index_of(self.fallback_segment_id)]

    @property
    def may_print(self) -> bool:
        """Whether a spin today can win something that prints (then the printer must be ready)."""
        return any(s.prints and s.probability_ppm > 0 for s in self.segments)


@dataclass(frozen=True, slots=True)
class PrizeVoucher:
    """The voucher (kind "voucher") or gift-claim ticket (kind "gift") a spin won: the fields
    of the API's ``VoucherView`` the slip needs. The code is signed; a till verifies it."""

    voucher_id: str
    code: str
    kind: SegmentKind
    name: dict[str, str]
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class SpinResult:
    draw_id: str
    segment_id: str
    segment_index: int  # where the kiosk's wheel must stop (looked up from segment_id)
    kind: SegmentKind
    points_won: int
    voucher: PrizeVoucher | None  # to print (voucher or gift claim), with draw id and seed hash
    store_day: date
    seed_hash: str
    nonce: int
    paid_with: str  # "free" | "points"
    cost_points: int
    balance_after: int
    offer: SpinOffer  # what the member may do next


class SpinBlock(StrEnum):
    """Why the spin button is disabled (each has a message ``wheel.block.<value>``)."""

    API_UNREACHABLE = "api_unreachable"
    VIEW_ONLY = "view_only"  # identified by card: spending needs the rotating code
    LIMIT_REACHED = "limit_reached"
    NO_POINTS = "no_points"
    PRINTER_OUT_OF_PAPER = "printer_out_of_paper"
