"""Which SMS sender the API uses, and its credentials (part of :class:`Settings`).

``log`` writes each message as one JSON line to ``log_path`` (development and the demo);
``tencent`` sends through Tencent Cloud SMS (API 3.0 ``SendSms``, TC3-HMAC-SHA256 signed).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ENV_PREFIX = "POINTSAPI_SMS_"


class TencentSmsSettings(BaseModel):
    model_config = ConfigDict(frozen=True)

    secret_id: str = ""
    secret_key: str = Field(default="", repr=False)
    sdk_app_id: str = ""
    sign_name: str = ""
    # A template with two parameters: {1} the code, {2} its lifetime in minutes.
    template_id: str = ""
    region: str = "ap-guangzhou"
    # Tests point this at a loopback server that checks the request and its signature.
    endpoint: str = "https://sms.tencentcloudapi.com"
    timeout_s: float = Field(default=10.0, gt=0)


class SmsSettings(BaseModel):
    model_config = ConfigDict(frozen=True)

    sender: Literal["log", "tencent"] = "log"
    log_path: Path = Path("sms-outbox.jsonl")
    tencent: TencentSmsSettings = Field(default_factory=TencentSmsSettings)

    @classmethod
    def from_env(cls) -> SmsSettings:
        """``POINTSAPI_SMS_SENDER``, ``_LOG``, ``_TENCENT_SECRET_ID`` (``_KEY``, ``_APP_ID``,
        ``_SIGN``, ``_TEMPLATE``, ``_REGION``, ``_ENDPOINT``): for worker processes."""
        env = os.environ
        tencent = TencentSmsSettings(
            secret_id=env.get(f"{ENV_PREFIX}TENCENT_SECRET_ID", ""),
            secret_key=env.get(f"{ENV_PREFIX}TENCENT_SECRET_KEY", ""),
            sdk_app_id=env.get(f"{ENV_PREFIX}TENCENT_APP_ID", ""),
            sign_name=env.get(f"{ENV_PREFIX}TENCENT_SIGN", ""),
            template_id=env.get(f"{ENV_PREFIX}TENCENT_TEMPLATE", ""),
            region=env.get(f"{ENV_PREFIX}TENCENT_REGION", "ap-guangzhou"),
            endpoint=env.get(f"{ENV_PREFIX}TENCENT_ENDPOINT", "https://sms.tencentcloudapi.com"),
        )
        sender = env.get(f"{ENV_PREFIX}SENDER", "log")
        return cls(
            sender="tencent" if sender == "tencent" else "log",
            log_path=Path(env.get(f"{ENV_PREFIX}LOG", "sms-outbox.jsonl")),
            tencent=tencent,
        )
