"""The log sender writes one JSON line per message; the factory picks the sender by name."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from pointsapi.core.clock import ManualClock
from pointsapi.core.sms_settings import SmsSettings, TencentSmsSettings
from pointsapi.sms.factory import make_sender
from pointsapi.sms.log_sender import LogSender, read_messages
from pointsapi.sms.port import OneTimeCode, SmsError
from pointsapi.sms.tencent import TencentSender

CLOCK = ManualClock(datetime(2026, 3, 10, 4, 0, tzinfo=UTC))


def test_each_message_is_one_json_line(tmp_path: Path) -> None:
    path = tmp_path / "sms.jsonl"
    sender = make_sender(SmsSettings(sender="log", log_path=path), CLOCK)
    assert isinstance(sender, LogSender)
    sender.send_code("+8613812345678", OneTimeCode("123456", 5, "验证码 123456"))
    sender.send_code("+447700900123", OneTimeCode("654321", 5, "Code 654321"))
    assert read_messages(path) == [
        {
            "at": CLOCK.now().isoformat(),
            "to": "+8613812345678",
            "code": "123456",
            "text": "验证码 123456",
        },
        {
            "at": CLOCK.now().isoformat(),
            "to": "+447700900123",
            "code": "654321",
            "text": "Code 654321",
        },
    ]


def test_an_unwritable_log_is_an_sms_error(tmp_path: Path) -> None:
    sender = LogSender(tmp_path / "missing-dir" / "sms.jsonl", CLOCK)
    with pytest.raises(SmsError):
        sender.send_code("+8613812345678", OneTimeCode("123456", 5, "x"))


def test_tencent_is_chosen_by_name_and_needs_its_credentials() -> None:
    tencent = TencentSmsSettings(secret_id="id", secret_key="key", sdk_app_id="1400000001")
    assert isinstance(
        make_sender(SmsSettings(sender="tencent", tencent=tencent), CLOCK), TencentSender
    )
    with pytest.raises(ValueError, match="secret_id"):
        make_sender(SmsSettings(sender="tencent"), CLOCK)
