"""Request schemas against the database columns (issue 12, finding 5) and strict types (finding 10).

Walks every request body the app accepts (from its routes, nested models included) so a new
field cannot drift from its column unnoticed: each text field that is stored names its column
here and may be at most as long; each text field that is not stored as sent says why. Every
integer and boolean is strict (no ``"12"``, ``12.0`` or ``false`` for a number) and every date or
time is ISO 8601 text (no Unix seconds).
"""

from __future__ import annotations

import re
import types
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import pytest
from fastapi.routing import APIRoute
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from sqlalchemy import Column, String

from pointsapi.app import create_app
from pointsapi.core.settings import Settings
from pointsapi.fleet.models import Alert, KioskEvent
from pointsapi.ledger.models import Promotion, Receipt, Tier
from pointsapi.lottery.models import LotteryDraw, Wheel, WheelSegment
from pointsapi.members.models import Member
from pointsapi.rewards.models import CatalogueItem, GiftStockAdjustment
from pointsapi.staff.models import StaffMember
from pointsapi.stores.models import Kiosk, Store, Till

# (model, field) -> the columns the value is written to unchanged.
STORED: dict[tuple[str, str], tuple[Any, ...]] = {
    ("CredentialCreate", "name"): (Till.name, Kiosk.name),
    ("StoreCreate", "code"): (Store.code,),
    ("StoreCreate", "name_en"): (Store.name_en,),
    ("StoreCreate", "name_zh"): (Store.name_zh,),
    ("StoreCreate", "timezone"): (Store.timezone,),
    ("StoreCreate", "currency"): (Store.currency,),
    ("PromotionCreate", "name"): (Promotion.name,),
    ("PromotionCreate", "store_id"): (Promotion.store_id,),
    ("TierSet", "name_en"): (Tier.name_en,),
    ("TierSet", "name_zh"): (Tier.name_zh,),
    ("PurchaseRequest", "receipt_no"): (Receipt.receipt_no,),
    ("PurchaseRequest", "payment_method"): (Receipt.payment_method,),
    ("CatalogueItemCreate", "code"): (CatalogueItem.code,),
    ("CatalogueItemCreate", "name_en"): (CatalogueItem.name_en,),
    ("CatalogueItemCreate", "name_zh"): (CatalogueItem.name_zh,),
    ("CatalogueItemPatch", "name_en"): (CatalogueItem.name_en,),
    ("CatalogueItemPatch", "name_zh"): (CatalogueItem.name_zh,),
    ("MemberCreate", "full_name"): (Member.full_name,),
    ("StaffCreate", "staff_no"): (StaffMember.staff_no,),
    ("StaffCreate", "display_name"): (StaffMember.display_name,),
    ("StaffPatch", "display_name"): (StaffMember.display_name,),
    ("StaffAuditRecord", "staff_id"): (StaffMember.id,),
    ("GiftAdjustRequest", "note"): (GiftStockAdjustment.note,),
    ("SegmentConfig", "id"): (WheelSegment.segment_id,),
    ("SegmentConfig", "colour"): (WheelSegment.colour,),
    ("LabelIn", "en"): (WheelSegment.label_en,),
    ("LabelIn", "zh"): (WheelSegment.label_zh,),
    ("UrlImageIn", "url"): (WheelSegment.image_url,),
    ("UrlImageIn", "sha256"): (WheelSegment.image_sha256,),
    ("AssetImageIn", "asset"): (WheelSegment.image_asset,),
    ("WheelConfig", "fallback_segment_id"): (Wheel.fallback_segment_id,),
    ("SpinRequest", "draw_id"): (LotteryDraw.id,),
    ("GiftStockLowDetail", "gift_code"): (KioskEvent.subject, Alert.subject),
}

