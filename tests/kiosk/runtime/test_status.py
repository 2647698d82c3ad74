"""The loopback status endpoint, over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import httpx
import pytest

from kiosk.runtime.status import ActionError, StatusServer


def refuse(data: Mapping[str, Any]) -> Mapping[str, Any]:
    raise ActionError("no such member")


def explode(data: Mapping[str, Any]) -> Mapping[str, Any]:
    raise RuntimeError("bug")


@pytest.fixture
def server() -> Iterator[str]:
    status = StatusServer(
        "127.0.0.1",
        0,
        lambda: {"screen": "idle", "name": "会员"},
        {"/echo": lambda data: {"got": data}, "/refuse": refuse, "/explode": explode},
    )
    status.start()
    yield f"http://127.0.0.1:{status.port}"
    status.stop()


def test_status_is_json(server: str) -> None:
    response = httpx.get(f"{server}/status")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == {"screen": "idle", "name": "会员"}


def test_actions(server: str) -> None:
    assert httpx.post(f"{server}/echo", json={"a": 1}).json() == {"got": {"a": 1}}
    refused = httpx.post(f"{server}/refuse", json={})
    assert refused.status_code == 400
    assert refused.json()["detail"] == "no such member"
    assert httpx.post(f"{server}/explode", json={}).status_code == 500
    assert httpx.post(f"{server}/echo", content=b"{not json").status_code == 400
    assert httpx.post(f"{server}/echo", json=[1]).status_code == 400
    assert httpx.post(f"{server}/nope", json={}).status_code == 404
    assert httpx.get(f"{server}/nope").status_code == 404
