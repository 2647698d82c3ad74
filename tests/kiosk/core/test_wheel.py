"""The wheel's pure core: geometry, the spin curve, parsing the server's wheel and spin answer."""

from __future__ import annotations

import copy
import hashlib
import hmac
import itertools
import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.wheel import (
    DEFAULT_MARGIN,
    SegmentKind,
    SpinBlock,
    SpinOffer,
    SpinPlan,
    WheelError,
    draw_index,
    draw_number,
    ease_out_cubic,
    ease_out_quint,
    effective_weights,
    final_angle,
    format_percent,
    new_draw_id,
    parse_spin,
    parse_wheel,
    plan_spin,
    position_in_segment,
    seed_hash,
    segment_span,
    segment_under_pointer,
    segment_width,
    spin_block,
)
from tests.kiosk.ui.samples import wheel_json

SIZES = list(range(2, 17))


# --- geometry ------------------------------------------------------------------------------------


def test_segments_tile_the_wheel_with_equal_width() -> None:
    for n in SIZES:
        spans = [segment_span(i, n) for i in range(n)]
        assert spans[0][0] == 0
        assert spans[-1][1] == pytest.approx(360)
        for (_, end), (start, _) in itertools.pairwise(spans):
            assert end == start
        assert {round(b - a, 9) for a, b in spans} == {round(360 / n, 9)}


def test_pointer_reads_the_segment_the_wheel_turned_under_it() -> None:
    # Turning the wheel clockwise by a bit less than one segment brings the LAST segment under
    # the pointer (the wheel moves right, so the segment on its left arrives at the top).
    assert segment_under_pointer(0.0, 4) == 0
    assert segment_under_pointer(10.0, 4) == 3
    assert segment_under_pointer(-10.0, 4) == 0
    assert segment_under_pointer(360 * 3 + 100.0, 4) == 2
    assert segment_under_pointer(1e-300, 4) == 3  # (-x) % 360 rounds to 360.0: still a segment
    assert position_in_segment(-45.0, 4) == pytest.approx(0.5)


@settings(max_examples=300, deadline=None)
@given(
    n=st.integers(2, 16),
    data=st.data(),
    turns=st.integers(0, 12),
    offset=st.floats(0.0, 1.0),
    start=st.floats(-7200.0, 72000.0, allow_nan=False),
)
def test_final_angle_lands_inside_the_chosen_segment_away_from_its_borders(
    n: int, data: st.DataObject, turns: int, offset: float, start: float
) -> None:
    index = data.draw(st.integers(0, n - 1))
    end = final_angle(index, n, turns, offset, start=start)
    assert segment_under_pointer(end, n) == index
    inside = position_in_segment(end, n)
    assert DEFAULT_MARGIN - 1e-6 <= inside <= 1 - DEFAULT_MARGIN + 1e-6
    # Clockwise only, by the whole turns asked for plus less than one more.
    assert start + turns * 360 <= end < start + (turns + 1) * 360 + 1e-6


@pytest.mark.parametrize("n", SIZES)
def test_every_segment_of_every_wheel_size_at_both_ends_of_its_safe_zone(n: int) -> None:
    for index in range(n):
        for offset in (0.0, 0.5, 1.0):
            for start in (0.0, 123.4, segment_span(index, n)[0], -segment_span(index, n)[1]):
                end = final_angle(index, n, 5, offset, start=start)
                assert segment_under_pointer(end, n) == index, (index, offset, start)
                assert 0.14 < position_in_segment(end, n) < 0.86


