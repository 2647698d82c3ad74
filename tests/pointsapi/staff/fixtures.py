"""Helpers shared by the staff, PIN and alert tests (demo staff 9001 / PIN 4321)."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from pointsapi.core.tokens import hash_token, new_id, new_token
from pointsapi.stores.models import Kiosk
from tests.pointsapi.conftest import Api


def staff_login(
    api: Api,
    *,
    card: str | None = "S1:9001",
    staff_no: str | None = None,
    pin: str = "4321",
    headers: dict[str, str] | None = None,
    key: str | None = None,
) -> httpx.Response:
    body: dict[str, Any] = {"pin": pin}
    if staff_no is not None:
        body["staff_no"] = staff_no
    elif card is not None:
        body["card"] = card
    return api.post("/v1/kiosk/staff/sessions", body, headers=headers or api.kiosk_headers, key=key)


def staff_headers(api: Api, kiosk: dict[str, str] | None = None) -> dict[str, str]:
    """Kiosk headers with a fresh staff session of the demo staff member."""
    base = kiosk or api.kiosk_headers
    resp = staff_login(api, headers=base)
    assert resp.status_code == 201, resp.text
    return base | {"X-Staff-Session": resp.json()["token"]}


def second_kiosk(api: Api, store_id: str | None = None) -> dict[str, str]:
    token = new_token("kt")
    with api.db.write() as session:
        session.add(
            Kiosk(
                id=new_id("k"),
                store_id=store_id or api.demo["store_id"],
                name=f"kiosk-{uuid.uuid4().hex[:6]}",
                token_hash=hash_token(token),
                active=True,
                created_at=api.clock.now(),
            )
        )
    return {"Authorization": f"Bearer {token}"}


def audit(api: Api, **params: Any) -> list[dict[str, Any]]:
    resp = api.http.get(
        f"/v1/admin/stores/{api.demo['store_id']}/staff-audit",
        params=params,
        headers=api.admin_headers,
    )
    assert resp.status_code == 200, resp.text
    entries: list[dict[str, Any]] = resp.json()["entries"]
    return entries


def open_alerts(api: Api, state: str = "open") -> list[dict[str, Any]]:
    resp = api.http.get(
        f"/v1/admin/stores/{api.demo['store_id']}/alerts",
        params={"state": state},
        headers=api.admin_headers,
    )
    assert resp.status_code == 200, resp.text
    found: list[dict[str, Any]] = resp.json()["alerts"]
    return found
