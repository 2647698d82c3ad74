"""``GET /v1/kiosk/vouchers/unprinted``: what a kiosk issued to a member and has not printed, so
a voucher whose answer was lost can still come out of the printer (issue 12, finding 3)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.pointsapi.conftest import Api, problem, session_headers
from tests.pointsapi.staff.fixtures import second_kiosk


def _unprinted(api: Api, member_id: str, headers: dict[str, str] | None = None) -> Any:
    resp = api.http.get(
        "/v1/kiosk/vouchers/unprinted",
        params={"member": member_id},
        headers=headers or api.kiosk_headers,
    )
    assert resp.status_code == 200, resp.text
    return resp.json()["vouchers"]


def test_an_issued_voucher_is_listed_with_its_intent_key_until_it_is_printed(api: Api) -> None:
    member_id = api.member(0)["member_id"]
    assert _unprinted(api, member_id) == []
    headers = session_headers(api, 0)
    resp = api.post(
        "/v1/kiosk/redeem", {"item_code": "cash-5"}, headers=headers, key="intent-key-1"
    )
    assert resp.status_code == 200, resp.text
    voucher = resp.json()["voucher"]

    listed = _unprinted(api, member_id)
    assert [v["voucher_id"] for v in listed] == [voucher["voucher_id"]]
    assert listed[0]["intent_key"] == "intent-key-1"
    assert listed[0]["code"] == voucher["code"] and listed[0]["state"] == "issued"
    # Other members see nothing of it.
    assert _unprinted(api, api.member(1)["member_id"]) == []

    printed = api.post(
        f"/v1/kiosk/vouchers/{voucher['voucher_id']}/printed", {}, headers=api.kiosk_headers
    )
    assert printed.status_code == 200, printed.text
    assert _unprinted(api, member_id) == []


def test_only_the_issuing_kiosk_sees_its_vouchers(api: Api) -> None:
    member_id = api.member(0)["member_id"]
    resp = api.post("/v1/kiosk/redeem", {"item_code": "cash-5"}, headers=session_headers(api, 0))
    assert resp.status_code == 200, resp.text
    assert len(_unprinted(api, member_id)) == 1
    # Another kiosk of the same store, and a kiosk of another store, list none of them.
    assert _unprinted(api, member_id, second_kiosk(api)) == []
    store = api.post(
        "/v1/admin/stores",
        {
            "code": "other",
            "name_en": "Other",
            "name_zh": "别店",
            "timezone": "Asia/Shanghai",
            "currency": "CNY",
        },
        headers=api.admin_headers,
    )
    assert store.status_code == 201, store.text
    assert _unprinted(api, member_id, second_kiosk(api, store.json()["store_id"])) == []


def test_expired_vouchers_are_not_recovered(api: Api) -> None:
    member_id = api.member(0)["member_id"]
    resp = api.post("/v1/kiosk/redeem", {"item_code": "cash-5"}, headers=session_headers(api, 0))
    assert resp.status_code == 200, resp.text
    api.clock.advance(timedelta(days=400))
    assert _unprinted(api, member_id) == []


def test_the_kiosk_credential_is_required_and_the_member_is_checked(api: Api) -> None:
    problem(
        api.http.get("/v1/kiosk/vouchers/unprinted", params={"member": "m_1"}),
        401,
        "unauthenticated",
    )
    bad = api.http.get(
        "/v1/kiosk/vouchers/unprinted",
        params={"member": "m'; drop"},
        headers=api.kiosk_headers,
    )
    assert bad.status_code == 422
    missing = api.http.get("/v1/kiosk/vouchers/unprinted", headers=api.kiosk_headers)
    assert missing.status_code == 422
