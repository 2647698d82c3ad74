"""Every error leaves the API as ``application/problem+json`` with a stable ``code``.

Handlers here translate framework errors (validation, unknown route, wrong method, malformed
JSON) and our own :class:`ApiError`; a catch-all turns real bugs into ``internal_error`` after
logging them (without request data: it may hold personal data).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

log = logging.getLogger("pointsapi.errors")

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://errors.pointsapi.example/"

_HTTP_CODES: dict[int, tuple[str, str]] = {
    # The framework raises a bare 400 only when it cannot parse the body (e.g. not UTF-8).
    400: ("malformed_json", "Malformed JSON"),
    401: ("unauthenticated", "Authentication required"),
    403: ("forbidden", "Forbidden"),
    404: ("not_found", "Not found"),
    405: ("method_not_allowed", "Method not allowed"),
    413: ("payload_too_large", "Request body too large"),
    415: ("unsupported_media_type", "Unsupported media type"),
}


class ApiError(Exception):
    """A refusal the client can act on; ``code`` is the stable part clients switch on."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        *,
        title: str | None = None,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.detail = detail
        self.title = title or code.replace("_", " ").capitalize()
        self.headers = headers
        self.extra = extra or {}


def problem_body(
    status: int, code: str, detail: str, title: str | None = None, **extra: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": TYPE_BASE + code,
        "title": title or code.replace("_", " ").capitalize(),
        "status": status,
        "detail": detail,
        "code": code,
    }
    body.update(extra)
    return body


def problem_response(
    status: int,
    code: str,
    detail: str,
    *,
    title: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    return JSONResponse(
        problem_body(status, code, detail, title, **extra),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )


def _api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return problem_response(
        exc.status, exc.code, exc.detail, title=exc.title, headers=exc.headers, **exc.extra
    )


def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    if any(err.get("type") == "json_invalid" for err in errors):
        return problem_response(
            400, "malformed_json", "The request body is not valid JSON.", title="Malformed JSON"
        )
    # Only where and what: never echo the input back (it may hold personal data).
    details = [
        {"loc": [str(part) for part in err.get("loc", ())], "msg": str(err.get("msg", ""))}
        for err in errors
    ]
    return problem_response(
        422,
        "validation_error",
        "The request does not match the expected shape.",
        title="Validation error",
        errors=details,
    )


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this path. The router answers a wrong method with the
    methods of the first route whose path matched, so a path served by a GET route and a PUT
    route would say ``Allow: GET`` alone (RFC 9110 asks for all of them)."""
    allowed: list[str] = []
    for method in _METHODS:
        scope = dict(request.scope, method=method)
        if any(route.matches(scope)[0] == Match.FULL for route in request.app.router.routes):
            allowed.append(method)
    return allowed


def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code, title = _HTTP_CODES.get(exc.status_code, ("http_error", "HTTP error"))
    if exc.status_code == 400:
        detail = "The request body is not valid JSON."
    else:
        detail = exc.detail if isinstance(exc.detail, str) else title
    headers = dict(getattr(exc, "headers", None) or {})
    if exc.status_code == 405:
        headers["Allow"] = ", ".join(allowed_methods(request))
    return problem_response(exc.status_code, code, detail, title=title, headers=headers or None)


def _unhandled(_request: Request, exc: Exception) -> JSONResponse:
    log.error("unhandled error: %s", type(exc).__name__, exc_info=exc)
    return problem_response(
        500, "internal_error", "An internal error occurred.", title="Internal error"
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unhandled)
