"""Property-based run of the OpenAPI document (schemathesis), bounded in examples.

Every operation is called with generated input (valid and invalid) and the right kind of
credential; no answer may be a server error, and every documented answer must match its schema
and media type. (Driven through hypothesis directly: schemathesis' pytest plugin does not
support this pytest version.)
"""

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
from tests.pointsapi.conftest import START, Api, PgServer, session_headers, start_api, till_headers

# The operations, read from the app itself (building the document touches no database).
_DOC = create_app(Settings(database_url="sqlite://")).openapi()
OPERATIONS = sorted(
    (method.upper(), path) for path, item in _DOC["paths"].items() for method in item
)
MAX_EXAMPLES = 10


@dataclass
class FuzzTarget:
    api: Api
    schema: Any
    credentials: dict[str, dict[str, str]]


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def target(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    sqlite_template: Path,
    pg_server: PgServer | None,
) -> Iterator[FuzzTarget]:
    """One server per database for all operations (the fuzzing only has to find no 500s and
    no schema violations, so sharing state between operations is fine and saves minutes)."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("fuzz") / "fuzz.sqlite3"
        shutil.copyfile(sqlite_template, path)
        url, name = f"sqlite:///{path}", None
    else:
        if pg_server is None:
            pytest.skip("POINTSAPI_TEST_PG_URL is not set")
        name = f"{pg_server.prefix}_fuzz"
        url = pg_server.create(name, template=pg_server.template)
    live, api = start_api(url, ManualClock(START))
    try:
        credentials = {
            "/v1/kiosk/": session_headers(api, 1),
            "/v1/till/": till_headers(api),
            "/v1/admin/": api.admin_headers,
            "/v1/member/": api.member_headers(1),
        }
        schema = schemathesis.openapi.from_dict(api.http.get("/openapi.json").json())
        yield FuzzTarget(api, schema, credentials)
    finally:
        api.http.close()
        api.db.dispose()
        live.stop()
        if name is not None and pg_server is not None:
            pg_server.drop(name)


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_openapi_operation(target: FuzzTarget, method: str, path: str) -> None:
    operation = target.schema[path][method]

    @given(case=operation.as_strategy())
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        headers = {"Idempotency-Key": f"fuzz-{uuid.uuid4().hex}"}
        for prefix, creds in target.credentials.items():
            if path.startswith(prefix):
                headers |= creds
        response = case.call(base_url=target.api.base_url, headers=headers)
        case.validate_response(
            response,
            checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
        )

    run()
