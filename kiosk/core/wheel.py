"""The prize wheel, kiosk side: the server's wheel config, the spin answer and the spin geometry.

The server decides every prize (``docs/lottery.md``); the kiosk only animates the answer. This
module is pure (standard library only) so the geometry, the easing curve and the parsing of what
the API sends are unit-tested without Kivy.

Angles are degrees, clockwise, measured from 12 o'clock, where the fixed pointer sits. Segment
``i`` of ``n`` covers wheel angles ``[i * 360/n, (i + 1) * 360/n)`` clockwise from the wheel's own
zero mark; every segment has the same width (the common retail look). The *odds are not the slice
sizes*: they come from the server and are shown on the odds screen. The wheel's ``rotation`` is
how far it has turned clockwise; the pointer then points at wheel angle ``-rotation (mod 360)``.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import random
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Final

FULL_TURN: Final = 360.0
MIN_SEGMENTS: Final = 2
MAX_SEGMENTS: Final = 16
#: Fraction of a segment's width kept clear at both borders when choosing where to stop, so the
#: pointer is never on (or visually next to) a border line.
DEFAULT_MARGIN: Final = 0.15
PPM: Final = 1_000_000  # probabilities are integer parts per million (they sum to exactly this)
MAX_LABEL_CHARS: Final = 24

_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
_ID = re.compile(r"[A-Za-z0-9_.:-]{1,64}")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_LANGS: Final = ("en", "zh")


class WheelError(ValueError):
    """The server's wheel config or spin answer is unusable; the message says which field."""


# --- geometry ------------------------------------------------------------------------------------


def segment_width(n_segments: int) -> float:
    _check_count(n_segments)
    return FULL_TURN / n_segments


def segment_span(index: int, n_segments: int) -> tuple[float, float]:
    """Start and end wheel angle of segment ``index`` (clockwise from the wheel's zero mark)."""
    _check_index(index, n_segments)
    width = segment_width(n_segments)
    return index * width, (index + 1) * width


def pointed_angle(rotation: float) -> float:
    """The wheel angle under the pointer when the wheel has turned ``rotation`` clockwise."""
    return (-rotation) % FULL_TURN


