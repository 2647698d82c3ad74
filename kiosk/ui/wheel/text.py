"""The wheel screens' words, without Kivy: the odds table's rows, the seed hash laid out, the
result line. Tested without a window."""

from __future__ import annotations

from kiosk.core.wheel import Segment, SegmentKind, SpinResult, Wheel, format_percent
from kiosk.i18n import Translator, localised


def grouped_hash(seed_hash: str, group: int = 16, per_line: int = 2) -> str:
    """64 hex digits as two lines of two groups: readable, and fits the screen."""
    groups = [seed_hash[i : i + group] for i in range(0, len(seed_hash), group)]
    lines = [" ".join(groups[i : i + per_line]) for i in range(0, len(groups), per_line)]
    return "\n".join(lines)


def odds_rows(t: Translator, wheel: Wheel) -> list[tuple[Segment, str, str]]:
    """(segment, chance text, note) per segment, in wheel order. Pure formatting, testable."""
    fallback = localised(wheel.fallback.label, t.lang)
    rows = []
    for segment in wheel.segments:
        note = t("odds.out_of_stock", fallback=fallback) if segment.out_of_stock else ""
        rows.append((segment, format_percent(segment.probability_ppm), note))
    return rows


def result_message(t: Translator, wheel: Wheel, result: SpinResult) -> str:
    """What the member won, in words (or thanks for playing)."""
    segment = wheel.segments[result.segment_index]
    match result.kind:
        case SegmentKind.POINTS:
            return t("wheel.won_points", points=f"{result.points_won:,}")
        case SegmentKind.VOUCHER | SegmentKind.GIFT:
            prize = localised(segment.prize_name or segment.label, t.lang)
            return t(f"wheel.won_{result.kind.value}", prize=prize)
    return t("wheel.thanks")
