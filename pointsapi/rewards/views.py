"""Database rows -> response bodies."""

from __future__ import annotations

import json
from typing import Literal, cast

from sqlalchemy.orm import Session

from pointsapi.core.schemas import LocalizedName
from pointsapi.rewards.models import CatalogueItem, Voucher
from pointsapi.rewards.redemption import CatalogueEntry
from pointsapi.rewards.schemas import CatalogueItemAdmin, CatalogueItemView, VoucherView
from pointsapi.stores.models import Store

_CASH_NAME = LocalizedName(en="Cash voucher", zh="现金券")


ItemKind = Literal["voucher", "gift", "service", "deal"]


VoucherKind = Literal["voucher", "gift", "service", "deal", "cash"]


VoucherState = Literal["issued", "printed", "redeemed", "expired", "voided"]


def voucher_view(session: Session, voucher: Voucher) -> VoucherView:
    item = session.get(CatalogueItem, voucher.item_id) if voucher.item_id else None
    store = session.get(Store, voucher.store_id)
    assert store is not None
    return VoucherView(
        voucher_id=voucher.id,
        code=voucher.code,
        kind=cast(VoucherKind, voucher.kind),
        state=cast(VoucherState, voucher.state),
        item_code=item.code if item else None,
        name=LocalizedName(en=item.name_en, zh=item.name_zh) if item else _CASH_NAME,
        points=voucher.points,
        value_minor=voucher.value_minor,
        cash_due_minor=voucher.cash_due_minor,
        currency=store.currency,
        issued_at=voucher.issued_at,
        expires_at=voucher.expires_at,
        redeemed_at=voucher.redeemed_at,
    )


def catalogue_view(entry: CatalogueEntry, balance: int, currency: str) -> CatalogueItemView:
    item = entry.item
    return CatalogueItemView(
        code=item.code,
        kind=cast(ItemKind, item.kind),
        name=LocalizedName(en=item.name_en, zh=item.name_zh),
        points=item.points_cost,
        cash_minor=item.cash_minor,
        value_minor=item.value_minor,
        currency=currency,
        stock=entry.stock,
        remaining_for_member=entry.remaining_for_member,
        affordable=balance >= item.points_cost
        and (entry.stock is None or entry.stock > 0)
        and (entry.remaining_for_member is None or entry.remaining_for_member > 0),
        valid_until=item.valid_until,
    )


def item_admin_view(item: CatalogueItem) -> CatalogueItemAdmin:
    return CatalogueItemAdmin(
        id=item.id,
        code=item.code,
        kind=cast(ItemKind, item.kind),
        name_en=item.name_en,
        name_zh=item.name_zh,
        points_cost=item.points_cost,
        cash_minor=item.cash_minor,
        value_minor=item.value_minor,
        valid_from=item.valid_from,
        valid_until=item.valid_until,
        per_member_limit=item.per_member_limit,
        tier_codes=json.loads(item.tier_codes_json) if item.tier_codes_json else None,
        voucher_valid_days=item.voucher_valid_days,
        active=item.active,
    )
