"""Typed calls to the points API (contract: docs/api.md).

Every write gets an idempotency key made *before* the first attempt and reused for retries, so a
request whose answer was lost on the network is applied once however often it is sent.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import httpx

from kiosk import __version__
from kiosk.client.parse import (
    parse_checkin,
    parse_identified,
    parse_member_summary,
    parse_receipt,
    parse_redeemed,
    parse_rewards,
    parse_session,
)
from kiosk.core.models import (
    CheckinResult,
    Identified,
    MemberSession,
    MemberSummary,
    ReceiptResult,
    Redeemed,
    RewardItem,
    Spun,
)
from kiosk.core.wheel import Wheel, WheelError, parse_spin, parse_wheel

log = logging.getLogger(__name__)
T = TypeVar("T")


class ApiError(Exception):
    """The API answered with a problem (``code`` is stable, see docs/api.md)."""

    def __init__(
        self, code: str, status: int, detail: str = "", extra: dict[str, Any] | None = None
    ) -> None:
        super().__init__(f"{status} {code}: {detail}" if detail else f"{status} {code}")
        self.code = code
        self.status = status
        self.detail = detail
        # Problem fields beyond the standard ones, e.g. attempts_left for a wrong PIN.
        self.extra = extra or {}


class ApiUnavailable(ApiError):
    """No usable answer: connection refused, timeout, a 5xx, or a body that is not our JSON."""

    def __init__(self, detail: str, status: int = 0) -> None:
        super().__init__("unavailable", status, detail)


def new_idempotency_key() -> str:
    return uuid.uuid4().hex


class PointsClient:
    """One kiosk's authenticated connection to the API. Thread-safe (httpx.Client is)."""

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        timeout_s: float = 5.0,
        retries: int = 2,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._retries = retries
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"),
            timeout=httpx.Timeout(timeout_s, connect=min(timeout_s, 3.0)),
            headers={
                "Authorization": f"Bearer {token}",
                "User-Agent": f"points-kiosk/{__version__}",
                "Accept": "application/json",
            },
            transport=transport,
        )

    def close(self) -> None:
        self._http.close()

    # --- endpoints ------------------------------------------------------------------------------

    def health(self) -> float:
        """Round-trip time in milliseconds of ``GET /healthz``; raises ApiUnavailable."""
        started = time.perf_counter()
        self._request("GET", "/healthz", retries=0)
        return (time.perf_counter() - started) * 1000.0

    def identify(self, payload: str, *, idempotency_key: str | None = None) -> Identified:
        body = self._request(
            "POST",
            "/v1/kiosk/identify",
            json={"payload": payload},
            idempotency_key=idempotency_key or new_idempotency_key(),
        )
        return parsed_answer(parse_identified, body)

    def member_summary(self, member_id: str, session_token: str) -> MemberSummary:
        body = self._request(
            "GET",
            f"/v1/kiosk/members/{member_id}/summary",
            headers=_member(session_token),
        )
        return parsed_answer(parse_member_summary, body)

    def me(self) -> dict[str, Any]:
        return self._request("GET", "/v1/kiosk/me")

    def check_in(self, session_token: str, *, idempotency_key: str | None = None) -> CheckinResult:
        body = self._member_write("/v1/kiosk/checkin", session_token, {}, idempotency_key)
        return parsed_answer(parse_checkin, body)

    def claim_receipt(
        self, session_token: str, receipt: str, *, idempotency_key: str | None = None
    ) -> ReceiptResult:
        body = self._member_write(
            "/v1/kiosk/receipts/claim", session_token, {"receipt": receipt}, idempotency_key
        )
        return parsed_answer(parse_receipt, body)

    def rewards(self, session_token: str) -> tuple[RewardItem, ...]:
        body = self._request("GET", "/v1/kiosk/catalogue", headers=_member(session_token))
        return parsed_answer(parse_rewards, body)

    def redeem(
        self, session_token: str, item_code: str, *, idempotency_key: str | None = None
    ) -> Redeemed:
        body = self._member_write(
            "/v1/kiosk/redeem", session_token, {"item_code": item_code}, idempotency_key
        )
        return parsed_answer(parse_redeemed, body)

    def verify_pin(
        self, session_token: str, pin: str, *, idempotency_key: str | None = None
    ) -> MemberSession:
        """A card visit's PIN: the API answers with the session allowed to spend."""
        body = self._member_write(
            "/v1/kiosk/sessions/pin", session_token, {"pin": pin}, idempotency_key
        )
        return parsed_answer(parse_session, body)

    def wheel(self, session_token: str) -> Wheel:
        """The store's wheel with this member's offer (docs/lottery.md)."""
        body = self._request("GET", "/v1/kiosk/wheel", headers=_member(session_token))
        return parsed_answer(parse_wheel, body)

    def spin(self, session_token: str, draw_id: str, wheel: Wheel, cost_points: int) -> Spun:
        """One spin. The idempotency key comes from the kiosk-made draw id, so a retry after a
        lost answer (even from a later button press) gets the same draw."""
        request = {"draw_id": draw_id, "wheel_version": wheel.version, "cost_points": cost_points}
        body = self._member_write("/v1/kiosk/spins", session_token, request, f"spin-{draw_id}")
        result = parsed_answer(lambda data: parse_spin(data, wheel), body)
        member = body.get("member")
        try:
            summary = parse_member_summary(member) if isinstance(member, dict) else None
        except (KeyError, TypeError, ValueError):
            summary = None  # the balance and offer in the answer are enough to go on
        return Spun(result=result, member=summary)

    def _member_write(
        self,
        path: str,
        session_token: str,
        body: Mapping[str, Any],
        idempotency_key: str | None,
    ) -> dict[str, Any]:
        """A POST on the member's behalf: their session header and an idempotency key made now
        (before the first attempt, so the client's retries reuse it)."""
        return self._request(
            "POST",
            path,
            json=body,
            headers=_member(session_token),
            idempotency_key=idempotency_key or new_idempotency_key(),
        )

    def voucher_printed(self, voucher_id: str, *, idempotency_key: str | None = None) -> None:
        """Tell the API the voucher came out of the printer (issued -> printed)."""
        self._request(
            "POST",
            f"/v1/kiosk/vouchers/{voucher_id}/printed",
            json={},
            idempotency_key=idempotency_key or f"printed-{voucher_id}",
        )

    # --- transport ------------------------------------------------------------------------------

    def call(
        self,
        method: str,
        path: str,
        *,
        json: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        idempotency_key: str | None = None,
    ) -> dict[str, Any]:
        """One JSON call with this kiosk's credential (for API areas with their own client,
        such as staff mode): the answer's body, or ApiError / ApiUnavailable."""
        return self._request(
            method, path, json=json, headers=headers, idempotency_key=idempotency_key
        )

    def _request(
        self,
        method: str,
        path: str,
        *,
        json: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        idempotency_key: str | None = None,
        retries: int | None = None,
    ) -> dict[str, Any]:
        all_headers = dict(headers or {})
        if idempotency_key is not None:
            all_headers["Idempotency-Key"] = idempotency_key
        attempts = 1 + (self._retries if retries is None else retries)
        # Reads are always safe to retry; writes only because they carry an idempotency key.
        if method != "GET" and idempotency_key is None:
            attempts = 1
        last: ApiUnavailable | None = None
        for attempt in range(attempts):
            try:
                response = self._http.request(method, path, json=json, headers=all_headers)
            except httpx.HTTPError as exc:
                last = ApiUnavailable(type(exc).__name__)
                log.info("%s %s attempt %d failed: %s", method, path, attempt + 1, last.detail)
                continue
            if response.status_code >= 500:
                last = ApiUnavailable(
                    f"server answered {response.status_code}", response.status_code
                )
                continue
            return _decode(response)
        assert last is not None
        raise last


