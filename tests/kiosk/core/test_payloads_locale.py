"""Every payload kind, rejection reason and scanning device state has a message in both
languages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import get_args

import pytest

from kiosk.core import payloads
from kiosk.i18n import LANGUAGES, translate

LOCALE = Path(payloads.__file__).resolve().parents[1] / "locale"
KINDS = [cls.kind for cls in get_args(payloads.Payload)]
REASONS = list(get_args(payloads.UnknownReason))
STATES = ["running", "scanning", "paused", "stopped", "stalled", "failing", "error",
          "disconnected", "absent", "ready", "closed"]  # fmt: skip


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_covers_kinds_reasons_and_states(lang: str) -> None:
    messages = json.loads((LOCALE / f"scan.{lang}.json").read_text(encoding="utf-8"))
    expected = {f"scan.kind.{k}" for k in KINDS} | {f"scan.reason.{r}" for r in REASONS}
    expected |= {f"scan.state.{s}" for s in STATES}
    assert expected <= set(messages)
    assert all(isinstance(v, str) and v.strip() for v in messages.values())


def test_catalogues_have_the_same_keys() -> None:
    en = json.loads((LOCALE / "scan.en.json").read_text(encoding="utf-8"))
    zh = json.loads((LOCALE / "scan.zh.json").read_text(encoding="utf-8"))
    assert set(en) == set(zh)


def test_translated_through_i18n() -> None:
    assert translate("scan.kind.member_code", "zh") == "会员码"
    assert translate("scan.reason.unrecognised", "en") == "This is not a code used by our stores."
