"""Wheel state -> the bodies of ``GET /v1/kiosk/wheel`` and the public fairness records."""

from __future__ import annotations

import json

from pointsapi.core.schemas import LocalizedName
from pointsapi.lottery import fairness
from pointsapi.lottery.models import LotteryDraw
from pointsapi.lottery.offer import Offer
from pointsapi.lottery.schemas import (
    AssetImage,
    DrawRecord,
    FairnessView,
    NamedPrize,
    PointsPrize,
    SpinOffer,
    UrlImage,
    WheelSegmentView,
    WheelView,
)
from pointsapi.lottery.state import SegmentState, WheelState


def offer_view(offer: Offer) -> SpinOffer:
    return SpinOffer(
        cost_points=offer.cost_points,
        free_spins_left=offer.free_spins_left,
        spins_left_today=offer.spins_left_today,
        balance=offer.balance,
    )


def _segment(seg: SegmentState) -> WheelSegmentView:
    row = seg.row
    image: AssetImage | UrlImage | None = None
    if row.image_asset:
        image = AssetImage(asset=row.image_asset)
    elif row.image_url and row.image_sha256:
        image = UrlImage(url=row.image_url, sha256=row.image_sha256)
    prize: PointsPrize | NamedPrize | None = None
    if row.kind == "points":
        prize = PointsPrize(points=row.points or 0)
    elif seg.item is not None:
        prize = NamedPrize(name=LocalizedName(en=seg.item.name_en, zh=seg.item.name_zh))
    return WheelSegmentView(
        id=row.segment_id,
        label=LocalizedName(en=row.label_en, zh=row.label_zh),
        colour=row.colour,
        image=image,
        kind=row.kind,  # type: ignore[arg-type]
        prize=prize,
        weight=seg.weight,
        probability_ppm=seg.probability_ppm,
        out_of_stock=not seg.available,
        prints=row.kind in ("voucher", "gift"),
    )


def wheel_view(state: WheelState, offer: Offer | None) -> WheelView:
    assert state.seed_hash is not None, "today's seed is made before the wheel is shown"
    wheel = state.wheel
    return WheelView(
        wheel_id=wheel.id,
        version=wheel.version,
        segments=[_segment(s) for s in state.segments],
        fallback_segment_id=wheel.fallback_segment_id,
        spin_cost_points=wheel.spin_cost_points,
        daily_limit=wheel.daily_limit,
        fairness=FairnessView(
            store_day=state.day, seed_hash=state.seed_hash, algorithm=fairness.ALGORITHM
        ),
        offer=offer_view(offer) if offer is not None else None,
    )


def draw_record(draw: LotteryDraw) -> DrawRecord:
    return DrawRecord(
        draw_id=draw.id,
        nonce=draw.nonce,
        segment_ids=json.loads(draw.segment_ids_json),
        weights=json.loads(draw.weights_json),
        number=draw.number_hex,
        segment_index=draw.segment_index,
        segment_id=draw.segment_id,
        created_at=draw.created_at,
    )
