"""Admin configuration of a store's wheel: validated and saved as a whole (``PUT``).

The shape is checked by the request model; here the rules that need the database or span
fields: unique segment ids, a fallback that exists and cannot run out (points or thanks), prizes
that match their kind, catalogue items of the right kind, a total weight the draw can use.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from pointsapi.core.errors import ApiError
from pointsapi.core.tokens import new_id
from pointsapi.lottery import fairness
from pointsapi.lottery.models import Wheel, WheelSegment
from pointsapi.lottery.schemas import (
    AssetImageIn,
    LabelIn,
    SegmentConfig,
    UrlImageIn,
    WheelConfig,
    WheelConfigView,
)
from pointsapi.lottery.state import compute, day_row, ensure_days, segments_of, store_day, wheel_of
from pointsapi.rewards.models import CatalogueItem
from pointsapi.stores.models import Store


def _invalid(detail: str) -> ApiError:
    return ApiError(422, "wheel_invalid", detail)


def _item_for(session: Session, seg: SegmentConfig, where: str) -> CatalogueItem | None:
    if seg.kind == "points":
        if seg.points is None:
            raise _invalid(f"{where}: a points segment needs 'points'.")
        if seg.item_code is not None or seg.budget_points is not None:
            raise _invalid(f"{where}: a points segment has no 'item_code' or 'budget_points'.")
        return None
    if seg.kind == "thanks":
        if seg.points is not None or seg.item_code is not None or seg.budget_points is not None:
            raise _invalid(f"{where}: a thanks segment has no prize.")
        return None
    if seg.item_code is None or seg.points is not None:
        raise _invalid(f"{where}: a {seg.kind} segment needs 'item_code' (and no 'points').")
    item = session.scalar(select(CatalogueItem).where(CatalogueItem.code == seg.item_code))
    if item is None:
        raise _invalid(f"{where}.item_code: no catalogue item {seg.item_code!r}.")
    if item.kind != seg.kind:
        raise _invalid(f"{where}.item_code: {seg.item_code!r} is a {item.kind}, not a {seg.kind}.")
    return item


def validate(session: Session, body: WheelConfig) -> list[CatalogueItem | None]:
    ids = [s.id for s in body.segments]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise _invalid(f"segments: duplicate segment id {duplicates[0]!r}.")
    if body.fallback_segment_id not in ids:
        raise _invalid(f"fallback_segment_id: no segment {body.fallback_segment_id!r}.")
    fallback = body.segments[ids.index(body.fallback_segment_id)]
    if fallback.kind not in ("points", "thanks"):
        raise _invalid("fallback_segment_id: the fallback must be a points or thanks segment.")
    total = sum(s.weight for s in body.segments)
    if not 0 < total < fairness.MAX_TOTAL_WEIGHT:
        raise _invalid("segments: the weights must add up to 1 .. 2^32 - 1.")
    return [_item_for(session, s, f"segments[{i}]") for i, s in enumerate(body.segments)]


def save(session: Session, store: Store, body: WheelConfig, now: datetime) -> Wheel:
    """Replace the store's wheel configuration; the version increases."""
    items = validate(session, body)
    wheel = wheel_of(session, store.id, lock=True)
    if wheel is None:
        wheel = Wheel(id=new_id("w"), store_id=store.id, version=0, state_key="")
        session.add(wheel)
    wheel.active = body.active
    wheel.version += 1
    wheel.state_key = ""  # set below, once the segments are in
    wheel.spin_cost_points = body.spin_cost_points
    wheel.daily_limit = body.daily_limit
    wheel.daily_budget_points = body.daily_budget_points
    wheel.fallback_segment_id = body.fallback_segment_id
    wheel.updated_at = now
    session.flush()
    session.execute(delete(WheelSegment).where(WheelSegment.wheel_id == wheel.id))
    for position, (seg, item) in enumerate(zip(body.segments, items, strict=True)):
        image = seg.image
        session.add(
            WheelSegment(
                wheel_id=wheel.id,
                segment_id=seg.id,
                position=position,
                kind=seg.kind,
                label_en=seg.label.en,
                label_zh=seg.label.zh,
                colour=seg.colour.upper(),
                image_asset=image.asset if isinstance(image, AssetImageIn) else None,
                image_url=image.url if isinstance(image, UrlImageIn) else None,
                image_sha256=image.sha256 if isinstance(image, UrlImageIn) else None,
                weight=seg.weight,
                points=seg.points,
                item_id=item.id if item is not None else None,
                budget_points=(
                    (seg.budget_points if seg.budget_points is not None else item.points_cost)
                    if item is not None
                    else 0
                ),
            )
        )
    session.flush()
    ensure_days(session, store, now)
    today = day_row(session, store.id, store_day(store, now))
    wheel.state_key = compute(session, wheel, store, now, today).state_key
    session.flush()
    return wheel


def view(session: Session, wheel: Wheel) -> WheelConfigView:
    segments: list[SegmentConfig] = []
    for seg in segments_of(session, wheel):
        item = session.get(CatalogueItem, seg.item_id) if seg.item_id else None
        image: AssetImageIn | UrlImageIn | None = None
        if seg.image_asset:
            image = AssetImageIn(asset=seg.image_asset)
        elif seg.image_url and seg.image_sha256:
            image = UrlImageIn(url=seg.image_url, sha256=seg.image_sha256)
        segments.append(
            SegmentConfig(
                id=seg.segment_id,
                kind=seg.kind,  # type: ignore[arg-type]
                label=LabelIn(en=seg.label_en, zh=seg.label_zh),
                colour=seg.colour,
                image=image,
                weight=seg.weight,
                points=seg.points,
                item_code=item.code if item else None,
                budget_points=seg.budget_points if item else None,
            )
        )
    return WheelConfigView(
        wheel_id=wheel.id,
        store_id=wheel.store_id,
        version=wheel.version,
        active=wheel.active,
        spin_cost_points=wheel.spin_cost_points,
        daily_limit=wheel.daily_limit,
        daily_budget_points=wheel.daily_budget_points,
        fallback_segment_id=wheel.fallback_segment_id,
        segments=segments,
    )
