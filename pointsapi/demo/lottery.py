"""The demo store's wheel (``pointsapi demo-data``): points prizes, the ``cash-5`` voucher, the
``tote-bag`` gift (its catalogue stock of 5 is the wheel's stock too) and two "thanks" slices;
100 points a spin after the tier's free spins, 3 spins a day, a prize budget of 3000 points a
day. Seeds for today and tomorrow are made, so the kiosk demo can spin at once.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from pointsapi.lottery import config, state
from pointsapi.lottery.schemas import AssetImageIn, LabelIn, SegmentConfig, WheelConfig
from pointsapi.stores.models import Store

# id, kind, en, zh, colour, weight, points, item code, picture
DEMO_SEGMENTS: tuple[
    tuple[str, str, str, str, str, int, int | None, str | None, str | None], ...
] = (
    ("p10", "points", "10 points", "10 积分", "#E4572E", 30, 10, None, None),
    ("thanks", "thanks", "Thanks for playing", "谢谢参与", "#17BEBB", 30, None, None, None),
    ("p50", "points", "50 points", "50 积分", "#FFC914", 12, 50, None, None),
    ("cash5", "voucher", "5 yuan voucher", "5元代金券", "#2E282A", 5, None, "cash-5", None),
    ("p20", "points", "20 points", "20 积分", "#76B041", 10, 20, None, None),
    ("tote", "gift", "Tote bag", "环保袋", "#7D5BA6", 3, None, "tote-bag", "tote.png"),
    ("p200", "points", "200 points", "200 积分", "#F08700", 2, 200, None, None),
    ("thanks2", "thanks", "Next time!", "下次好运", "#3C91E6", 8, None, None, None),
)


def demo_wheel_config() -> WheelConfig:
    return WheelConfig(
        active=True,
        spin_cost_points=100,
        daily_limit=3,
        daily_budget_points=3000,
        fallback_segment_id="thanks",
        segments=[
            SegmentConfig(
                id=seg_id,
                kind=kind,  # type: ignore[arg-type]
                label=LabelIn(en=en, zh=zh),
                colour=colour,
                image=AssetImageIn(asset=picture) if picture else None,
                weight=weight,
                points=points,
                item_code=item_code,
            )
            for seg_id, kind, en, zh, colour, weight, points, item_code, picture in DEMO_SEGMENTS
        ],
    )


def ensure_demo_wheel(session: Session, store: Store, now: datetime) -> None:
    """Give the demo store its wheel unless it has one (an admin's edits are kept), and make
    the seeds of today and tomorrow."""
    if state.wheel_of(session, store.id) is None:
        config.save(session, store, demo_wheel_config(), now)
    state.ensure_days(session, store, now)
