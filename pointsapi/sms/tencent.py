"""Tencent Cloud SMS (API 3.0, ``SendSms``, version 2021-01-11) over HTTPS.

The request is signed with TC3-HMAC-SHA256 over ``content-type``, ``host`` and ``x-tc-action``.
The answer is ``{"Response": {"SendStatusSet": [{"Code": "Ok", ...}], ...}}`` on success, or
``{"Response": {"Error": {"Code": ..., "Message": ...}}}``; both come with HTTP 200.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import httpx

from pointsapi.core.clock import Clock
from pointsapi.core.sms_settings import TencentSmsSettings
from pointsapi.sms import tc3
from pointsapi.sms.port import OneTimeCode, SmsError

SERVICE = "sms"
ACTION = "SendSms"
VERSION = "2021-01-11"
CONTENT_TYPE = "application/json; charset=utf-8"


class TencentSender:
    def __init__(
        self,
        settings: TencentSmsSettings,
        clock: Clock,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        if not (settings.secret_id and settings.secret_key and settings.sdk_app_id):
            raise ValueError("Tencent SMS needs secret_id, secret_key and sdk_app_id")
        self.settings = settings
        self._clock = clock
        self._client = httpx.Client(timeout=settings.timeout_s, transport=transport)
        self._host = urlsplit(settings.endpoint).netloc

    def request_body(self, phone: str, message: OneTimeCode) -> bytes:
        body = {
            "PhoneNumberSet": [phone],
            "SmsSdkAppId": self.settings.sdk_app_id,
            "SignName": self.settings.sign_name,
            "TemplateId": self.settings.template_id,
            "TemplateParamSet": [message.code, str(message.minutes)],
        }
        return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def send_code(self, phone: str, message: OneTimeCode) -> None:
        payload = self.request_body(phone, message)
        timestamp = int(self._clock.now().timestamp())
        signed = [("Content-Type", CONTENT_TYPE), ("Host", self._host), ("X-TC-Action", ACTION)]
        headers = dict(signed)
        headers |= {
            "X-TC-Timestamp": str(timestamp),
            "X-TC-Version": VERSION,
            "X-TC-Region": self.settings.region,
            "Authorization": tc3.authorization(
                secret_id=self.settings.secret_id,
                secret_key=self.settings.secret_key,
                service=SERVICE,
                timestamp=timestamp,
                headers=signed,
                payload=payload,
            ),
        }
        try:
            resp = self._client.post(self.settings.endpoint, content=payload, headers=headers)
        except httpx.HTTPError as exc:
            raise SmsError(f"Tencent SMS unreachable: {type(exc).__name__}") from exc
        _check_answer(resp)


def _check_answer(resp: httpx.Response) -> None:
    if resp.status_code != 200:
        raise SmsError(f"Tencent SMS answered HTTP {resp.status_code}")
    try:
        answer = resp.json()["Response"]
    except (ValueError, KeyError, TypeError) as exc:
        raise SmsError("Tencent SMS answered something that is not its API") from exc
    if not isinstance(answer, dict):
        raise SmsError("Tencent SMS answered something that is not its API")
    if "Error" in answer:
        error = answer["Error"]
        code = error.get("Code", "?") if isinstance(error, dict) else "?"
        raise SmsError(f"Tencent SMS refused the request: {code}")
    statuses = answer.get("SendStatusSet")
    if not isinstance(statuses, list) or not statuses:
        raise SmsError("Tencent SMS answered without a send status")
    for status in statuses:
        if not isinstance(status, dict) or status.get("Code") != "Ok":
            code = status.get("Code", "?") if isinstance(status, dict) else "?"
            raise SmsError(f"Tencent SMS did not send the message: {code}")
