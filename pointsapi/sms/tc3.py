"""Tencent Cloud API 3.0 request signing, ``TC3-HMAC-SHA256``, as Tencent documents it.

CanonicalRequest = method \\n "/" \\n query \\n canonical headers \\n signed headers \\n
hex(sha256(body)); StringToSign = "TC3-HMAC-SHA256" \\n timestamp \\n
"<UTC date>/<service>/tc3_request" \\n hex(sha256(CanonicalRequest)); the signing key is
HMAC chained over ("TC3" + SecretKey) -> date -> service -> "tc3_request".
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from datetime import UTC, datetime

ALGORITHM = "TC3-HMAC-SHA256"


def _sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _hmac(key: bytes, message: str) -> bytes:
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).digest()


def utc_date(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")


def canonical_request(
    headers: Sequence[tuple[str, str]], payload: bytes, *, method: str = "POST", query: str = ""
) -> tuple[str, str]:
    """The canonical request and the signed-headers list (names lower-cased, sorted).

    Values are trimmed; the action's value is lower-cased too, as in Tencent's own example
    (``x-tc-action:describeinstances``) and SDKs.
    """
    lowered = sorted(
        (name.lower(), value.strip().lower() if name.lower() == "x-tc-action" else value.strip())
        for name, value in headers
    )
    canonical_headers = "".join(f"{name}:{value}\n" for name, value in lowered)
    signed = ";".join(name for name, _ in lowered)
    text = f"{method}\n/\n{query}\n{canonical_headers}\n{signed}\n{_sha256_hex(payload)}"
    return text, signed


def string_to_sign(timestamp: int, service: str, request: str) -> str:
    scope = f"{utc_date(timestamp)}/{service}/tc3_request"
    return f"{ALGORITHM}\n{timestamp}\n{scope}\n{_sha256_hex(request.encode('utf-8'))}"


def signature(secret_key: str, timestamp: int, service: str, request: str) -> str:
    secret_date = _hmac(("TC3" + secret_key).encode("utf-8"), utc_date(timestamp))
    secret_service = _hmac(secret_date, service)
    secret_signing = _hmac(secret_service, "tc3_request")
    to_sign = string_to_sign(timestamp, service, request)
    return hmac.new(secret_signing, to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


def authorization(
    *,
    secret_id: str,
    secret_key: str,
    service: str,
    timestamp: int,
    headers: Sequence[tuple[str, str]],
    payload: bytes,
) -> str:
    """The ``Authorization`` header for a POST of ``payload`` with ``headers`` signed."""
    request, signed = canonical_request(headers, payload)
    sig = signature(secret_key, timestamp, service, request)
    scope = f"{utc_date(timestamp)}/{service}/tc3_request"
    return f"{ALGORITHM} Credential={secret_id}/{scope}, SignedHeaders={signed}, Signature={sig}"