def test_offset_moves_the_rest_point_across_the_segment() -> None:
    # The pointer sweeps the segment from its start border (offset 0) to its end (offset 1).
    low = position_in_segment(final_angle(2, 8, 4, 0.0), 8)
    mid = position_in_segment(final_angle(2, 8, 4, 0.5), 8)
    high = position_in_segment(final_angle(2, 8, 4, 1.0), 8)
    assert low == pytest.approx(DEFAULT_MARGIN)
    assert mid == pytest.approx(0.5)
    assert high == pytest.approx(1 - DEFAULT_MARGIN)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((8, 8, 4, 0.5), "segment index 8"),
        ((-1, 8, 4, 0.5), "segment index -1"),
        ((0, 1, 4, 0.5), "2 to 16 segments"),
        ((0, 17, 4, 0.5), "2 to 16 segments"),
        ((0, 8, -1, 0.5), "turns"),
        ((0, 8, 4, 1.5), "offset_fraction"),
        ((0, 8, 4, float("nan")), "offset_fraction"),
    ],
)
def test_final_angle_refuses_bad_arguments(args: tuple[Any, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        final_angle(*args)
    with pytest.raises(ValueError, match="margin"):
        final_angle(0, 8, 4, 0.5, margin=0.5)
    with pytest.raises(ValueError, match="start"):
        final_angle(0, 8, 4, 0.5, start=float("inf"))
    with pytest.raises(ValueError):
        segment_width(0)


# --- the spin curve ------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(
    n=st.integers(2, 16),
    data=st.data(),
    seed=st.integers(0, 2**32),
    start=st.floats(0.0, 3600.0),
    duration=st.floats(0.5, 12.0),
    quint=st.booleans(),
)
def test_the_curve_only_moves_forward_and_ends_exactly_on_the_final_angle(
    n: int, data: st.DataObject, seed: int, start: float, duration: float, quint: bool
) -> None:
    index = data.draw(st.integers(0, n - 1))
    ease = ease_out_quint if quint else ease_out_cubic
    plan = plan_spin(index, n, start=start, duration_s=duration, rng=random.Random(seed), ease=ease)
    times = [duration * k / 240 for k in range(-2, 245)]
    angles = [plan.angle_at(t) for t in times]
    assert angles[0] == plan.start
    assert all(b >= a for a, b in itertools.pairwise(angles))
    assert plan.angle_at(duration) == plan.end  # exactly, not approximately
    assert angles[-1] == plan.end
    assert all(a <= plan.end for a in angles)
    assert segment_under_pointer(plan.end, n) == index
    assert plan.done(duration) and not plan.done(duration * 0.99)
    assert 4 * 360 <= plan.end - plan.start < 7 * 360


def test_the_curve_eases_out() -> None:
    plan = SpinPlan(start=0.0, end=1800.0, duration_s=6.0, segment_index=0)
    step = 1 / 30
    first = plan.angle_at(step) - plan.angle_at(0)
    last = plan.angle_at(6.0) - plan.angle_at(6.0 - step)
    assert first > 20  # fast at the start (degrees per frame at 30 fps)
    assert last < 0.01  # it creeps to a stop: no jerk at the end
    assert plan.angle_at(3.0) > 0.8 * 1800  # most of the way in the first half


def test_spin_plan_refuses_nonsense() -> None:
    with pytest.raises(ValueError, match="duration_s"):
        SpinPlan(start=0, end=10, duration_s=0, segment_index=0)
    with pytest.raises(ValueError, match="clockwise"):
        SpinPlan(start=10, end=0, duration_s=1, segment_index=0)
    with pytest.raises(ValueError, match="min_turns"):
        plan_spin(0, 4, start=0, duration_s=1, rng=random.Random(1), min_turns=5, max_turns=4)


# --- parsing the wheel ---------------------------------------------------------------------------


def test_parse_a_wheel() -> None:
    wheel = parse_wheel(wheel_json(8, out_of_stock=(4,)))
    assert len(wheel.segments) == 8
    assert wheel.fallback.id == "seg-1"
    assert wheel.fallback.kind is SegmentKind.THANKS
    assert wheel.index_of("seg-3") == 3
    assert sum(s.probability_ppm for s in wheel.segments) == 1_000_000
    gift = wheel.segments[4]
    assert gift.out_of_stock and gift.probability_ppm == 0 and gift.prints
    assert wheel.segments[0].rgb == (0xE4, 0x57, 0x2E)
    assert wheel.segments[0].points == 50
    assert wheel.segments[2].prize_name == {"en": "10 off coffee", "zh": "咖啡立减10元"}
    assert wheel.may_print
    assert wheel.offer == SpinOffer(
        cost_points=0, free_spins_left=1, spins_left_today=3, balance=1250
    )
    assert wheel.fairness.seed_hash == wheel_json()["fairness"]["seed_hash"]
    with pytest.raises(WheelError, match="unknown segment id 'nope'"):
        wheel.index_of("nope")


def test_colours_are_normalised_and_images_accepted() -> None:
    data = wheel_json(4)
    data["segments"][0]["colour"] = "#abcdef"
    data["segments"][1]["image"] = {"asset": "mug.png"}
    data["segments"][2]["image"] = {"url": "https://cdn.example/m.png", "sha256": "a" * 64}
    wheel = parse_wheel(data)
    assert wheel.segments[0].colour == "#ABCDEF"
    assert wheel.segments[1].image is not None and wheel.segments[1].image.asset == "mug.png"
    assert wheel.segments[2].image is not None and wheel.segments[2].image.sha256 == "a" * 64
    assert parse_wheel(wheel_json(4, with_offer=False)).offer is None


def _broken(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(wheel_json(6))
    change(data)
    return data


def _set(path: tuple[Any, ...], value: Any) -> Any:
    def change(data: Any) -> None:
        for key in path[:-1]:
            data = data[key]
        data[path[-1]] = value

    return change


BAD_WHEELS = [
    ([], "wheel: expected an object"),
    (_broken(_set(("segments",), "x")), "segments: expected a list"),
    (_broken(lambda d: d.update(segments=d["segments"][:1])), "2 to 16 segments, got 1"),
    (_broken(lambda d: d.update(segments=d["segments"] * 3)), "2 to 16 segments, got 18"),
    (_broken(_set(("segments", 2, "colour"), "red")), r"segments\[2\].colour: expected '#RRGGBB'"),
    (_broken(_set(("segments", 2, "colour"), "#12345G")), "colour"),
    (_broken(_set(("segments", 0, "kind"), "car")), r"segments\[0\].kind: expected one of"),
    (_broken(_set(("segments", 1, "id"), "seg-0")), "duplicate segment id 'seg-0'"),
    (_broken(_set(("segments", 1, "id"), "bad id!")), r"segments\[1\].id"),
    (_broken(_set(("segments", 0, "label"), {"en": "50 points"})), r"label.zh"),
    (_broken(_set(("segments", 0, "label", "en"), "x" * 25)), "at most 24 characters"),
    (_broken(_set(("segments", 0, "prize"), {"points": 0})), r"prize.points: must be >= 1"),
    (_broken(_set(("segments", 0, "prize"), None)), r"segments\[0\].prize: expected an object"),
    (_broken(_set(("segments", 1, "prize"), {"points": 5})), "'thanks' segment has no prize"),
    (_broken(_set(("segments", 0, "weight"), -1)), "weight: must be >= 0"),
    (_broken(_set(("segments", 0, "weight"), 1.5)), "weight: expected an integer"),
    (_broken(_set(("segments", 0, "weight"), True)), "weight: expected an integer"),
    (_broken(_set(("segments", 0, "probability_ppm"), 1)), "adds up to"),
    (_broken(_set(("segments", 0, "out_of_stock"), "no")), "expected true or false"),
    (_broken(_set(("segments", 1, "out_of_stock"), True)), "'thanks' segment cannot run out"),
    (_broken(_set(("segments", 0, "image"), {"url": "http://x/y.png"})), "https 'url'"),
    (_broken(_set(("segments", 0, "image"), {"asset": "../etc/passwd"})), "asset"),
    (_broken(_set(("fallback_segment_id",), "seg-99")), "unknown segment id 'seg-99'"),
    (_broken(_set(("fallback_segment_id",), "seg-4")), "points or 'thanks' segment"),
    (_broken(_set(("fairness", "seed_hash"), "ABC")), "seed_hash: expected 64"),
    (_broken(_set(("fairness", "store_day"), "22/11/2026")), "store_day: expected YYYY-MM-DD"),
    (_broken(_set(("spin_cost_points",), -5)), "spin_cost_points: must be >= 0"),
    (_broken(_set(("version",), 0)), "version: must be >= 1"),
    (_broken(_set(("offer",), {"cost_points": 1})), "offer.free_spins_left"),
]


@pytest.mark.parametrize(("data", "message"), BAD_WHEELS)
def test_bad_wheels_are_rejected_with_the_field_named(data: Any, message: str) -> None:
    with pytest.raises(WheelError, match=message):
        parse_wheel(data)


def test_odds_must_match_the_weights_and_out_of_stock_means_zero() -> None:
    data = wheel_json(4, weights=[1, 1, 1, 1])
    data["segments"][0]["probability_ppm"] += 1000
    data["segments"][1]["probability_ppm"] -= 1000
    with pytest.raises(WheelError, match=r"segments\[0\].probability_ppm: 251000 does not match"):
        parse_wheel(data)
    data = wheel_json(6, out_of_stock=(4,))
    data["segments"][4]["weight"] = 3
    with pytest.raises(WheelError, match=r"segments\[4\]: out of stock"):
        parse_wheel(data)
    zero = wheel_json(2, weights=[1, 1])
    for segment in zero["segments"]:
        segment["weight"] = 0
    with pytest.raises(WheelError, match="add up to 0"):
        parse_wheel(zero)


# --- parsing the spin answer ---------------------------------------------------------------------


def _spin(wheel: dict[str, Any], index: int) -> dict[str, Any]:
    from tests.kiosk.ui.samples import spin_json

    return spin_json(wheel, index)


def test_parse_spin_answers_for_each_kind() -> None:
    data = wheel_json(8)
    wheel = parse_wheel(data)
    points = parse_spin(_spin(data, 3), wheel)
    assert (points.segment_index, points.kind, points.points_won) == (3, SegmentKind.POINTS, 200)
    assert points.voucher is None
    voucher = parse_spin(_spin(data, 2), wheel)
    assert voucher.voucher is not None and voucher.voucher.code.startswith("V1.")
    assert voucher.voucher.kind is SegmentKind.VOUCHER
    gift = parse_spin(_spin(data, 4), wheel)
    assert gift.voucher is not None and gift.voucher.kind is SegmentKind.GIFT
    assert gift.voucher.name["zh"] == "帆布袋"
    assert gift.voucher.expires_at.utcoffset() is not None
    thanks = parse_spin(_spin(data, 1), wheel)
    assert thanks.kind is SegmentKind.THANKS and thanks.points_won == 0
    assert thanks.draw_id == "d_Zm9vYmFyYmF6cXV4MTIz" and thanks.nonce == 17
    assert thanks.offer == SpinOffer(
        cost_points=100, free_spins_left=0, spins_left_today=2, balance=1250
    )
    assert thanks.store_day.isoformat() == "2026-11-22"


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("segment_id", "seg-42", "unknown segment id 'seg-42'"),
        ("wheel_version", 2, "wheel_version: 2, but the kiosk shows 3"),
        ("kind", "gift", "spin.kind"),
        ("seed_hash", "b" * 64, "not the seed hash published for today"),
        ("store_day", "2026-11-23", "spin.store_day"),
        ("points_won", 999, "points_won: 999"),
        ("voucher", {"voucher_id": "v", "code": "X", "kind": "voucher",
                     "name": {"en": "a", "zh": "b"}, "expires_at": "2026-12-01T00:00:00Z"},
         "prints no voucher"),
        ("paid_with", "cash", "paid_with"),
        ("draw_id", "short", "draw_id: expected 16-64"),
        ("nonce", 0, "nonce: must be >= 1"),
        ("balance_after", "12", "balance_after: expected an integer"),
        ("offer", None, "spin.offer: expected an object"),
    ],
)  # fmt: skip
def test_bad_spin_answers_are_rejected(key: str, value: Any, message: str) -> None:
    data = wheel_json(8)
    answer = _spin(data, 0)
    answer[key] = value
    with pytest.raises(WheelError, match=message):
        parse_spin(answer, parse_wheel(data))


