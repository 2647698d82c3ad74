"""Tencent Cloud SMS: TC3-HMAC-SHA256 signing as documented, and the sender over real HTTP
against a loopback server that checks the request format and recomputes the signature."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from pointsapi.core.clock import ManualClock
from pointsapi.core.sms_settings import TencentSmsSettings
from pointsapi.sms import tc3
from pointsapi.sms.port import OneTimeCode, SmsError
from pointsapi.sms.tencent import TencentSender

SECRET_ID = "AKIDtest0000000000000000000000000000"
SECRET_KEY = "test-secret-key-0000000000000000"


def test_signature_matches_tencents_documented_example() -> None:
    # The worked example of Tencent's "Signature v3" page (CVM DescribeInstances).
    params = {"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}
    payload = json.dumps(params).encode()
    headers = [
        ("content-type", "application/json; charset=utf-8"),
        ("host", "cvm.tencentcloudapi.com"),
    ]
    request, signed = tc3.canonical_request(headers, payload)
    assert signed == "content-type;host"
    assert request.endswith("35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064")
    assert tc3.string_to_sign(1551113065, "cvm", request).endswith(
        "2019-02-25/cvm/tc3_request\n"
        "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031"
    )
    assert (
        tc3.signature("Gu5t9xGARNpq86cd98joQYCN3*******", 1551113065, "cvm", request)
        == "2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c"
    )


def _verify(headers: dict[str, str], body: bytes) -> str | None:
    """What Tencent's gateway checks, written out from the documentation (not from tc3.py)."""
    auth = headers.get("authorization", "")
    prefix = "TC3-HMAC-SHA256 "
    if not auth.startswith(prefix):
        return "AuthFailure.SignatureFailure"
    parts = dict(p.strip().split("=", 1) for p in auth[len(prefix) :].split(","))
    secret_id, date, service, terminator = parts["Credential"].split("/")
    signed = parts["SignedHeaders"].split(";")
    timestamp = int(headers["x-tc-timestamp"])
    if secret_id != SECRET_ID:
        return "AuthFailure.SecretIdNotFound"
    if date != datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d") or service != "sms":
        return "AuthFailure.SignatureFailure"
    if terminator != "tc3_request" or not {"content-type", "host"} <= set(signed):
        return "AuthFailure.SignatureFailure"
    # Header values trimmed; the action's value in lower case (as in Tencent's example).
    values = {name: headers[name].strip() for name in signed}
    if "x-tc-action" in values:
        values["x-tc-action"] = values["x-tc-action"].lower()
    canonical_headers = "".join(f"{name}:{values[name]}\n" for name in signed)
    canonical = "\n".join(
        ["POST", "/", "", canonical_headers, ";".join(signed), hashlib.sha256(body).hexdigest()]
    )
    to_sign = "\n".join(
        [
            "TC3-HMAC-SHA256",
            str(timestamp),
            f"{date}/sms/tc3_request",
            hashlib.sha256(canonical.encode()).hexdigest(),
        ]
    )
    key = hmac.new(f"TC3{SECRET_KEY}".encode(), date.encode(), hashlib.sha256).digest()
    key = hmac.new(key, b"sms", hashlib.sha256).digest()
    key = hmac.new(key, b"tc3_request", hashlib.sha256).digest()
    expected = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    return (
        None
        if hmac.compare_digest(expected, parts["Signature"])
        else "AuthFailure.SignatureFailure"
    )


class FakeTencent:
    """A loopback SMS gateway: checks action, version, body and signature like the real one."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.refuse_with: str | None = None
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                headers = {k.lower(): v for k, v in self.headers.items()}
                error = _verify(headers, body)
                if (
                    headers.get("x-tc-action") != "SendSms"
                    or headers.get("x-tc-version") != "2021-01-11"
                ):
                    error = error or "InvalidAction"
                if headers.get("content-type") != "application/json; charset=utf-8":
                    error = error or "InvalidParameter.ContentType"
                request = json.loads(body)
                fake.received.append({"headers": headers, "body": request})
                if error is None and fake.refuse_with:
                    error = fake.refuse_with
                if error is not None:
                    answer = {
                        "Response": {"Error": {"Code": error, "Message": "no"}, "RequestId": "r"}
                    }
                else:
                    answer = {
                        "Response": {
                            "SendStatusSet": [
                                {"Code": "Ok", "PhoneNumber": p, "SerialNo": "s"}
                                for p in request["PhoneNumberSet"]
                            ],
                            "RequestId": "r",
                        }
                    }
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *_args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway() -> Iterator[FakeTencent]:
    fake = FakeTencent()
    yield fake
    fake.close()


def _settings(url: str, secret_key: str = SECRET_KEY) -> TencentSmsSettings:
    return TencentSmsSettings(
        secret_id=SECRET_ID,
        secret_key=secret_key,
        sdk_app_id="1400000001",
        sign_name="积分会员",
        template_id="123456",
        endpoint=url,
    )


MESSAGE = OneTimeCode(code="042913", minutes=5, text="Your code is 042913")


def test_a_code_is_sent_with_a_signature_the_gateway_accepts(gateway: FakeTencent) -> None:
    clock = ManualClock(datetime(2026, 3, 10, 4, 0, tzinfo=UTC))
    TencentSender(_settings(gateway.url), clock).send_code("+8613812345678", MESSAGE)
    (request,) = gateway.received
    assert request["body"] == {
        "PhoneNumberSet": ["+8613812345678"],
        "SmsSdkAppId": "1400000001",
        "SignName": "积分会员",
        "TemplateId": "123456",
        "TemplateParamSet": ["042913", "5"],
    }
    assert request["headers"]["x-tc-timestamp"] == str(int(clock.now().timestamp()))
    assert request["headers"]["x-tc-region"] == "ap-guangzhou"


def test_a_wrong_secret_is_refused_by_the_gateway_and_raised(gateway: FakeTencent) -> None:
    clock = ManualClock(datetime(2026, 3, 10, 4, 0, tzinfo=UTC))
    sender = TencentSender(_settings(gateway.url, secret_key="not-the-key"), clock)
    with pytest.raises(SmsError, match=r"AuthFailure\.SignatureFailure"):
        sender.send_code("+8613812345678", MESSAGE)


def test_a_provider_refusal_and_an_unreachable_gateway_are_sms_errors(gateway: FakeTencent) -> None:
    clock = ManualClock(datetime(2026, 3, 10, 4, 0, tzinfo=UTC))
    gateway.refuse_with = "LimitExceeded.PhoneNumberDailyLimit"
    with pytest.raises(SmsError, match="PhoneNumberDailyLimit"):
        TencentSender(_settings(gateway.url), clock).send_code("+8613812345678", MESSAGE)
    url = gateway.url
    gateway.close()
    with pytest.raises(SmsError, match="unreachable"):
        TencentSender(_settings(url), clock).send_code("+8613812345678", MESSAGE)
