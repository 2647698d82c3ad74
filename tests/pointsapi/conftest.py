"""Fixtures: a migrated database per test (SQLite always, PostgreSQL when
``POINTSAPI_TEST_PG_URL`` is set) and a real uvicorn server on a loopback port.

Schemas are created only by the Alembic migrations: each session migrates one template
database per backend, and each test gets a copy (a file copy for SQLite, ``CREATE DATABASE
... TEMPLATE`` for PostgreSQL). PostgreSQL databases are uniquely named per session and dropped
at the end, so engineers sharing the ``test`` database do not collide.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from pointsapi.app import create_app
from pointsapi.core import migrate
from pointsapi.core.clock import ManualClock
from pointsapi.core.db import Database
from pointsapi.core.settings import Settings
from pointsapi.demo.loader import load_demo

PG_ENV = "POINTSAPI_TEST_PG_URL"
# Noon in Shanghai on a Tuesday: far from day boundaries unless a test moves the clock.
START = datetime(2026, 3, 10, 4, 0, 0, tzinfo=UTC)


class PgServer:
    """Creates and drops uniquely named databases next to the one named in the env URL."""

    def __init__(self, url: str) -> None:
        self.base = make_url(url)
        self.prefix = f"pointsapi_t_{uuid.uuid4().hex[:10]}"
        self.engine = create_engine(url, isolation_level="AUTOCOMMIT")
        self.created: list[str] = []
        self.template: str | None = None

    def url_for(self, name: str) -> str:
        return self.base.set(database=name).render_as_string(hide_password=False)

    def create(self, name: str, template: str | None = None) -> str:
        with self.engine.connect() as conn:
            clause = f" TEMPLATE {template}" if template else ""
            conn.execute(text(f'CREATE DATABASE "{name}"{clause}'))
        self.created.append(name)
        return self.url_for(name)

    def drop(self, name: str) -> None:
        with self.engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        if name in self.created:
            self.created.remove(name)

    def close(self) -> None:
        for name in list(reversed(self.created)):
            self.drop(name)
        self.engine.dispose()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer | None]:
    url = os.environ.get(PG_ENV)
    if not url:
        yield None
        return
    server = PgServer(url)
    try:
        tpl = f"{server.prefix}_tpl"
        migrate.upgrade(server.create(tpl))
        server.template = tpl
        yield server
    finally:
        server.close()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tpl") / "template.sqlite3"
    migrate.upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    sqlite_template: Path,
    pg_server: PgServer | None,
) -> Iterator[str]:
    """A freshly migrated database URL (one per test)."""
    if request.param == "sqlite":
        path = tmp_path / "api.sqlite3"
        shutil.copyfile(sqlite_template, path)
        yield f"sqlite:///{path}"
        return
    if pg_server is None:
        pytest.skip(f"{PG_ENV} is not set")
    name = f"{pg_server.prefix}_{uuid.uuid4().hex[:8]}"
    url = pg_server.create(name, template=pg_server.template)
    try:
        yield url
    finally:
        pg_server.drop(name)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


class LiveServer:
    """uvicorn serving an app on a loopback socket in a background thread."""

    def __init__(self, app: Any) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        config = uvicorn.Config(app, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]})

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.thread.start()
        while not self.server.started:
            if not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            threading.Event().wait(0.01)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()


@dataclass
class Api:
    """A running API with its clock, database handle and demo data."""

    base_url: str
    clock: ManualClock
    db: Database
    db_url: str
    http: httpx.Client
    demo: dict[str, Any]

    @property
    def kiosk_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.demo['kiosk_token']}"}

    @property
    def admin_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.demo['admin_token']}"}

    def member(self, index: int) -> dict[str, Any]:
        member: dict[str, Any] = self.demo["members"][index]
        return member

    def member_headers(self, index: int) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.member(index)['member_token']}"}

    def post(
        self, path: str, body: Any, *, headers: dict[str, str], key: str | None = None
    ) -> httpx.Response:
        all_headers = dict(headers)
        all_headers["Idempotency-Key"] = key or f"test-{uuid.uuid4().hex}"
        return self.http.post(path, json=body, headers=all_headers)

    def current_code(self, index: int) -> str:
        """The member's rotating code now, as their phone would show it."""
        resp = self.http.get("/v1/member/code", headers=self.member_headers(index))
        assert resp.status_code == 200, resp.text
        payload: str = resp.json()["payload"]
        return payload

    def identify(self, payload: str, *, headers: dict[str, str] | None = None) -> httpx.Response:
        return self.post(
            "/v1/kiosk/identify", {"payload": payload}, headers=headers or self.kiosk_headers
        )


def start_api(
    db_url: str, clock: ManualClock, demo: dict[str, Any] | None = None, **overrides: Any
) -> tuple[LiveServer, Api]:
    """Serve ``db_url``; load the demo data unless the database already has it (``demo``)."""
    settings = Settings(database_url=db_url, clock=clock, **overrides)
    live = LiveServer(create_app(settings))
    live.start()
    db = Database(db_url)
    if demo is None:
        demo = load_demo(db, clock.now())
    api = Api(
        base_url=live.base_url,
        clock=clock,
        db=db,
        db_url=db_url,
        http=httpx.Client(base_url=live.base_url, timeout=30),
        demo=demo,
    )
    return live, api


