"""The one table of API problem codes (docs/api.md, docs/staff-api.md) -> what people are told.

Codes not listed are SERVER_ERROR: the kiosk cannot explain what it does not know, but it never
crashes on them. ``ApiUnavailable`` (no usable answer) is always OFFLINE.
"""

from __future__ import annotations

import math
from datetime import datetime

from kiosk.client.api import ApiError, ApiUnavailable
from kiosk.core.events import Problem
from kiosk.core.staff import StaffProblem

# What a member is told.
MEMBER_PROBLEMS = {
    "member_not_found": Problem.MEMBER_NOT_FOUND,
    "code_expired": Problem.CODE_EXPIRED,
    "code_invalid": Problem.UNRECOGNISED,
    "card_invalid": Problem.UNRECOGNISED,
    "code_replayed": Problem.CODE_REPLAYED,
    "member_blocked": Problem.MEMBER_BLOCKED,
    "rate_limited": Problem.RATE_LIMITED,
    "payload_unrecognised": Problem.UNRECOGNISED,
    "member_session_expired": Problem.SESSION_EXPIRED,
    "member_session_invalid": Problem.SESSION_EXPIRED,
    "member_session_mismatch": Problem.SESSION_EXPIRED,
    "already_checked_in": Problem.ALREADY_CHECKED_IN,
    "receipt_already_claimed": Problem.RECEIPT_CLAIMED,
    "receipt_invalid": Problem.RECEIPT_INVALID,
    "receipt_expired": Problem.RECEIPT_EXPIRED,
    "insufficient_points": Problem.INSUFFICIENT_POINTS,
    "out_of_stock": Problem.OUT_OF_STOCK,
    "item_not_stocked": Problem.OUT_OF_STOCK,
    "limit_reached": Problem.LIMIT_REACHED,
    "item_unavailable": Problem.ITEM_UNAVAILABLE,
    "item_not_found": Problem.ITEM_UNAVAILABLE,
    "item_not_eligible": Problem.ITEM_UNAVAILABLE,
    "spend_not_allowed": Problem.SPEND_NEEDS_CODE,
    "pin_incorrect": Problem.PIN_INCORRECT,
    "pin_locked": Problem.PIN_LOCKED,
    "pin_not_set": Problem.PIN_NOT_SET,
    "pin_not_allowed": Problem.SPEND_NEEDS_CODE,
    "spin_limit_reached": Problem.SPIN_LIMIT_REACHED,
    "wheel_changed": Problem.WHEEL_CHANGED,
    "spin_cost_changed": Problem.WHEEL_CHANGED,
    "wheel_not_configured": Problem.WHEEL_UNAVAILABLE,
    "wheel_answer_invalid": Problem.WHEEL_UNAVAILABLE,
}

# What staff are told.
STAFF_PROBLEMS = {
    "staff_pin_wrong": StaffProblem.WRONG_PIN,
    "staff_locked": StaffProblem.LOCKED,
    "staff_wrong_store": StaffProblem.WRONG_STORE,
    "staff_disabled": StaffProblem.CREDENTIAL_DISABLED,
    "staff_session_required": StaffProblem.SESSION_EXPIRED,
    "staff_session_invalid": StaffProblem.SESSION_EXPIRED,
    "staff_session_expired": StaffProblem.SESSION_EXPIRED,
    "staff_session_mismatch": StaffProblem.SESSION_EXPIRED,
    "staff_not_allowed": StaffProblem.NOT_ALLOWED,
    "gift_not_found": StaffProblem.GIFT_NOT_FOUND,
}


def problem_for(exc: ApiError) -> Problem:
    if isinstance(exc, ApiUnavailable):
        return Problem.OFFLINE
    return MEMBER_PROBLEMS.get(exc.code, Problem.SERVER_ERROR)


def staff_problem_for(exc: ApiError, *, adjusting: bool = False) -> StaffProblem:
    """``adjusting``: a stock adjustment, where a validation error is the number typed."""
    if isinstance(exc, ApiUnavailable):
        return StaffProblem.OFFLINE
    if adjusting and exc.code == "validation_error":
        return StaffProblem.INVALID_QUANTITY
    return STAFF_PROBLEMS.get(exc.code, StaffProblem.SERVER_ERROR)


def problem_params(exc: ApiError, now: datetime) -> tuple[tuple[str, str], ...]:
    """The numbers a member's message needs, from the problem's extra fields."""
    attempts = exc.extra.get("attempts_left")
    if isinstance(attempts, int) and not isinstance(attempts, bool):
        return (("attempts_left", str(attempts)),)
    locked_until = exc.extra.get("locked_until")
    if isinstance(locked_until, str):
        try:
            until = datetime.fromisoformat(locked_until)
            minutes = max(1, math.ceil((until - now).total_seconds() / 60))
        except (ValueError, TypeError):
            return ()
        return (("minutes", str(minutes)),)
    return ()