@pytest.mark.parametrize(
    ("index", "change", "message"),
    [
        (4, {"voucher": None}, "a gift was won: the answer needs its slip"),
        (4, {"voucher": {"kind": "voucher"}}, "a gift was won: the answer needs its slip"),
        (2, {"voucher": {"code": "V1.中文"}}, "printable ASCII"),
        (2, {"voucher": {"expires_at": "2026-12-22"}}, "the time needs an offset"),
        (2, {"voucher": {"expires_at": "soon"}}, "expected an RFC 3339 time"),
        (2, {"voucher": {"kind": "service"}}, "expected 'voucher' or 'gift'"),
    ],
)
def test_won_slips_must_match_the_segment(index: int, change: dict[str, Any], message: str) -> None:
    data = wheel_json(8)
    answer = _spin(data, index)
    for key, value in change.items():
        if isinstance(value, dict):
            answer[key].update(value)
        else:
            answer[key] = value
    with pytest.raises(WheelError, match=message):
        parse_spin(answer, parse_wheel(data))


# --- provable fairness: the reference draw -------------------------------------------------------


def test_draw_reference_vector() -> None:
    # The vector in docs/lottery.md: the API's implementation must give the same numbers.
    seed = bytes(range(32))
    assert seed_hash(seed) == "630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd"
    number = draw_number(seed, "d_exampleexample0001", 1)
    mac = hmac.new(seed, b"d_exampleexample0001:1", hashlib.sha256).digest()
    assert number == int.from_bytes(mac[:8], "big") == 0x852B72A8888C32BE
    assert (number * 100) >> 64 == 52
    assert draw_index(seed, "d_exampleexample0001", 1, [50, 30, 20]) == 1
    assert draw_index(seed, "d_exampleexample0001", 2, [50, 30, 20]) == 1  # x = 74
    assert draw_index(seed, "d_exampleexample0001", 3, [50, 30, 20]) == 0  # x = 48