def _load_demo_into(url: str) -> dict[str, Any]:
    db = Database(url)
    try:
        return load_demo(db, START)
    finally:
        db.dispose()


@pytest.fixture(scope="session")
def sqlite_demo_template(
    tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> tuple[Path, dict[str, Any]]:
    """A migrated SQLite file with the demo data loaded at START, and the demo output."""
    path = tmp_path_factory.mktemp("demo-tpl") / "demo.sqlite3"
    shutil.copyfile(sqlite_template, path)
    return path, _load_demo_into(f"sqlite:///{path}")


@pytest.fixture(scope="session")
def pg_demo_template(pg_server: PgServer | None) -> tuple[str, dict[str, Any]] | None:
    if pg_server is None:
        return None
    name = f"{pg_server.prefix}_demo_tpl"
    demo = _load_demo_into(pg_server.create(name, template=pg_server.template))
    return name, demo


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def demo_db(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    sqlite_demo_template: tuple[Path, dict[str, Any]],
    pg_server: PgServer | None,
    pg_demo_template: tuple[str, dict[str, Any]] | None,
) -> Iterator[tuple[str, dict[str, Any]]]:
    """A fresh copy of a migrated database holding the demo data (loaded at START)."""
    if request.param == "sqlite":
        template, demo = sqlite_demo_template
        path = tmp_path / "api.sqlite3"
        shutil.copyfile(template, path)
        yield f"sqlite:///{path}", demo
        return
    if pg_server is None or pg_demo_template is None:
        pytest.skip(f"{PG_ENV} is not set")
    template_name, demo = pg_demo_template
    name = f"{pg_server.prefix}_{uuid.uuid4().hex[:8]}"
    url = pg_server.create(name, template=template_name)
    try:
        yield url, demo
    finally:
        pg_server.drop(name)


@pytest.fixture
def api(demo_db: tuple[str, dict[str, Any]], clock: ManualClock) -> Iterator[Api]:
    db_url, demo = demo_db
    live, api = start_api(db_url, clock, demo)
    try:
        yield api
    finally:
        api.http.close()
        api.db.dispose()
        live.stop()


def problem(resp: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """Assert ``resp`` is a problem+json with this status and code; return the body."""
    assert resp.status_code == status, (resp.status_code, resp.text)
    assert resp.headers["content-type"].startswith("application/problem+json"), resp.headers
    body: dict[str, Any] = resp.json()
    assert body["code"] == code, body
    assert body["status"] == status
    assert body["type"].endswith("/" + code)
    assert isinstance(body["title"], str)
    assert isinstance(body["detail"], str)
    return body


def session_headers(api: Api, index: int, *, by_card: bool = False) -> dict[str, str]:
    """Kiosk headers with a member session (rotating code: can spend; card: view only)."""
    payload = api.member(index)["card_number"] if by_card else api.current_code(index)
    resp = api.identify(payload)
    assert resp.status_code == 200, resp.text
    if not by_card:
        # The phone shows a fresh code only in the next step.
        api.clock.advance(timedelta(seconds=30))
    return api.kiosk_headers | {"X-Member-Session": resp.json()["session"]["token"]}


def admin_post(api: Api, path: str, body: Any, status: int = 201) -> dict[str, Any]:
    resp = api.post(path, body, headers=api.admin_headers)
    assert resp.status_code == status, resp.text
    out: dict[str, Any] = resp.json()
    return out


def admin_put(api: Api, path: str, body: Any) -> dict[str, Any]:
    resp = api.http.put(
        path, json=body, headers=api.admin_headers | {"Idempotency-Key": f"put-{uuid.uuid4().hex}"}
    )
    assert resp.status_code == 200, resp.text
    out: dict[str, Any] = resp.json()
    return out


def till_headers(api: Api, store_id: str | None = None) -> dict[str, str]:
    created = admin_post(
        api, f"/v1/admin/stores/{store_id or api.demo['store_id']}/tills", {"name": "till-1"}
    )
    return {"Authorization": f"Bearer {created['token']}"}


def summary(api: Api, headers: dict[str, str], index: int) -> dict[str, Any]:
    resp = api.http.get(
        f"/v1/kiosk/members/{api.member(index)['member_id']}/summary", headers=headers
    )
    assert resp.status_code == 200, resp.text
    out: dict[str, Any] = resp.json()
    return out


def top_up(api: Api, index: int, amount_minor: int) -> int:
    """Earn points for a member through a till purchase; returns the points earned."""
    till = till_headers(api)
    resp = api.post(
        "/v1/till/purchases",
        {
            "receipt_no": f"TOPUP-{uuid.uuid4().hex[:12]}",
            "amount_minor": amount_minor,
            "payment_method": "cash",
            "member": api.member(index)["card_number"],
        },
        headers=till,
    )
    assert resp.status_code == 200, resp.text
    points: int = resp.json()["points"]
    return points
