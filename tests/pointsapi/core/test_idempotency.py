"""Idempotency-Key on writes: replay, conflict, missing or malformed keys, per-credential scope."""

from __future__ import annotations

from sqlalchemy import func, select

from pointsapi.core.models import IdempotencyRecord
from pointsapi.members.models import MemberSession
from tests.pointsapi.conftest import Api, problem


def _sessions(api: Api) -> int:
    with api.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(MemberSession)) or 0)


def test_same_key_same_request_replays_the_first_answer(api: Api) -> None:
    code = api.current_code(0)
    first = api.post(
        "/v1/kiosk/identify", {"payload": code}, headers=api.kiosk_headers, key="key-0001"
    )
    assert first.status_code == 200
    before = _sessions(api)
    again = api.post(
        "/v1/kiosk/identify", {"payload": code}, headers=api.kiosk_headers, key="key-0001"
    )
    assert again.status_code == 200
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert _sessions(api) == before


def test_same_key_different_request_is_refused(api: Api) -> None:
    card0, card1 = api.member(0)["card_number"], api.member(1)["card_number"]
    assert (
        api.post(
            "/v1/kiosk/identify", {"payload": card0}, headers=api.kiosk_headers, key="key-0002"
        ).status_code
        == 200
    )
    problem(
        api.post(
            "/v1/kiosk/identify", {"payload": card1}, headers=api.kiosk_headers, key="key-0002"
        ),
        409,
        "idempotency_key_reused",
    )


def test_refusals_are_not_stored(api: Api) -> None:
    problem(
        api.post(
            "/v1/kiosk/identify",
            {"payload": "0009999999"},
            headers=api.kiosk_headers,
            key="key-0003",
        ),
        404,
        "member_not_found",
    )
    with api.db.read() as session:
        assert (
            session.scalar(select(IdempotencyRecord).where(IdempotencyRecord.key == "key-0003"))
            is None
        )


def test_key_is_required_and_checked(api: Api) -> None:
    body = {"payload": api.member(0)["card_number"]}
    problem(
        api.http.post("/v1/kiosk/identify", json=body, headers=api.kiosk_headers),
        400,
        "idempotency_key_missing",
    )
    for bad in ("short", "has space in it", "x" * 129, "ümlaut-key"):
        problem(
            api.http.post(
                "/v1/kiosk/identify",
                json=body,
                headers={**api.kiosk_headers, "Idempotency-Key": bad.encode()},  # type: ignore[dict-item]
            ),
            400,
            "idempotency_key_invalid",
        )


def test_keys_are_scoped_to_the_credential(api: Api) -> None:
    from tests.pointsapi.members.test_identify import _second_kiosk

    other = _second_kiosk(api)
    card0, card1 = api.member(0)["card_number"], api.member(1)["card_number"]
    a = api.post(
        "/v1/kiosk/identify", {"payload": card0}, headers=api.kiosk_headers, key="shared-key"
    )
    b = api.post("/v1/kiosk/identify", {"payload": card1}, headers=other, key="shared-key")
    assert a.status_code == b.status_code == 200
    assert a.json()["member"]["member_id"] != b.json()["member"]["member_id"]
