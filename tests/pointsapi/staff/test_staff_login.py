"""Staff login at a kiosk: credentials, wrong-PIN limits per credential and per kiosk, sessions,
logout, and what the audit records."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.pointsapi.conftest import Api, admin_post, problem
from tests.pointsapi.staff.fixtures import audit, second_kiosk, staff_headers, staff_login


def test_login_by_printed_card_number_and_card(api: Api) -> None:
    staff = api.demo["staff"][0]
    assert staff | {"staff_id": ""} == {
        "staff_id": "",
        "staff_no": "9001",
        "display_name": "Li W.",
        "card": "S1:9001",
        "card_number": "0009001001",
        "pin": "4321",
    }
    for resp in (
        staff_login(api, card="S1:9001"),
        staff_login(api, staff_no="9001"),
        staff_login(api, card=staff["card_number"]),
        staff_login(api, card=f";{staff['card_number']}=1?"),
    ):
        assert resp.status_code == 201, resp.text
        body = resp.json()
        assert body["token"].startswith("st_")
        assert body["idle_timeout_s"] == 900
        assert body["store_id"] == api.demo["store_id"]
        assert body["staff"] == {
            "staff_id": staff["staff_id"],
            "display_name": "Li W.",
            "role": "manager",
        }
        assert datetime.fromisoformat(body["expires_at"]) == api.clock.now() + timedelta(hours=1)
    entries = audit(api)
    assert [e["action"] for e in entries] == ["login"] * 4
    assert entries[0]["staff_no"] == "9001" and entries[0]["kiosk_id"] == api.demo["kiosk_id"]


def test_wrong_pin_and_unknown_credentials_get_the_same_answer(api: Api) -> None:
    wrong = problem(staff_login(api, pin="0000"), 401, "staff_pin_wrong")
    unknown = problem(staff_login(api, card="S1:12345", pin="0000"), 401, "staff_pin_wrong")
    member_card = problem(staff_login(api, card="0004123456", pin="0000"), 401, "staff_pin_wrong")
    junk = problem(staff_login(api, card="hello there", pin="0000"), 401, "staff_pin_wrong")
    assert wrong["attempts_left"] == 4
    assert [unknown["attempts_left"], member_card["attempts_left"], junk["attempts_left"]] == [
        3,
        2,
        1,
    ]
    assert {wrong["detail"], unknown["detail"], member_card["detail"]} == {"Wrong PIN."}
    reasons = [(e["action"], e["details"], e["staff_id"]) for e in audit(api)]
    assert reasons[0] == ("login_failed", {"reason": "pin_wrong"}, api.demo["staff"][0]["staff_id"])
    assert reasons[1] == ("login_failed", {"reason": "unknown_credential"}, None)


def test_five_wrong_pins_lock_the_credential_at_every_kiosk(api: Api) -> None:
    other = second_kiosk(api)
    for n in range(4):
        # Spread over two kiosks: the credential's count is shared.
        headers = api.kiosk_headers if n % 2 else other
        problem(staff_login(api, pin="0000", headers=headers), 401, "staff_pin_wrong")
    resp = staff_login(api, pin="0000")
    body = problem(resp, 423, "staff_locked")
    until = datetime.fromisoformat(body["locked_until"])
    assert until.utcoffset() == timedelta(hours=8)
    assert until == api.clock.now() + timedelta(minutes=15)
    assert body["retry_after_s"] == 900 and resp.headers["Retry-After"] == "900"
    # The right PIN is not even checked while locked, by card or number, at any kiosk.
    problem(staff_login(api, card="S1:9001"), 423, "staff_locked")
    problem(staff_login(api, staff_no="9001", headers=other), 423, "staff_locked")
    locked = [e for e in audit(api) if e["action"] == "locked"]
    assert [e["details"] for e in locked] == [{"scope": "credential"}]
    api.clock.advance(timedelta(minutes=15))
    assert staff_login(api).status_code == 201


def test_a_successful_login_resets_the_credential_count(api: Api) -> None:
    other = second_kiosk(api)
    for _ in range(3):
        problem(staff_login(api, pin="0000", headers=other), 401, "staff_pin_wrong")
    assert staff_login(api).status_code == 201
    body = problem(staff_login(api, pin="0000"), 401, "staff_pin_wrong")
    assert body["attempts_left"] == 4


def test_five_failed_logins_lock_the_kiosk_whatever_the_credentials(api: Api) -> None:
    for n in range(4):
        problem(staff_login(api, card=f"S1:77{n}", pin="0000"), 401, "staff_pin_wrong")
    body = problem(staff_login(api, card="S1:7799", pin="0000"), 423, "staff_locked")
    assert datetime.fromisoformat(body["locked_until"]) == api.clock.now() + timedelta(minutes=15)
    # The demo staff member's right PIN is refused at this kiosk, but works at another.
    problem(staff_login(api), 423, "staff_locked")
    assert staff_login(api, headers=second_kiosk(api)).status_code == 201
    assert [e["details"] for e in audit(api) if e["action"] == "locked"] == [{"scope": "kiosk"}]
    # An admin can lift the lock.
    admin_post(api, f"/v1/admin/kiosks/{api.demo['kiosk_id']}/unlock-staff-login", {}, status=200)
    assert staff_login(api).status_code == 201


def test_kiosk_failures_outside_the_window_do_not_add_up(api: Api) -> None:
    for _ in range(4):
        problem(staff_login(api, card="S1:555", pin="0000"), 401, "staff_pin_wrong")
    api.clock.advance(timedelta(minutes=16))
    body = problem(staff_login(api, card="S1:556", pin="0000"), 401, "staff_pin_wrong")
    assert body["attempts_left"] == 4


def test_a_replayed_login_is_not_counted_again(api: Api) -> None:
    first = staff_login(api, pin="0000", key="staff-login-retry-1")
    again = staff_login(api, pin="0000", key="staff-login-retry-1")
    assert problem(first, 401, "staff_pin_wrong")["attempts_left"] == 4
    assert problem(again, 401, "staff_pin_wrong")["attempts_left"] == 4
    assert problem(staff_login(api, pin="0000"), 401, "staff_pin_wrong")["attempts_left"] == 3
    ok = staff_login(api, key="staff-login-ok-1")
    assert staff_login(api, key="staff-login-ok-1").json() == ok.json()


def test_wrong_store_and_disabled(api: Api) -> None:
    admin_post(
        api,
        "/v1/admin/staff",
        {
            "staff_no": "42",
            "display_name": "Wang F.",
            "store_ids": [api.demo["store_id"]],
            "cards": ["0004200042"],
            "pin": "13572468",
        },
    )
    other_store = admin_post(
        api,
        "/v1/admin/staff",
        {
            "staff_no": "43",
            "display_name": "Chen J.",
            "store_ids": [api.demo["store_id"]],
            "pin": "2468",
        },
    )
    assert other_store["cards"] == []
    assert staff_login(api, card="0004200042", pin="13572468").status_code == 201
    resp = api.http.patch(
        "/v1/admin/staff/42",
        json={"active": False},
        headers=api.admin_headers | {"Idempotency-Key": "disable-42"},
    )
    assert resp.status_code == 200 and resp.json()["active"] is False
    problem(staff_login(api, staff_no="42", pin="13572468"), 403, "staff_disabled")
    problem(staff_login(api, staff_no="42", pin="0000"), 401, "staff_pin_wrong")
    # A staff member of no store of this kiosk (stores are replaced by a PATCH).
    from pointsapi.core.tokens import new_id
    from pointsapi.stores.models import Store

    with api.db.write() as session:
        session.add(
            Store(
                id="s_second",
                code="second",
                name_en="Second",
                name_zh="二店",
                timezone="Asia/Shanghai",
                currency="CNY",
                created_at=api.clock.now(),
            )
        )
    resp = api.http.patch(
        "/v1/admin/staff/43",
        json={"store_ids": ["s_second"]},
        headers=api.admin_headers | {"Idempotency-Key": f"move-43-{new_id('x')}"},
    )
    assert resp.json()["store_ids"] == ["s_second"]
    problem(staff_login(api, staff_no="43", pin="2468"), 403, "staff_wrong_store")
    reasons = [e["details"].get("reason") for e in audit(api) if e["action"] == "login_failed"]
    assert reasons == ["disabled", "pin_wrong", "wrong_store"]


@pytest.mark.parametrize(
    "body",
    [
        {"pin": "4321"},
        {"card": "S1:9001", "staff_no": "9001", "pin": "4321"},
        {"card": "S1:9001", "pin": "432"},
        {"card": "S1:9001", "pin": "123456789"},
        {"card": "S1:9001", "pin": 4321},
        {"staff_no": "12345678901", "pin": "4321"},
        {"card": "S1:9001\u00e9", "pin": "4321"},
        {"card": "", "pin": "4321"},
        {"card": "S1:9001", "pin": "4321", "extra": 1},
    ],
)
def test_malformed_logins_are_422_and_not_counted(api: Api, body: dict[str, object]) -> None:
    resp = api.post("/v1/kiosk/staff/sessions", body, headers=api.kiosk_headers)
    problem(resp, 422, "validation_error")
    assert problem(staff_login(api, pin="0000"), 401, "staff_pin_wrong")["attempts_left"] == 4


def test_staff_session_rules(api: Api) -> None:
    headers = staff_headers(api)
    gifts = "/v1/kiosk/staff/gifts"
    assert api.http.get(gifts, headers=headers).status_code == 200
    problem(api.http.get(gifts, headers=api.kiosk_headers), 401, "staff_session_required")
    problem(
        api.http.get(gifts, headers=api.kiosk_headers | {"X-Staff-Session": "st_nope"}),
        401,
        "staff_session_invalid",
    )
    other = second_kiosk(api) | {"X-Staff-Session": headers["X-Staff-Session"]}
    problem(api.http.get(gifts, headers=other), 403, "staff_session_mismatch")
    # The staff token alone (no kiosk token) is not a credential.
    alone = {"X-Staff-Session": headers["X-Staff-Session"]}
    problem(api.http.get(gifts, headers=alone), 401, "unauthenticated")
    # Activity keeps it alive up to the hour; idle for 15 minutes ends it.
    for _ in range(4):
        api.clock.advance(timedelta(minutes=14))
        assert api.http.get(gifts, headers=headers).status_code == 200
    api.clock.advance(timedelta(minutes=4, seconds=1))
    problem(api.http.get(gifts, headers=headers), 401, "staff_session_expired")
    idle = staff_headers(api)
    api.clock.advance(timedelta(minutes=15))
    problem(api.http.get(gifts, headers=idle), 401, "staff_session_expired")


def test_logout_ends_the_session_and_is_idempotent(api: Api) -> None:
    headers = staff_headers(api)
    path = "/v1/kiosk/staff/sessions/current/logout"
    first = api.post(path, {"reason": "done"}, headers=headers)
    assert first.status_code == 200, first.text
    api.clock.advance(timedelta(minutes=1))
    again = api.post(path, {"reason": "inactivity"}, headers=headers)
    assert again.status_code == 200 and again.json() == first.json()
    problem(api.http.get("/v1/kiosk/staff/gifts", headers=headers), 401, "staff_session_invalid")
    logouts = [e for e in audit(api) if e["action"] == "logout"]
    assert [e["details"] for e in logouts] == [{"reason": "done"}]
    problem(api.post(path, {"reason": "bye"}, headers=headers), 422, "validation_error")
    problem(
        api.post(path, {"reason": "done"}, headers=api.kiosk_headers), 401, "staff_session_required"
    )


def test_logout_after_idle_expiry_reports_when_it_ended(api: Api) -> None:
    headers = staff_headers(api)
    login_at = api.clock.now()
    api.clock.advance(timedelta(minutes=40))
    resp = api.post(
        "/v1/kiosk/staff/sessions/current/logout", {"reason": "inactivity"}, headers=headers
    )
    assert resp.status_code == 200, resp.text
    assert datetime.fromisoformat(resp.json()["ended_at"]) == login_at + timedelta(minutes=15)


def test_new_pin_ends_open_sessions_and_old_pin_stops_working(api: Api) -> None:
    headers = staff_headers(api)
    resp = api.http.put(
        "/v1/admin/staff/9001/pin",
        json={"pin": "97531"},
        headers=api.admin_headers | {"Idempotency-Key": "new-pin-9001"},
    )
    assert resp.status_code == 200, resp.text
    assert "pin" not in resp.json()
    problem(api.http.get("/v1/kiosk/staff/gifts", headers=headers), 401, "staff_session_invalid")
    problem(staff_login(api), 401, "staff_pin_wrong")
    assert staff_login(api, pin="97531").status_code == 201


def test_admin_unlocks_a_credential(api: Api) -> None:
    for _ in range(5):
        staff_login(api, pin="0000", headers=second_kiosk(api))
    problem(staff_login(api), 423, "staff_locked")
    admin_post(api, "/v1/admin/staff/9001/unlock", {}, status=200)
    assert staff_login(api).status_code == 201
    problem(
        api.post("/v1/admin/staff/9999/unlock", {}, headers=api.admin_headers),
        404,
        "staff_not_found",
    )


def test_creating_staff_refuses_taken_numbers_and_cards(api: Api) -> None:
    base = {"display_name": "Zhao L.", "store_ids": [api.demo["store_id"]], "pin": "1357"}
    problem(
        api.post("/v1/admin/staff", base | {"staff_no": "9001"}, headers=api.admin_headers),
        409,
        "staff_no_taken",
    )
    for card in ("0004123456", "0009001001"):  # a member's card, the demo staff card
        resp = api.post(
            "/v1/admin/staff", base | {"staff_no": "77", "cards": [card]}, headers=api.admin_headers
        )
        problem(resp, 409, "card_taken")
    resp = api.post(
        "/v1/admin/staff", base | {"staff_no": "77", "cards": ["S1:77"]}, headers=api.admin_headers
    )
    problem(resp, 422, "card_invalid")
    resp = api.post(
        "/v1/admin/staff",
        base | {"staff_no": "77", "store_ids": ["s_nope"]},
        headers=api.admin_headers,
    )
    problem(resp, 404, "store_not_found")
    problem(staff_login(api, headers=api.admin_headers), 403, "wrong_credential")


def test_login_closes_help_alert_at_that_kiosk(api: Api) -> None:
    now = api.clock.now().isoformat()
    resp = api.post(
        "/v1/kiosk/events",
        {"kind": "help_pressed", "state": "raised", "occurred_at": now},
        headers=api.kiosk_headers,
    )
    assert resp.status_code == 202, resp.text
    alert_id = resp.json()["alert"]["alert_id"]
    staff_headers(api)
    closed = api.http.get(
        f"/v1/admin/stores/{api.demo['store_id']}/alerts",
        params={"state": "closed"},
        headers=api.admin_headers,
    ).json()["alerts"]
    assert [(a["alert_id"], a["closed_by"]) for a in closed] == [
        (alert_id, f"staff:{api.demo['staff'][0]['staff_id']}")
    ]


def test_identify_tells_the_kiosk_a_staff_card_is_one(api: Api) -> None:
    for payload in ("0009001001", "S1:9001"):
        body = problem(api.identify(payload), 400, "payload_unrecognised")
        assert body["kind"] == "staff_card"
        assert "9001" not in body["detail"]
    body = problem(api.identify("R1.abc.def"), 400, "payload_unrecognised")
    assert "kind" not in body
    problem(api.identify("0009001002"), 404, "member_not_found")


def test_concurrent_wrong_logins_are_all_counted(api: Api) -> None:
    import threading

    import httpx

    barrier = threading.Barrier(7)
    statuses: list[int] = []
    kiosks = [second_kiosk(api) for _ in range(7)]

    def wrong(kiosk: dict[str, str]) -> None:
        with httpx.Client(base_url=api.base_url, timeout=30) as http:
            barrier.wait()
            resp = http.post(
                "/v1/kiosk/staff/sessions",
                json={"card": "S1:9001", "pin": "0000"},
                headers=kiosk | {"Idempotency-Key": f"wrong-{threading.get_ident()}"},
            )
            statuses.append(resp.status_code)

    threads = [threading.Thread(target=wrong, args=(k,)) for k in kiosks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [401] * 4 + [423] * 3
    problem(staff_login(api), 423, "staff_locked")
