"""The spin animation: an ease-out from where the wheel rests to the final angle."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.core.wheel.geometry import DEFAULT_MARGIN, final_angle


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
