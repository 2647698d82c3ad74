"""The configurable rules of a store and of the programme, as typed, validated models.

Stored as JSON (``stores.rules_json``, ``config_entries['program']``); missing fields take the
defaults below, which are the example programme of docs/points-rules.md: 1 point per yuan,
points valid to the end of the year after the year earned, check-in 5 points with a 20-point
bonus on day 7 of a streak, 1000 points = 1 yuan.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from pointsapi.core.schemas import MAX_POINTS
from pointsapi.ledger.rules.expiry import ExpiryPolicy

# A purchase above this is a typo (10^8 yuan); with it every product of the earning arithmetic
# stays exact in 64 bits, and what it earns is still checked against MAX_POINTS.
MAX_PURCHASE_MINOR = 10**10
# Largest cash value a points-as-cash voucher can carry (the catalogue's bound on cash values).
MAX_CASH_VOUCHER_MINOR = 10**12

# Rule numbers are strict: "5", 5.0 or true are wrong types (see core/schemas.py).
Points = Annotated[int, Field(ge=0, le=MAX_POINTS, strict=True)]


class _Rules(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EarnRate(_Rules):
    """``points`` points for every ``per_minor`` minor units spent (1 per 100 fen = 1 per yuan)."""

    points: int = Field(default=1, ge=0, le=1000, strict=True)
    per_minor: int = Field(default=100, ge=1, le=1_000_000, strict=True)


class CheckinRules(_Rules):
    points: int = Field(default=5, ge=0, le=100_000, strict=True)
    # Extra points on a given day of a streak, e.g. {"7": 20}: day 7 earns 5 + 20.
    streak_bonus: dict[int, Points] = Field(default_factory=lambda: {7: 20}, max_length=366)
    # The bonus schedule repeats every N days of an unbroken streak (day 14, 21, ...); 0: once.
    cycle_days: int = Field(default=7, ge=0, le=366, strict=True)

    @model_validator(mode="after")
    def _check(self) -> CheckinRules:
        for day, bonus in self.streak_bonus.items():
            if not 1 <= day <= 366 or bonus < 0:
                raise ValueError("streak_bonus needs days 1 to 366 and bonuses >= 0")
            if self.cycle_days and day > self.cycle_days:
                raise ValueError("streak_bonus days must be within cycle_days")
        return self

    def bonus_for(self, streak_day: int) -> int:
        day = (streak_day - 1) % self.cycle_days + 1 if self.cycle_days else streak_day
        return self.streak_bonus.get(day, 0)


class PointsCash(_Rules):
    """Points as cash: ``points`` points are worth ``minor`` minor units (1000 points = 100 fen)."""

    points: int = Field(default=1000, ge=1, le=MAX_POINTS, strict=True)
    minor: int = Field(default=100, ge=1, le=MAX_CASH_VOUCHER_MINOR, strict=True)
    min_points: int = Field(default=1000, ge=1, le=MAX_POINTS, strict=True)
    step_points: int = Field(default=1000, ge=1, le=MAX_POINTS, strict=True)
    max_points: int = Field(default=50_000, ge=1, le=MAX_POINTS, strict=True)
    voucher_valid_days: int = Field(default=30, ge=1, le=3650, strict=True)

    @model_validator(mode="after")
    def _check(self) -> PointsCash:
        if self.min_points > self.max_points:
            raise ValueError("min_points must not exceed max_points")
        # The largest voucher must fit the signed code's and the columns' cash fields.
        if self.max_points * self.minor // self.points > MAX_CASH_VOUCHER_MINOR:
            raise ValueError(
                f"max_points at this rate would be worth more than {MAX_CASH_VOUCHER_MINOR}"
            )
        return self


class StoreRules(_Rules):
    earn: EarnRate = Field(default_factory=EarnRate)
    # How earned points are rounded (always down to whole points; kept explicit for the docs).
    rounding: Literal["down"] = "down"
    expiry_policy: ExpiryPolicy = "end_of_following_year"
    expiry_days: int = Field(default=365, ge=1, le=3650, strict=True)
    checkin: CheckinRules = Field(default_factory=CheckinRules)
    registration_bonus: int = Field(default=50, ge=0, le=1_000_000, strict=True)
    referral_bonus_referrer: int = Field(default=100, ge=0, le=1_000_000, strict=True)
    referral_bonus_new_member: int = Field(default=50, ge=0, le=1_000_000, strict=True)
    receipt_max_age_days: int = Field(default=30, ge=1, le=3650, strict=True)
    # A single purchase may not exceed this (typo guard), in minor units.
    max_purchase_minor: int = Field(default=100_000_000, ge=1, le=MAX_PURCHASE_MINOR, strict=True)
    points_cash: PointsCash = Field(default_factory=PointsCash)


class ProgramRules(_Rules):
    """Programme-wide tier rules."""

    # Qualifying points are counted over the last 12 months, or the current calendar year.
    tier_period: Literal["rolling_12_months", "calendar_year"] = "rolling_12_months"
    # Timezone in which calendar years and review dates are reckoned.
    timezone: str = Field(default="Asia/Shanghai", pattern=r"^[A-Za-z0-9_+/-]{1,64}$")
