"""Where the wheel stops: equal slices, a fixed pointer at 12 o'clock, the final angle.

Angles are degrees, clockwise, measured from 12 o'clock, where the fixed pointer sits. Segment
``i`` of ``n`` covers wheel angles ``[i * 360/n, (i + 1) * 360/n)`` clockwise from the wheel's own
zero mark; every segment has the same width (the common retail look). The *odds are not the slice
sizes*: they come from the server and are shown on the odds screen. The wheel's ``rotation`` is
how far it has turned clockwise; the pointer then points at wheel angle ``-rotation (mod 360)``.
"""

from __future__ import annotations

import math
from typing import Final

FULL_TURN: Final = 360.0
MIN_SEGMENTS: Final = 2
MAX_SEGMENTS: Final = 16
#: Fraction of a segment's width kept clear at both borders when choosing where to stop, so the
#: pointer is never on (or visually next to) a border line.
DEFAULT_MARGIN: Final = 0.15


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


def _check_count(n_segments: int) -> None:
    if not MIN_SEGMENTS <= n_segments <= MAX_SEGMENTS:
        raise ValueError(f"a wheel has {MIN_SEGMENTS} to {MAX_SEGMENTS} segments, got {n_segments}")


def _check_index(index: int, n_segments: int) -> None:
    _check_count(n_segments)
    if not 0 <= index < n_segments:
        raise ValueError(f"segment index {index} is not in 0..{n_segments - 1}")
