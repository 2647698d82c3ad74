"""The staff endpoints of docs/staff-api.md over the member client's transport.

``StaffApiClient`` needs only a callable with the signature of ``PointsClient.call`` (method,
path, json, headers, idempotency_key): the same connection, credential, retries and error
translation as every other call the kiosk makes.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, Protocol

from kiosk.client.api import ApiUnavailable, new_idempotency_key, parsed_answer
from kiosk.client.parse import parse_gift, parse_gifts, parse_login
from kiosk.core.staff import AdjustMode, GiftStock, StaffIdentity

log = logging.getLogger(__name__)


class Transport(Protocol):
    """``PointsClient.call``: one JSON call, ApiError / ApiUnavailable on failure."""

    def __call__(
        self,
        method: str,
        path: str,
        *,
        json: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        idempotency_key: str | None = None,
    ) -> dict[str, Any]: ...


class LaterQueue(Protocol):
    """Where a record waits when the API cannot take it now (``kiosk.runtime.outbox.Outbox``)."""

    def put(
        self,
        method: str,
        path: str,
        body: Mapping[str, Any],
        *,
        headers: Mapping[str, str] | None = None,
        idempotency_key: str | None = None,
    ) -> object: ...


class StaffApiClient:
    """The staff endpoints of docs/staff-api.md over a transport (``PointsClient.call``)."""

    #: How many recent staff sessions this client remembers the staff member of.
    REMEMBERED_SESSIONS = 16

    def __init__(
        self,
        transport: Transport,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._call = transport
        self._clock = clock
        # Session token -> staff id, from the login answers: a record queued for later is sent
        # under the kiosk's credential with the staff member it was made by (the session will
        # have ended by then), never with the session token (no credential waits on disk).
        self._staff_of: OrderedDict[str, str] = OrderedDict()

    @staticmethod
    def _session(token: str) -> dict[str, str]:
        return {"X-Staff-Session": token}

    def login(
        self, *, card: str | None, staff_no: str | None, pin: str
    ) -> tuple[StaffIdentity, str]:
        body: dict[str, str] = {"pin": pin}
        if card is not None:
            body["card"] = card
        else:
            body["staff_no"] = staff_no or ""
        data = self._call(
            "POST", "/v1/kiosk/staff/sessions", json=body, idempotency_key=new_idempotency_key()
        )
        identity, token = parsed_answer(parse_login, data)
        self._staff_of[token] = identity.staff_id
        while len(self._staff_of) > self.REMEMBERED_SESSIONS:
            self._staff_of.popitem(last=False)
        return identity, token

    def logout(self, token: str, reason: str) -> None:
        self._call(
            "POST",
            "/v1/kiosk/staff/sessions/current/logout",
            json={"reason": reason},
            headers=self._session(token),
            idempotency_key=new_idempotency_key(),
        )

    def record(
        self,
        token: str,
        action: str,
        details: Mapping[str, Any],
        *,
        later: LaterQueue | None = None,
    ) -> None:
        """Record a staff action. With ``later``, a record the API cannot take now (network,
        5xx) is queued there with the same idempotency key instead of being lost: for
        ``POST /v1/kiosk/staff/audit``, with the staff member and the time it was made, because
        the staff session may have ended when the API is back (docs/staff-api.md)."""
        body = {"action": action, "details": dict(details)}
        headers = self._session(token)
        key = new_idempotency_key()
        made_at = self._clock()
        try:
            self._call(
                "POST", "/v1/kiosk/staff/actions", json=body, headers=headers, idempotency_key=key
            )
        except ApiUnavailable:
            if later is None:
                raise
            staff_id = self._staff_of.get(token)
            if staff_id is None:
                # Not logged in through this client (cannot happen in the app): the session's
                # own endpoint is all that is left; a refusal is set aside, not lost.
                later.put(
                    "POST", "/v1/kiosk/staff/actions", body, headers=headers, idempotency_key=key
                )
            else:
                record = {"staff_id": staff_id, "made_at": made_at.isoformat(), "record": body}
                later.put("POST", "/v1/kiosk/staff/audit", record, idempotency_key=key)
            log.info("staff action %s queued until the API is back", action)

    def gifts(self, token: str) -> tuple[GiftStock, ...]:
        data = self._call("GET", "/v1/kiosk/staff/gifts", headers=self._session(token))
        return parsed_answer(parse_gifts, data)

    def adjust(
        self, token: str, code: str, mode: AdjustMode, quantity: int, reason: str
    ) -> GiftStock:
        data = self._call(
            "POST",
            f"/v1/kiosk/staff/gifts/{code}/adjustments",
            json={"mode": mode, "quantity": quantity, "reason": reason},
            headers=self._session(token),
            idempotency_key=new_idempotency_key(),
        )
        return parsed_answer(lambda body: parse_gift(body["gift"]), data)
