"""What every route module shares: problem+json documentation for OpenAPI, path and header
parameters, and writes whose refusals must be kept.

Kept refusals: a wrong PIN changes something (a try is counted, an audit entry is written), so it
cannot be raised as an :class:`~pointsapi.core.errors.ApiError` (that rolls the transaction back).
The handler returns the problem body instead; it is committed with the idempotency record, so a
retry with the same key replays the refusal and does not burn another try. ``run_counted_write``
turns such answers back into ``application/problem+json`` (with ``Retry-After`` when the body
names a wait).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import Header, Path
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.orm import Session

from pointsapi.core.errors import PROBLEM_JSON, problem_body
from pointsapi.core.idempotency import REPLAY_HEADER, WriteRequest, run_write
from pointsapi.core.runtime import Runtime
from pointsapi.core.schemas import Problem

Handler = Callable[[Session], tuple[int, BaseModel | dict[str, Any]]]


# A refusal a handler returns (to keep it with the idempotency record) instead of raising it.
Refusal = tuple[int, dict[str, Any]]


def refusal(status: int, code: str, detail: str, **extra: Any) -> Refusal:
    return status, problem_body(status, code, detail, **extra)


def lock_fields(locked_until: datetime, now: datetime, timezone: str) -> dict[str, Any]:
    """``locked_until`` in the store's local time with its offset, and the wait in seconds."""
    local = locked_until.astimezone(ZoneInfo(timezone)).replace(microsecond=0)
    wait = max(1, math.ceil((locked_until - now).total_seconds()))
    return {"locked_until": local.isoformat(), "retry_after_s": wait}


def as_problem(resp: JSONResponse) -> JSONResponse:
    """A stored 4xx answer as problem+json (first answer and replays alike)."""
    if resp.status_code < 400:
        return resp
    body = json.loads(bytes(resp.body))
    headers: dict[str, str] = {}
    if isinstance(body.get("retry_after_s"), int):
        headers["Retry-After"] = str(body["retry_after_s"])
    if REPLAY_HEADER.lower() in resp.headers:
        headers[REPLAY_HEADER] = resp.headers[REPLAY_HEADER.lower()]
    return JSONResponse(
        body, status_code=resp.status_code, media_type=PROBLEM_JSON, headers=headers
    )


def run_counted_write(
    rt: Runtime, principal: str, write: WriteRequest, handler: Handler
) -> JSONResponse:
    return as_problem(run_write(rt, principal, write, handler))


_PROBLEM_CONTENT = {PROBLEM_JSON: {"schema": Problem.model_json_schema()}}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries for problem+json errors with these statuses.

    422 is always included: it replaces FastAPI's default validation-error schema, which does
    not describe our problem+json answers.
    """
    return {
        status: {"model": Problem, "content": _PROBLEM_CONTENT, "description": "Problem"}
        for status in sorted({*statuses, 422})
    }


# Path parameters: opaque ids and item codes. Anything else is a 422, never a database error.
PathId = Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{1,32}$")]


PathCode = Annotated[str, Path(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]


# Codes kept in 32-character columns (tier codes).
PathCode32 = Annotated[str, Path(pattern=r"^[a-z0-9][a-z0-9_-]{0,31}$")]


# What every write may answer besides 2xx (422 is always added by ``problems``).
WRITE_ERRORS = problems(400, 401, 403, 404, 409, 413)

MemberSessionHeader = Annotated[
    str | None,
    Header(
        alias="X-Member-Session",
        description="The session token returned by POST /v1/kiosk/identify",
    ),
]
