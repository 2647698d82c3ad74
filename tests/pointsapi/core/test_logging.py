"""Logs hold no personal data: no names, member numbers, codes, cards or tokens."""

from __future__ import annotations

import logging

import pytest

from tests.pointsapi.conftest import Api, session_headers, till_headers


def test_no_personal_data_in_logs(api: Api, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    code = api.current_code(0)
    api.identify(code)
    api.identify(code)  # replay
    api.identify("M1:100001:00000000")
    api.identify("0009999999")
    headers = session_headers(api, 1)
    api.post("/v1/kiosk/redeem", {"item_code": "cash-5"}, headers=headers)
    api.post("/v1/kiosk/checkin", {}, headers=headers)
    till = till_headers(api)
    api.post(
        "/v1/till/purchases",
        {
            "receipt_no": "L-1",
            "amount_minor": 100,
            "payment_method": "cash",
            "member": api.member(2)["card_number"],
        },
        headers=till,
    )
    secrets = [code, api.demo["kiosk_token"], api.demo["admin_token"], "Lei Wang", "李小红"]
    for member in api.demo["members"]:
        secrets += [member["member_no"], member["card_number"], member["member_token"]]
    text = "\n".join(record.getMessage() for record in caplog.records)
    for secret in secrets:
        assert secret not in text