def test_draw_follows_the_weights_and_never_picks_a_zero_weight() -> None:
    seed = b"s" * 32
    weights = effective_weights([10, 20, 30, 40], unavailable={2}, fallback=1)
    assert weights == [10, 50, 0, 40]
    counts = [0, 0, 0, 0]
    for nonce in range(1, 20_001):
        counts[draw_index(seed, "d_0123456789abcdef", nonce, weights)] += 1
    assert counts[2] == 0
    for got, weight in zip(counts, weights, strict=True):
        assert abs(got / 20_000 - weight / 100) < 0.015
    with pytest.raises(ValueError, match="fallback"):
        effective_weights([1, 1], unavailable={0}, fallback=0)
    with pytest.raises(ValueError, match="weights"):
        draw_index(seed, "d_0123456789abcdef", 1, [0, 0])


def test_new_draw_ids_are_valid_and_distinct() -> None:
    ids = {new_draw_id() for _ in range(100)}
    assert len(ids) == 100
    data = wheel_json(8)
    for draw_id in list(ids)[:5]:
        answer = _spin(data, 0) | {"draw_id": draw_id}
        assert parse_spin(answer, parse_wheel(data)).draw_id == draw_id


# --- whether the member may spin, and odds for people --------------------------------------------


def test_spin_block_reasons_in_order() -> None:
    wheel = parse_wheel(wheel_json(8))
    paid = SpinOffer(cost_points=100, free_spins_left=0, spins_left_today=2, balance=99)
    free = SpinOffer(cost_points=0, free_spins_left=1, spins_left_today=1, balance=0)
    ok = {"can_spend": True, "api_reachable": True, "paper_ok": True}
    assert spin_block(wheel, free, **ok) is None
    assert spin_block(wheel, paid, **ok) is SpinBlock.NO_POINTS
    rich = SpinOffer(cost_points=100, free_spins_left=0, spins_left_today=2, balance=100)
    assert spin_block(wheel, rich, **ok) is None
    done = SpinOffer(cost_points=0, free_spins_left=0, spins_left_today=0, balance=5000)
    assert spin_block(wheel, done, **ok) is SpinBlock.LIMIT_REACHED
    assert spin_block(wheel, free, **(ok | {"paper_ok": False})) is SpinBlock.PRINTER_OUT_OF_PAPER
    assert spin_block(wheel, free, **(ok | {"can_spend": False})) is SpinBlock.VIEW_ONLY
    assert spin_block(wheel, done, **(ok | {"api_reachable": False})) is SpinBlock.API_UNREACHABLE


def test_no_paper_does_not_block_a_wheel_that_cannot_print_today() -> None:
    # Only points and "thanks" can be won (the voucher and both gifts are out), so no slip prints.
    wheel = parse_wheel(wheel_json(7, out_of_stock=(2, 4, 6)))
    assert not wheel.may_print
    free = SpinOffer(cost_points=0, free_spins_left=1, spins_left_today=1, balance=0)
    assert spin_block(wheel, free, can_spend=True, api_reachable=True, paper_ok=False) is None


@pytest.mark.parametrize(
    ("ppm", "text"),
    [(125_000, "12.5%"), (1_000_000, "100%"), (500, "0.05%"), (33, "<0.01%"), (0, "0%"),
     (333_334, "33.33%")],
)  # fmt: skip
def test_format_percent(ppm: int, text: str) -> None:
    assert format_percent(ppm) == text
