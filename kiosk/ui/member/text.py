"""The member screens' words, without Kivy: points, money, reward captions and notices, tested
without a window."""

from __future__ import annotations

from kiosk.core.models import RewardItem
from kiosk.core.session import Notice
from kiosk.i18n import Translator


def format_points(points: int) -> str:
    """Points with thousands separators."""
    return f"{points:,}"


def format_money(minor: int, currency: str) -> str:
    """Minor units as money with the currency's symbol (or its code)."""
    symbol = {"CNY": "¥", "USD": "$", "EUR": "€", "HKD": "HK$"}.get(currency)
    amount = f"{minor // 100:,}.{minor % 100:02d}"
    return f"{symbol}{amount}" if symbol else f"{amount} {currency}"


def reward_caption(t: Translator, item: RewardItem) -> str:
    """What a reward costs: points, or points and cash."""
    if item.cash_minor:
        return t(
            "rewards.points_cash",
            points=format_points(item.points),
            cash=format_money(item.cash_minor, item.currency),
        )
    return t("rewards.points", points=format_points(item.points))


def reward_blocker(t: Translator, item: RewardItem) -> str:
    """Why a reward cannot be taken (out of stock, limit, points), or the stock left."""
    if item.stock == 0:
        return t("rewards.out_of_stock")
    if item.remaining_for_member == 0:
        return t("rewards.limit")
    if not item.affordable:
        return t("rewards.not_enough")
    if item.stock is not None:
        return t("rewards.stock_left", count=item.stock)
    return ""


def notice_text(t: Translator, notice: Notice | None) -> str:
    """The result of the last action in words ("" for none)."""
    return t(notice.key, **dict(notice.params)) if notice is not None else ""