# (model, field) -> why the value is not written to a column as sent.
_SCANNED = "a scanned payload: verified or normalised to a short number, never stored as sent"
_LOOKUP = "only looked up (an existing code or id), never written"
_PIN = "a PIN: only its hash is stored"
_JSON = "kept inside a JSON text column (the audit or event details)"
NOT_STORED: dict[tuple[str, str], str] = {
    ("IdentifyRequest", "payload"): _SCANNED,
    ("MemberCreate", "card_number"): _SCANNED,
    ("PurchaseRequest", "member"): _SCANNED,
    ("ReceiptClaimRequest", "receipt"): _SCANNED,
    ("TillRedeemRequest", "code"): _SCANNED,
    ("StaffLoginRequest", "card"): _SCANNED,
    ("StaffCreate", "cards"): _SCANNED,
    ("PinVerifyRequest", "pin"): _PIN,
    ("MemberPinSet", "pin"): _PIN,
    ("StaffLoginRequest", "pin"): _PIN,
    ("StaffCreate", "pin"): _PIN,
    ("StaffPinSet", "pin"): _PIN,
    ("MemberCreate", "store_id"): _LOOKUP,
    ("MemberCreate", "referrer_member_no"): _LOOKUP,
    ("RedeemRequest", "item_code"): _LOOKUP,
    ("SegmentConfig", "item_code"): _LOOKUP,
    ("StaffLoginRequest", "staff_no"): _LOOKUP,
    ("StaffCreate", "store_ids"): _LOOKUP,
    ("StaffPatch", "store_ids"): _LOOKUP,
    ("PromotionCreate", "tier_codes"): "a JSON list in a text column",
    ("CatalogueItemCreate", "tier_codes"): "a JSON list in a text column",
    ("CatalogueItemPatch", "tier_codes"): "a JSON list in a text column",
    ("ProgramRules", "timezone"): "inside the rules JSON document",
    ("PaperReplacedDetails", "sensor_before"): _JSON,
    ("TestPrintDetails", "reason"): _JSON,
    ("ReprintDetails", "code"): _JSON,
    ("ReprintDetails", "reason"): _JSON,
}


@dataclass(frozen=True)
class Leaf:
    model: str
    field: str
    kind: type
    metadata: tuple[Any, ...]


def _walk_type(model: str, field: str, tp: Any, meta: tuple[Any, ...]) -> Iterator[Leaf]:
    origin = get_origin(tp)
    if origin is Annotated:
        base, *extra = get_args(tp)
        # Field(...) inside Annotated carries its constraints in its own metadata.
        flat = [m for e in extra for m in (e.metadata if isinstance(e, FieldInfo) else [e])]
        yield from _walk_type(model, field, base, meta + tuple(flat))
    elif origin in (Union, types.UnionType):
        for arg in get_args(tp):
            yield from _walk_type(model, field, arg, meta)
    elif origin in (list, tuple, set, frozenset):
        for arg in get_args(tp):
            if arg is not Ellipsis:
                yield from _walk_type(model, field, arg, ())
    elif origin is dict:
        key, value = get_args(tp)
        yield from _walk_type(model, field + "[key]", key, ())
        yield from _walk_type(model, field, value, ())
    elif origin is Literal or tp is type(None):
        return
    elif isinstance(tp, type) and issubclass(tp, BaseModel):
        yield from _walk_model(tp)
    elif isinstance(tp, type):
        yield Leaf(model, field, tp, meta)


def _walk_model(model: type[BaseModel]) -> Iterator[Leaf]:
    for name, info in model.model_fields.items():
        yield from _walk_field(model.__name__, name, info)


def _walk_field(model: str, name: str, info: FieldInfo) -> Iterator[Leaf]:
    yield from _walk_type(model, name, info.annotation, tuple(info.metadata))


def _request_models() -> list[type[BaseModel]]:
    app = create_app(Settings(database_url="sqlite://"))
    models: list[type[BaseModel]] = []
    for route in _api_routes(app.routes):
        if route.body_field is not None:
            for tp in _model_types(route.body_field.field_info.annotation):
                if tp not in models:
                    models.append(tp)
    assert len(models) > 20  # the walk found the API's bodies
    return models


