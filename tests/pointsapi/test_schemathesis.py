"""Property-based run of the OpenAPI document (schemathesis), bounded in examples.

Every operation is called with generated input (valid and invalid) and the right kind of
credential; no answer may be a server error, and every documented answer must match its schema
and media type. (Driven through hypothesis directly: schemathesis' pytest plugin does not
support this pytest version.)
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from pointsapi.app import create_app
from pointsapi.settings import Settings
from tests.pointsapi.conftest import Api, session_headers, till_headers

# The operations, read from the app itself (building the document touches no database).
_DOC = create_app(Settings(database_url="sqlite://")).openapi()
OPERATIONS = sorted(
    (method.upper(), path) for path, item in _DOC["paths"].items() for method in item
)
MAX_EXAMPLES = 12


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_openapi_operation(api: Api, method: str, path: str) -> None:
    schema = schemathesis.openapi.from_dict(api.http.get("/openapi.json").json())
    operation = schema[path][method]
    credentials = {
        "/v1/kiosk/": session_headers(api, 1),
        "/v1/till/": till_headers(api),
        "/v1/admin/": api.admin_headers,
        "/v1/member/": api.member_headers(1),
    }

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
        for prefix, creds in credentials.items():
            if path.startswith(prefix):
                headers |= creds
        response = case.call(base_url=api.base_url, headers=headers)
        case.validate_response(
            response,
            checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
        )

    run()
