"""One member visit end to end over HTTP, the way the kiosk and a till use the API."""

from __future__ import annotations

from datetime import timedelta

from pointsapi.core import signing
from pointsapi.ledger import receipts
from pointsapi.rewards import vouchers
from tests.pointsapi.conftest import Api, till_headers


def test_member_visit(api: Api) -> None:
    till = till_headers(api)
    key = signing.b64decode(api.http.get("/v1/till/receipt-key", headers=till).json()["key"])
    receipt = receipts.sign_receipt(
        key,
        receipts.ReceiptData(
            api.demo["store_id"], "T-42", 88_80, "alipay", api.clock.now() - timedelta(days=2)
        ),
    )

    # 1. The member shows the phone code; the kiosk identifies them.
    code = api.http.get("/v1/member/code", headers=api.member_headers(0)).json()["payload"]
    ident = api.identify(code)
    assert ident.status_code == 200
    member = ident.json()["member"]
    session = ident.json()["session"]
    assert session["can_spend"] is True
    headers = api.kiosk_headers | {"X-Member-Session": session["token"]}
    balance = member["balance"]

    # 2. Daily check-in.
    checkin = api.post("/v1/kiosk/checkin", {}, headers=headers).json()
    assert checkin["member"]["checked_in_today"] is True
    balance += checkin["checkin"]["points"] + checkin["checkin"]["bonus"]
    assert checkin["member"]["balance"] == balance

    # 3. A receipt from two days ago, the 8th: member day (x2). 88.80 yuan at Silver x1.1 x2
    # = 195.36 -> 195 points.
    claimed = api.post("/v1/kiosk/receipts/claim", {"receipt": receipt}, headers=headers).json()
    assert claimed["receipt"]["points"] == 195
    balance += 195
    assert claimed["member"]["balance"] == balance

    # 4. The catalogue, then a redemption the kiosk prints.
    items = api.http.get("/v1/kiosk/catalogue", headers=headers).json()["items"]
    cash5 = next(i for i in items if i["code"] == "cash-5")
    assert cash5["affordable"] is True
    redeemed = api.post("/v1/kiosk/redeem", {"item_code": "cash-5"}, headers=headers).json()
    balance -= cash5["points"]
    assert redeemed["member"]["balance"] == balance
    voucher = redeemed["voucher"]
    printed = api.post(
        f"/v1/kiosk/vouchers/{voucher['voucher_id']}/printed", {}, headers=api.kiosk_headers
    )
    assert printed.json()["state"] == "printed"

    # 5. At the till: verified offline first, then redeemed online, once.
    keys = {
        k["kid"]: signing.b64decode(k["public_key"])
        for k in api.http.get("/v1/public/voucher-keys").json()["keys"]
    }
    assert vouchers.verify_voucher(keys, voucher["code"]).value_minor == 500
    taken = api.post("/v1/till/vouchers/redeem", {"code": voucher["code"]}, headers=till)
    assert taken.json()["state"] == "redeemed"

    # 6. The member screen after it all.
    after = api.http.get(f"/v1/kiosk/members/{member['member_id']}/summary", headers=headers)
    assert after.json()["balance"] == balance
    assert after.json()["qualifying_points"] == member["qualifying_points"] + 195
