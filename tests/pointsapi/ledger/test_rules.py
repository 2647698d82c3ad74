"""Pure rule arithmetic: earning, promotions, check-in schedule, rules validation."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from pointsapi.ledger.rules.config import CheckinRules, EarnRate, PointsCash, StoreRules
from pointsapi.ledger.rules.earning import PromotionRule, promotion_multiplier, purchase_points


def test_worked_example_of_the_rules_page() -> None:
    # 123.45 yuan, 1 point per yuan, Silver x1.1, member day x2 -> 271.59 -> 271.
    assert purchase_points(12_345, EarnRate(), 110, 200) == 271


@pytest.mark.parametrize(
    ("amount", "rate", "tier", "promo", "points"),
    [
        (99, EarnRate(), 100, 100, 0),
        (100, EarnRate(), 100, 100, 1),
        (199, EarnRate(), 100, 100, 1),
        (0, EarnRate(), 200, 300, 0),
        (10_000, EarnRate(points=2, per_minor=100), 125, 100, 250),
        (10**12, EarnRate(), 200, 10_000, 10**12 // 100 * 2 * 100),
    ],
)
def test_purchase_points_round_down_once(
    amount: int, rate: EarnRate, tier: int, promo: int, points: int
) -> None:
    assert purchase_points(amount, rate, tier, promo) == points


def test_negative_amount_is_a_bug() -> None:
    with pytest.raises(ValueError, match="negative"):
        purchase_points(-1, EarnRate(), 100, 100)


def _promo(
    schedule: str, value: int, pct: int, tiers: frozenset[str] | None = None
) -> PromotionRule:
    return PromotionRule("p", schedule, value, pct, tiers, date(2026, 1, 1), date(2026, 12, 31))


def test_promotions_match_schedule_window_and_tier() -> None:
    eighth = _promo("month_day", 8, 200)
    wednesday_gold = _promo("weekday", 3, 300, frozenset({"gold"}))
    assert eighth.applies(date(2026, 5, 8), "bronze")
    assert not eighth.applies(date(2026, 5, 9), "bronze")
    assert not eighth.applies(date(2027, 1, 8), "bronze")  # after the end date
    assert wednesday_gold.applies(date(2026, 3, 11), "gold")
    assert not wednesday_gold.applies(date(2026, 3, 11), "silver")
    # The best applicable one wins; they do not multiply.
    both = [eighth, wednesday_gold]
    assert promotion_multiplier(both, date(2026, 4, 8), "gold") == (300, "p")  # a Wednesday
    assert promotion_multiplier(both, date(2026, 4, 8), "bronze") == (200, "p")
    assert promotion_multiplier(both, date(2026, 4, 9), "gold") == (100, None)


def test_checkin_bonus_schedule() -> None:
    rules = CheckinRules()
    assert [rules.bonus_for(d) for d in range(1, 15)] == [0] * 6 + [20] + [0] * 6 + [20]
    once = CheckinRules(streak_bonus={3: 5, 10: 50}, cycle_days=0)
    assert [once.bonus_for(d) for d in (3, 10, 13, 20)] == [5, 50, 0, 0]


def test_invalid_rules_are_refused() -> None:
    with pytest.raises(ValidationError):
        CheckinRules(streak_bonus={8: 5}, cycle_days=7)
    with pytest.raises(ValidationError):
        PointsCash(min_points=5000, max_points=1000)
    with pytest.raises(ValidationError):
        StoreRules.model_validate({"earn": {"per_minor": 0}})
    with pytest.raises(ValidationError):
        StoreRules.model_validate({"unknown": 1})
    assert StoreRules.model_validate_json("{}") == StoreRules()