def _api_routes(routes: list[Any]) -> Iterator[APIRoute]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        # FastAPI keeps an included router's routes on it ("_IncludedRouter.original_router").
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from _api_routes(included.routes)


def _model_types(tp: Any) -> Iterator[type[BaseModel]]:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        yield tp
    for arg in get_args(tp):
        yield from _model_types(arg)


def _leaves() -> list[Leaf]:
    out: list[Leaf] = []
    for model in _request_models():
        for leaf in _walk_model(model):
            if leaf not in out:
                out.append(leaf)
    return out


def _max_length(leaf: Leaf) -> int | None:
    """The longest text the field accepts: its max_length or what its pattern allows."""
    bound: int | None = None
    for meta in leaf.metadata:
        limit = getattr(meta, "max_length", None)
        pattern = getattr(meta, "pattern", None)
        for value in (limit, _pattern_width(pattern) if pattern else None):
            if value is not None:
                bound = value if bound is None else min(bound, value)
    return bound


def _pattern_width(pattern: str | re.Pattern[str]) -> int:
    parser = re._parser  # type: ignore[attr-defined]
    _low, high = parser.parse(pattern if isinstance(pattern, str) else pattern.pattern).getwidth()
    return int(high)


LEAVES = _leaves()
TEXT = [leaf for leaf in LEAVES if leaf.kind is str and not leaf.field.endswith("[key]")]


def _column_length(column: Any) -> int:
    col = column.property.columns[0] if hasattr(column, "property") else column
    assert isinstance(col, Column)
    assert isinstance(col.type, String), col
    assert col.type.length is not None
    return int(col.type.length)


@pytest.mark.parametrize("leaf", TEXT, ids=lambda leaf: f"{leaf.model}.{leaf.field}")
def test_every_text_field_is_bounded_and_fits_its_column(leaf: Leaf) -> None:
    key = (leaf.model, leaf.field)
    assert (key in STORED) != (key in NOT_STORED), f"say where {key} is stored, or why not"
    limit = _max_length(leaf)
    assert limit is not None, f"{key} has no length bound"
    for column in STORED.get(key, ()):
        assert limit <= _column_length(column), f"{key} allows {limit}, {column} holds less"


def test_the_tables_name_only_fields_that_exist() -> None:
    names = {(leaf.model, leaf.field) for leaf in TEXT}
    assert set(STORED) <= names
    assert set(NOT_STORED) <= names


def _is_strict(leaf: Leaf) -> bool:
    return any(getattr(meta, "strict", None) is True for meta in leaf.metadata)


def _refuses_numbers(leaf: Leaf) -> bool:
    from pointsapi.core.schemas import _iso_text

    return any(getattr(meta, "func", None) is _iso_text for meta in leaf.metadata)


NUMBERS = [leaf for leaf in LEAVES if leaf.kind in (int, float, bool)]
TIMES = [leaf for leaf in LEAVES if issubclass(leaf.kind, date)]


@pytest.mark.parametrize("leaf", NUMBERS, ids=lambda leaf: f"{leaf.model}.{leaf.field}")
def test_numbers_and_booleans_are_strict(leaf: Leaf) -> None:
    if leaf.field.endswith("[key]"):
        pytest.skip("JSON object keys are text; Pydantic reads them as numbers")
    assert _is_strict(leaf), f"{leaf.model}.{leaf.field} accepts other types"


@pytest.mark.parametrize("leaf", TIMES, ids=lambda leaf: f"{leaf.model}.{leaf.field}")
def test_dates_and_times_are_text_only(leaf: Leaf) -> None:
    assert leaf.kind in (date, datetime)
    assert _refuses_numbers(leaf), f"{leaf.model}.{leaf.field} reads numbers as Unix seconds"
