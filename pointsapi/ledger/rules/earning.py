"""Earning arithmetic (pure): purchase points, member-day promotions.

All arithmetic is on integers; the result is rounded down once, at the end:
``points = floor(amount * rate.points * tier_pct * promo_pct / (rate.per_minor * 100 * 100))``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pointsapi.ledger.rules.config import EarnRate


def purchase_points(amount_minor: int, rate: EarnRate, tier_pct: int, promo_pct: int) -> int:
    if amount_minor < 0:
        raise ValueError("amount must not be negative")
    numerator = amount_minor * rate.points * tier_pct * promo_pct
    return numerator // (rate.per_minor * 100 * 100)


@dataclass(frozen=True)
class PromotionRule:
    """A recurring member day: on matching store-local days, earn ``multiplier_pct``."""

    promotion_id: str
    schedule: str  # "month_day" | "weekday"
    value: int
    multiplier_pct: int
    tier_codes: frozenset[str] | None
    starts_on: date
    ends_on: date | None

    def applies(self, day: date, tier_code: str) -> bool:
        if day < self.starts_on or (self.ends_on is not None and day > self.ends_on):
            return False
        if self.tier_codes is not None and tier_code not in self.tier_codes:
            return False
        if self.schedule == "month_day":
            return day.day == self.value
        if self.schedule == "weekday":
            return day.isoweekday() == self.value
        return False


def promotion_multiplier(
    rules: list[PromotionRule], day: date, tier_code: str
) -> tuple[int, str | None]:
    """The best applicable multiplier (promotions do not stack) and which promotion gave it."""
    best, which = 100, None
    for rule in rules:
        if rule.applies(day, tier_code) and rule.multiplier_pct > best:
            best, which = rule.multiplier_pct, rule.promotion_id
    return best, which
