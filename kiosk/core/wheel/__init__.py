"""The prize wheel, kiosk side: the server's wheel config, the spin answer and the spin geometry.

The server decides every prize (``docs/lottery.md``); the kiosk only animates the answer. This
package is pure (standard library only), so the geometry, the easing curve and the parsing of what
the API sends are unit-tested without Kivy:

- ``geometry``: equal slices, the fixed pointer, ``final_angle`` strictly inside a segment;
- ``motion``: the ease-out ``SpinPlan`` and ``plan_spin``;
- ``model``: frozen records (``Wheel``, ``Segment``, ``SpinResult``, ``SpinBlock``...);
- ``parse``: ``parse_wheel`` / ``parse_spin``, each rule broken is a ``WheelError``;
- ``offer``: ``spin_block`` (why the member cannot spin now) and ``format_percent``;
- ``fairness``: the reference ``hmac-sha256-v1`` draw and ``new_draw_id``.
"""

from kiosk.core.wheel.fairness import (
    DRAW_ALGORITHM,
    draw_index,
    draw_number,
    effective_weights,
    new_draw_id,
    seed_hash,
)
from kiosk.core.wheel.geometry import (
    DEFAULT_MARGIN,
    FULL_TURN,
    MAX_SEGMENTS,
    MIN_SEGMENTS,
    final_angle,
    pointed_angle,
    position_in_segment,
    segment_span,
    segment_under_pointer,
    segment_width,
)
from kiosk.core.wheel.model import (
    MAX_LABEL_CHARS,
    PPM,
    Fairness,
    PrizeVoucher,
    Segment,
    SegmentImage,
    SegmentKind,
    SpinBlock,
    SpinOffer,
    SpinResult,
    Wheel,
    WheelError,
)
from kiosk.core.wheel.motion import SpinPlan, ease_out_cubic, ease_out_quint, plan_spin
from kiosk.core.wheel.offer import format_percent, spin_block
from kiosk.core.wheel.parse import parse_spin, parse_wheel

__all__ = [
    "DEFAULT_MARGIN",
    "DRAW_ALGORITHM",
    "FULL_TURN",
    "MAX_LABEL_CHARS",
    "MAX_SEGMENTS",
    "MIN_SEGMENTS",
    "PPM",
    "Fairness",
    "PrizeVoucher",
    "Segment",
    "SegmentImage",
    "SegmentKind",
    "SpinBlock",
    "SpinOffer",
    "SpinPlan",
    "SpinResult",
    "Wheel",
    "WheelError",
    "draw_index",
    "draw_number",
    "ease_out_cubic",
    "ease_out_quint",
    "effective_weights",
    "final_angle",
    "format_percent",
    "new_draw_id",
    "parse_spin",
    "parse_wheel",
    "plan_spin",
    "pointed_angle",
    "position_in_segment",
    "seed_hash",
    "segment_span",
    "segment_under_pointer",
    "segment_width",
    "spin_block",
]
