"""One table of API problem codes: what members and staff are told for each."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kiosk.client import ApiError, ApiUnavailable
from kiosk.client.parse import parse_gifts, parse_login
from kiosk.client.problems import (
    MEMBER_PROBLEMS,
    STAFF_PROBLEMS,
    problem_for,
    problem_params,
    staff_problem_for,
)
from kiosk.core.events import Problem
from kiosk.core.staff import GiftStock, StaffIdentity, StaffProblem


def test_member_and_staff_codes_do_not_overlap() -> None:
    assert not set(MEMBER_PROBLEMS) & set(STAFF_PROBLEMS)


def test_known_unknown_and_unavailable() -> None:
    assert problem_for(ApiError("pin_locked", 423)) is Problem.PIN_LOCKED
    assert problem_for(ApiError("brand_new_code", 409)) is Problem.SERVER_ERROR
    assert problem_for(ApiUnavailable("timeout")) is Problem.OFFLINE
    assert staff_problem_for(ApiError("staff_locked", 423)) is StaffProblem.LOCKED
    assert staff_problem_for(ApiError("pin_locked", 423)) is StaffProblem.SERVER_ERROR
    assert staff_problem_for(ApiUnavailable("timeout")) is StaffProblem.OFFLINE


def test_a_validation_error_is_the_number_typed_only_when_adjusting() -> None:
    refused = ApiError("validation_error", 422)
    assert staff_problem_for(refused, adjusting=True) is StaffProblem.INVALID_QUANTITY
    assert staff_problem_for(refused) is StaffProblem.SERVER_ERROR


@pytest.mark.parametrize(
    ("extra", "params"),
    [
        ({"attempts_left": 2}, (("attempts_left", "2"),)),
        ({"locked_until": "2026-01-01T10:04:30+00:00"}, (("minutes", "5"),)),
        ({"locked_until": "soon"}, ()),
        ({}, ()),
    ],
)
def test_problem_params(extra: dict[str, object], params: tuple[tuple[str, str], ...]) -> None:
    now = datetime(2026, 1, 1, 10, 0, tzinfo=UTC)
    assert problem_params(ApiError("pin_locked", 423, extra=extra), now) == params


def test_staff_answers_parse_strictly() -> None:
    gift = {"code": "MUG", "name": {"en": "Mug"}, "quantity": 3, "low_threshold": 1}
    assert parse_gifts({"gifts": [gift]}) == (GiftStock("MUG", {"en": "Mug"}, 3, 1),)
    login = {"staff": {"staff_id": "s1", "display_name": "Li", "role": "clerk"}, "token": "t"}
    assert parse_login(login) == (StaffIdentity("s1", "Li", "clerk"), "t")
    with pytest.raises(TypeError):
        parse_gifts({"gifts": [{**gift, "quantity": True}]})
