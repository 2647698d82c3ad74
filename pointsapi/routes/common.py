"""Pieces shared by the route modules: error documentation for OpenAPI."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path

from pointsapi.errors import PROBLEM_JSON
from pointsapi.schemas import Problem

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
