"""The sender named in settings."""

from __future__ import annotations

from pointsapi.core.clock import Clock
from pointsapi.core.sms_settings import SmsSettings
from pointsapi.sms.log_sender import LogSender
from pointsapi.sms.port import SmsSender
from pointsapi.sms.tencent import TencentSender


def make_sender(settings: SmsSettings, clock: Clock) -> SmsSender:
    if settings.sender == "tencent":
        return TencentSender(settings.tencent, clock)
    return LogSender(settings.log_path, clock)
