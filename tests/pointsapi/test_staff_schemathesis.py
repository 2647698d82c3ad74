"""Property-based run (schemathesis) of the staff-mode and PIN kiosk operations *with* a live
staff session (and a card member session for the PIN): the general run in test_schemathesis.py
only reaches their session checks. No answer may be a server error; every documented answer must
match its schema and media type."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from pointsapi.app import create_app
from pointsapi.core.clock import ManualClock
from pointsapi.core.settings import Settings
from tests.pointsapi.conftest import START, Api, PgServer, admin_post, session_headers, start_api
from tests.pointsapi.staff.fixtures import second_kiosk, staff_login

_DOC = create_app(Settings(database_url="sqlite://")).openapi()
OPERATIONS = sorted(
    (method.upper(), path)
    for path, item in _DOC["paths"].items()
    for method in item
    if path.startswith(("/v1/kiosk/staff/", "/v1/kiosk/events", "/v1/kiosk/sessions/pin"))
)
MAX_EXAMPLES = 25


@dataclass
class FuzzTarget:
    api: Api
    schema: Any


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def target(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    sqlite_template: Path,
    pg_server: PgServer | None,
) -> Iterator[FuzzTarget]:
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("fuzz") / "staff-fuzz.sqlite3"
        shutil.copyfile(sqlite_template, path)
        url, name = f"sqlite:///{path}", None
    else:
        if pg_server is None:
            pytest.skip("POINTSAPI_TEST_PG_URL is not set")
        name = f"{pg_server.prefix}_staff_fuzz"
        url = pg_server.create(name, template=pg_server.template)
    live, api = start_api(url, ManualClock(START))
    try:
        yield FuzzTarget(api, schemathesis.openapi.from_dict(api.http.get("/openapi.json").json()))
    finally:
        api.http.close()
        api.db.dispose()
        live.stop()
        if name is not None and pg_server is not None:
            pg_server.drop(name)


def _fresh_staff(api: Api) -> dict[str, str]:
    """A new kiosk and a new staff member logged in there (fuzzed logins may lock either)."""
    kiosk = second_kiosk(api)
    staff_no = str(uuid.uuid4().int % 10**9)
    admin_post(
        api,
        "/v1/admin/staff",
        {
            "staff_no": staff_no,
            "display_name": "Fuzz",
            "store_ids": [api.demo["store_id"]],
            "pin": "2468",
        },
    )
    resp = staff_login(api, card=None, staff_no=staff_no, pin="2468", headers=kiosk)
    assert resp.status_code == 201, resp.text
    return kiosk | {"X-Staff-Session": resp.json()["token"]}


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_staff_operation(target: FuzzTarget, method: str, path: str) -> None:
    api = target.api
    operation = target.schema[path][method]
    if path == "/v1/kiosk/sessions/pin":
        credentials = session_headers(api, 1, by_card=True)
    else:
        credentials = _fresh_staff(api)

    @given(case=operation.as_strategy())
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        headers = credentials | {"Idempotency-Key": f"fuzz-{uuid.uuid4().hex}"}
        response = case.call(base_url=api.base_url, headers=headers)
        case.validate_response(
            response,
            checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
        )

    run()