def segment_under_pointer(rotation: float, n_segments: int) -> int:
    # min(): (-x) % 360 can round up to exactly 360.0 for a tiny negative x.
    return min(int(pointed_angle(rotation) // segment_width(n_segments)), n_segments - 1)


def position_in_segment(rotation: float, n_segments: int) -> float:
    """Where inside its segment the pointer is: 0 at the segment's start border, 1 at its end."""
    width = segment_width(n_segments)
    index = segment_under_pointer(rotation, n_segments)
    return (pointed_angle(rotation) - index * width) / width


def final_angle(
    segment_index: int,
    n_segments: int,
    turns: int,
    offset_fraction: float,
    *,
    start: float = 0.0,
    margin: float = DEFAULT_MARGIN,
) -> float:
    """The rotation at which the pointer rests inside segment ``segment_index``.

    The wheel turns clockwise from ``start`` by ``turns`` whole turns plus less than one more.
    ``offset_fraction`` in [0, 1] picks the resting point inside the segment's safe zone (the
    segment minus ``margin`` of its width at each border), so the pointer is never on a border.
    """
    _check_index(segment_index, n_segments)
    if turns < 0:
        raise ValueError(f"turns must be >= 0, got {turns}")
    if not 0.0 <= offset_fraction <= 1.0:
        raise ValueError(f"offset_fraction must be in [0, 1], got {offset_fraction}")
    if not 0.0 < margin < 0.5:
        raise ValueError(f"margin must be in (0, 0.5), got {margin}")
    if not math.isfinite(start):
        raise ValueError(f"start must be finite, got {start}")
    width = segment_width(n_segments)
    inside = margin + offset_fraction * (1.0 - 2.0 * margin)
    target = (segment_index + inside) * width  # the wheel angle that must end under the pointer
    extra = (-target - start) % FULL_TURN  # clockwise distance from start to that rest position
    return start + turns * FULL_TURN + extra


# --- the spin animation --------------------------------------------------------------------------


def ease_out_cubic(u: float) -> float:
    """Fast start, long gentle stop: velocity falls off like (1-u)^2, reaching 0 at the end."""
    return 1.0 - (1.0 - u) ** 3


def ease_out_quint(u: float) -> float:
    return 1.0 - (1.0 - u) ** 5


@dataclass(frozen=True, slots=True)
class SpinPlan:
    """One spin from ``start`` to ``end`` (rotations, degrees) over ``duration_s`` seconds."""

    start: float
    end: float
    duration_s: float
    segment_index: int
    ease: Callable[[float], float] = ease_out_cubic

    def __post_init__(self) -> None:
        if not (math.isfinite(self.duration_s) and self.duration_s > 0):
            raise ValueError(f"duration_s must be > 0, got {self.duration_s}")
        if not self.end >= self.start:
            raise ValueError("a spin turns clockwise: end must be >= start")

    def angle_at(self, t: float) -> float:
        """The rotation ``t`` seconds after the start; exactly ``end`` from ``duration_s`` on."""
        if t >= self.duration_s:
            return self.end
        if t <= 0:
            return self.start
        # min(): rounding must never carry the wheel past its end (the curve stays monotonic).
        return min(self.end, self.start + (self.end - self.start) * self.ease(t / self.duration_s))

    def done(self, t: float) -> bool:
        return t >= self.duration_s


def plan_spin(
    segment_index: int,
    n_segments: int,
    *,
    start: float,
    duration_s: float,
    rng: random.Random,
    min_turns: int = 4,
    max_turns: int = 6,
    margin: float = DEFAULT_MARGIN,
    ease: Callable[[float], float] = ease_out_cubic,
) -> SpinPlan:
    """A spin to the server's segment with a random number of turns and resting point.

    The randomness is cosmetic (the server already chose the segment): it only keeps two wins of
    the same prize from looking identical.
    """
    if not 0 <= min_turns <= max_turns:
        raise ValueError(f"need 0 <= min_turns <= max_turns, got {min_turns}, {max_turns}")
    end = final_angle(
        segment_index,
        n_segments,
        rng.randint(min_turns, max_turns),
        rng.random(),
        start=start,
        margin=margin,
    )
    return SpinPlan(start, end, duration_s, segment_index, ease)


# --- the wheel config (GET /v1/kiosk/wheel) ------------------------------------------------------


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


def parse_wheel(data: object) -> Wheel:
    """The wheel from ``GET /v1/kiosk/wheel`` as JSON-decoded data, checked; else ``WheelError``."""
    obj = _object(data, "wheel")
    raw_segments = obj.get("segments")
    if not isinstance(raw_segments, list):
        raise WheelError("segments: expected a list")
    if not MIN_SEGMENTS <= len(raw_segments) <= MAX_SEGMENTS:
        raise WheelError(
            f"segments: a wheel has {MIN_SEGMENTS} to {MAX_SEGMENTS} segments, "
            f"got {len(raw_segments)}"
        )
    segments = tuple(_segment(raw, f"segments[{i}]") for i, raw in enumerate(raw_segments))
    ids = [s.id for s in segments]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise WheelError(f"segments: duplicate segment id {duplicates[0]!r}")
    _check_odds(segments)
    fallback_id = _string(obj, "fallback_segment_id", "wheel")
    if fallback_id not in ids:
        raise WheelError(f"fallback_segment_id: unknown segment id {fallback_id!r}")
    fallback = segments[ids.index(fallback_id)]
    if fallback.kind not in (SegmentKind.POINTS, SegmentKind.THANKS):
        raise WheelError(
            "fallback_segment_id: the fallback must be a points or 'thanks' segment "
            "(one that cannot run out)"
        )
    offer = obj.get("offer")
    return Wheel(
        wheel_id=_identifier(obj, "wheel_id", "wheel"),
        version=_int(obj, "version", "wheel", minimum=1),
        segments=segments,
        fallback_segment_id=fallback_id,
        spin_cost_points=_int(obj, "spin_cost_points", "wheel", minimum=0),
        daily_limit=_int(obj, "daily_limit", "wheel", minimum=0),
        fairness=_fairness(obj.get("fairness"), "fairness"),
        offer=None if offer is None else _offer(offer, "offer"),
    )


def _segment(data: object, where: str) -> Segment:
    obj = _object(data, where)
    colour = _string(obj, "colour", where)
    if not _COLOUR.fullmatch(colour):
        raise WheelError(f"{where}.colour: expected '#RRGGBB', got {colour!r}")
    try:
        kind = SegmentKind(_string(obj, "kind", where))
    except ValueError:
        raise WheelError(
            f"{where}.kind: expected one of {', '.join(k.value for k in SegmentKind)}"
        ) from None
    prize = obj.get("prize")
    points: int | None = None
    prize_name: dict[str, str] | None = None
    if kind is SegmentKind.POINTS:
        points = _int(_object(prize, f"{where}.prize"), "points", f"{where}.prize", minimum=1)
    elif kind in (SegmentKind.VOUCHER, SegmentKind.GIFT):
        prize_name = _names(_object(prize, f"{where}.prize").get("name"), f"{where}.prize.name")
    elif prize is not None:
        raise WheelError(f"{where}.prize: a 'thanks' segment has no prize")
    out_of_stock = _bool(obj, "out_of_stock", where)
    if out_of_stock and kind is SegmentKind.THANKS:
        raise WheelError(f"{where}.out_of_stock: a 'thanks' segment cannot run out")
    label = _names(obj.get("label"), f"{where}.label")
    for lang, text in label.items():
        if len(text) > MAX_LABEL_CHARS:
            raise WheelError(f"{where}.label.{lang}: at most {MAX_LABEL_CHARS} characters")
    return Segment(
        id=_identifier(obj, "id", where),
        label=label,
        colour=colour.upper(),
        kind=kind,
        points=points,
        prize_name=prize_name,
        image=_image(obj.get("image"), f"{where}.image"),
        weight=_int(obj, "weight", where, minimum=0),
        probability_ppm=_int(obj, "probability_ppm", where, minimum=0, maximum=PPM),
        out_of_stock=out_of_stock,
        prints=_bool(obj, "prints", where),
    )


def _check_odds(segments: tuple[Segment, ...]) -> None:
    for i, segment in enumerate(segments):
        if segment.out_of_stock and (segment.weight or segment.probability_ppm):
            raise WheelError(f"segments[{i}]: out of stock, so its weight and chance must be 0")
    total_weight = sum(s.weight for s in segments)
    if total_weight <= 0:
        raise WheelError("segments: the weights add up to 0 (nothing can be won)")
    total_ppm = sum(s.probability_ppm for s in segments)
    if total_ppm != PPM:
        raise WheelError(f"segments: probability_ppm adds up to {total_ppm}, not {PPM}")
    for i, segment in enumerate(segments):
        exact = segment.weight * PPM / total_weight
        if abs(segment.probability_ppm - exact) > 1:
            raise WheelError(
                f"segments[{i}].probability_ppm: {segment.probability_ppm} does not match its "
                f"weight ({exact:.1f} expected)"
            )


def _image(data: object, where: str) -> SegmentImage | None:
    if data is None:
        return None
    obj = _object(data, where)
    asset, url, digest = obj.get("asset"), obj.get("url"), obj.get("sha256")
    if asset is not None:
        if not isinstance(asset, str) or not re.fullmatch(r"[a-z0-9_-]{1,64}\.png", asset):
            raise WheelError(f"{where}.asset: expected a file name like 'mug.png'")
        return SegmentImage(asset=asset, url=None, sha256=None)
    if not isinstance(url, str) or not url.startswith("https://"):
        raise WheelError(f"{where}: expected 'asset' or an https 'url'")
    if not isinstance(digest, str) or not _HEX64.fullmatch(digest):
        raise WheelError(f"{where}.sha256: expected 64 lower-case hex digits")
    return SegmentImage(asset=None, url=url, sha256=digest)


def _fairness(data: object, where: str) -> Fairness:
    obj = _object(data, where)
    day = _string(obj, "store_day", where)
    try:
        store_day = date.fromisoformat(day)
    except ValueError:
        raise WheelError(f"{where}.store_day: expected YYYY-MM-DD, got {day!r}") from None
    return Fairness(
        store_day=store_day,
        seed_hash=_seed_hash(obj, where),
        algorithm=_string(obj, "algorithm", where),
    )


def _offer(data: object, where: str) -> SpinOffer:
    obj = _object(data, where)
    return SpinOffer(
        cost_points=_int(obj, "cost_points", where, minimum=0),
        free_spins_left=_int(obj, "free_spins_left", where, minimum=0),
        spins_left_today=_int(obj, "spins_left_today", where, minimum=0),
        balance=_int(obj, "balance", where),
    )


# --- the spin answer (POST /v1/kiosk/spins) ------------------------------------------------------


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


def parse_spin(data: object, wheel: Wheel) -> SpinResult:
    """The answer of ``POST /v1/kiosk/spins``, checked against the wheel the kiosk shows.

    A segment the kiosk does not have, another wheel version or another day's seed hash mean the
    kiosk would animate something other than what the server decided: ``WheelError``. (The
    answer's ``member`` summary is the client's to parse, as for every other write.)
    """
    obj = _object(data, "spin")
    version = _int(obj, "wheel_version", "spin", minimum=1)
    if version != wheel.version:
        raise WheelError(f"spin.wheel_version: {version}, but the kiosk shows {wheel.version}")
    segment_id = _string(obj, "segment_id", "spin")
    index = wheel.index_of(segment_id)
    segment = wheel.segments[index]
    kind = _string(obj, "kind", "spin")
    if kind != segment.kind.value:
        raise WheelError(f"spin.kind: {kind!r}, but segment {segment_id!r} is {segment.kind}")
    seed_hash = _seed_hash(obj, "spin")
    if seed_hash != wheel.fairness.seed_hash:
        raise WheelError("spin.seed_hash: not the seed hash published for today")
    voucher = _voucher(obj.get("voucher"), "spin.voucher")
    if segment.kind in (SegmentKind.VOUCHER, SegmentKind.GIFT):
        if voucher is None or voucher.kind is not segment.kind:
            raise WheelError(f"spin.voucher: a {segment.kind} was won: the answer needs its slip")
    elif voucher is not None:
        raise WheelError(f"spin.voucher: a {segment.kind} segment prints no voucher")
    points_won = _int(obj, "points_won", "spin", minimum=0)
    expected_points = segment.points if segment.kind is SegmentKind.POINTS else 0
    if points_won != expected_points:
        raise WheelError(f"spin.points_won: {points_won}, but the segment says {expected_points}")
    paid_with = _string(obj, "paid_with", "spin")
    if paid_with not in ("free", "points"):
        raise WheelError("spin.paid_with: expected 'free' or 'points'")
    day = _string(obj, "store_day", "spin")
    if day != wheel.fairness.store_day.isoformat():
        raise WheelError(f"spin.store_day: {day}, but the wheel is for {wheel.fairness.store_day}")
    return SpinResult(
        draw_id=_draw_id(obj, "spin"),
        segment_id=segment_id,
        segment_index=index,
        kind=segment.kind,
        points_won=points_won,
        voucher=voucher,
        store_day=wheel.fairness.store_day,
        seed_hash=seed_hash,
        nonce=_int(obj, "nonce", "spin", minimum=1),
        paid_with=paid_with,
        cost_points=_int(obj, "cost_points", "spin", minimum=0),
        balance_after=_int(obj, "balance_after", "spin"),
        offer=_offer(obj.get("offer"), "spin.offer"),
    )


def _voucher(data: object, where: str) -> PrizeVoucher | None:
    if data is None:
        return None
    obj = _object(data, where)
    raw = _string(obj, "expires_at", where)
    try:
        expires_at = datetime.fromisoformat(raw)
    except ValueError:
        raise WheelError(f"{where}.expires_at: expected an RFC 3339 time, got {raw!r}") from None
    if expires_at.tzinfo is None:
        raise WheelError(f"{where}.expires_at: the time needs an offset")
    code = _string(obj, "code", where)
    if not code.isascii() or not code.isprintable():
        raise WheelError(f"{where}.code: expected printable ASCII")
    kind = _string(obj, "kind", where)
    if kind not in (SegmentKind.VOUCHER.value, SegmentKind.GIFT.value):
        raise WheelError(f"{where}.kind: expected 'voucher' or 'gift', got {kind!r}")
    return PrizeVoucher(
        voucher_id=_identifier(obj, "voucher_id", where),
        code=code,
        kind=SegmentKind(kind),
        name=_names(obj.get("name"), f"{where}.name"),
        expires_at=expires_at,
    )


# --- provable fairness (the reference for docs/lottery.md) ---------------------------------------

DRAW_ALGORITHM: Final = "hmac-sha256-v1"
_DRAW_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")


def new_draw_id() -> str:
    """A draw id for the next spin, made by the kiosk before the first attempt (with the
    Idempotency-Key). The server cannot pick it, so it cannot try ids until one wins nothing."""
    return "d_" + secrets.token_urlsafe(16)


def draw_number(seed: bytes, draw_id: str, nonce: int) -> int:
    """HMAC-SHA256(seed, "<draw_id>:<nonce>"), first 8 bytes big-endian: 0 <= n < 2**64."""
    mac = hmac.new(seed, f"{draw_id}:{nonce}".encode(), hashlib.sha256).digest()
    return int.from_bytes(mac[:8], "big")


def effective_weights(weights: list[int], unavailable: set[int], fallback: int) -> list[int]:
    """Today's weights: an out-of-stock (or withdrawn) segment's weight moves to the fallback."""
    if fallback in unavailable:
        raise ValueError("the fallback segment cannot be unavailable")
    moved = [0 if i in unavailable else w for i, w in enumerate(weights)]
    moved[fallback] += sum(weights[i] for i in unavailable)
    return moved


def draw_index(seed: bytes, draw_id: str, nonce: int, weights: list[int]) -> int:
    """The segment a draw lands on: ``x = (number * total) >> 64`` picks a point in
    ``[0, total)`` without modulo bias worth the name; the first segment (in wheel order) whose
    running weight sum exceeds ``x`` wins. Segments with weight 0 can never win."""
    total = sum(weights)
    if total <= 0 or any(w < 0 for w in weights):
        raise ValueError("weights must be >= 0 and add up to more than 0")
    x = (draw_number(seed, draw_id, nonce) * total) >> 64
    running = 0
    for index, weight in enumerate(weights):
        running += weight
        if x < running:
            return index
    raise AssertionError("unreachable: x < total")  # pragma: no cover


def seed_hash(seed: bytes) -> str:
    return hashlib.sha256(seed).hexdigest()


# --- whether the member may spin -----------------------------------------------------------------


class SpinBlock(StrEnum):
    """Why the spin button is disabled (each has a message ``wheel.block.<value>``)."""

    API_UNREACHABLE = "api_unreachable"
    VIEW_ONLY = "view_only"  # identified by card: spending needs the rotating code
    LIMIT_REACHED = "limit_reached"
    NO_POINTS = "no_points"
    PRINTER_OUT_OF_PAPER = "printer_out_of_paper"


def spin_block(
    wheel: Wheel,
    offer: SpinOffer,
    *,
    can_spend: bool,
    api_reachable: bool,
    paper_ok: bool,
) -> SpinBlock | None:
    """The reason the member cannot spin now, or ``None``. The first reason that applies wins:
    the one the member can do least about is named first."""
    if not api_reachable:
        return SpinBlock.API_UNREACHABLE
    if not can_spend:
        return SpinBlock.VIEW_ONLY
    if offer.spins_left_today <= 0:
        return SpinBlock.LIMIT_REACHED
    if not offer.free and offer.balance < offer.cost_points:
        return SpinBlock.NO_POINTS
    if wheel.may_print and not paper_ok:
        return SpinBlock.PRINTER_OUT_OF_PAPER
    return None


def format_percent(ppm: int) -> str:
    """Parts per million as a percentage for people: '12.5%', '0.05%', '100%'."""
    text = f"{ppm / 10_000:.2f}".rstrip("0").rstrip(".")
    if ppm > 0 and text == "0":
        return "<0.01%"
    return f"{text}%"


# --- field readers -------------------------------------------------------------------------------


def _object(data: object, where: str) -> Mapping[str, object]:
    if not isinstance(data, dict):
        raise WheelError(f"{where}: expected an object")
    return data


def _string(obj: Mapping[str, object], key: str, where: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value:
        raise WheelError(f"{where}.{key}: expected a non-empty string")
    return value


def _identifier(obj: Mapping[str, object], key: str, where: str) -> str:
    value = _string(obj, key, where)
    if not _ID.fullmatch(value):
        raise WheelError(f"{where}.{key}: expected 1-64 of [A-Za-z0-9_.:-]")
    return value


def _int(
    obj: Mapping[str, object],
    key: str,
    where: str,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
) -> int:
    value = obj.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise WheelError(f"{where}.{key}: expected an integer")
    if minimum is not None and value < minimum:
        raise WheelError(f"{where}.{key}: must be >= {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise WheelError(f"{where}.{key}: must be <= {maximum}, got {value}")
    return value


def _bool(obj: Mapping[str, object], key: str, where: str) -> bool:
    value = obj.get(key)
    if not isinstance(value, bool):
        raise WheelError(f"{where}.{key}: expected true or false")
    return value


def _names(data: object, where: str) -> dict[str, str]:
    obj = _object(data, where)
    names: dict[str, str] = {}
    for lang in _LANGS:
        text = obj.get(lang)
        if not isinstance(text, str) or not text.strip():
            raise WheelError(f"{where}.{lang}: expected a non-empty string")
        names[lang] = text
    return names


def _draw_id(obj: Mapping[str, object], where: str) -> str:
    value = _string(obj, "draw_id", where)
    if not _DRAW_ID.fullmatch(value):
        raise WheelError(f"{where}.draw_id: expected 16-64 of [A-Za-z0-9_-]")
    return value


def _seed_hash(obj: Mapping[str, object], where: str) -> str:
    value = obj.get("seed_hash")
    if not isinstance(value, str) or not _HEX64.fullmatch(value):
        raise WheelError(f"{where}.seed_hash: expected 64 lower-case hex digits")
    return value


def _check_count(n_segments: int) -> None:
    if not MIN_SEGMENTS <= n_segments <= MAX_SEGMENTS:
        raise ValueError(f"a wheel has {MIN_SEGMENTS} to {MAX_SEGMENTS} segments, got {n_segments}")


def _check_index(index: int, n_segments: int) -> None:
    _check_count(n_segments)
    if not 0 <= index < n_segments:
        raise ValueError(f"segment index {index} is not in 0..{n_segments - 1}")