def _member(session_token: str) -> dict[str, str]:
    return {"X-Member-Session": session_token}


def _decode(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError as exc:
        raise ApiUnavailable("answer is not JSON", response.status_code) from exc
    if not isinstance(body, dict):
        raise ApiUnavailable("answer is not a JSON object", response.status_code)
    if response.is_success:
        return body
    code = body.get("code")
    if not isinstance(code, str):
        code = f"http_{response.status_code}"
    detail = body.get("detail")
    standard = {"type", "title", "status", "detail", "code", "instance"}
    extra = {k: v for k, v in body.items() if k not in standard}
    raise ApiError(code, response.status_code, detail if isinstance(detail, str) else "", extra)


def parsed_answer(parse: Callable[[dict[str, Any]], T], body: dict[str, Any]) -> T:
    """``parse(body)``, or the ApiError a member (or staff) screen can explain."""
    try:
        result: T = parse(body)
    except WheelError as exc:
        # An answer the kiosk cannot show as it is (another wheel version, unknown segment).
        raise ApiError("wheel_answer_invalid", 200, str(exc)) from exc
    except (KeyError, TypeError, ValueError) as exc:
        # A contract mismatch is the server's fault as far as the member is concerned.
        raise ApiUnavailable(f"unexpected answer shape: {exc!r}") from exc
    return result
