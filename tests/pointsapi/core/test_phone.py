"""Mobile numbers normalise to E.164 and are shown masked."""

from __future__ import annotations

import pytest

from pointsapi.core.masking import mask_phone
from pointsapi.core.phone import normalise_phone


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("13812345678", "+8613812345678"),
        ("138 1234 5678", "+8613812345678"),
        ("+86 138-1234-5678", "+8613812345678"),
        ("0086 13812345678", "+8613812345678"),
        ("+44 7700 900123", "+447700900123"),
    ],
)
def test_numbers_normalise_to_e164(typed: str, e164: str) -> None:
    assert normalise_phone(typed) == e164


@pytest.mark.parametrize("typed", ["", "12345", "23812345678", "+8623812345678", "phone", "+0123"])
def test_what_is_not_a_mobile_number_is_refused(typed: str) -> None:
    assert normalise_phone(typed) is None


def test_masked_numbers_keep_only_the_prefix_and_last_four_digits() -> None:
    assert mask_phone("+8613812345678") == "+86 138****5678"
    assert mask_phone("+447700900123") == "+********0123"
