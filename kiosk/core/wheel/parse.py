"""Parsing the wheel (``GET /v1/kiosk/wheel``) and a spin answer (``POST /v1/kiosk/spins``).

Every rule of ``docs/lottery.md`` is checked; a break is a ``WheelError`` naming the field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Final

from kiosk.core.wheel.geometry import MAX_SEGMENTS, MIN_SEGMENTS
from kiosk.core.wheel.model import (
    MAX_LABEL_CHARS,
    PPM,
    Fairness,
    PrizeVoucher,
    Segment,
    SegmentImage,
    SegmentKind,
    SpinOffer,
    SpinResult,
    Wheel,
    WheelError,
)

_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
_ID = re.compile(r"[A-Za-z0-9_.:-]{1,64}")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_LANGS: Final = ("en", "zh")
_DRAW_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")


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
