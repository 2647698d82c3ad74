"""The yardstick for ``bench.api``: a bare Starlette JSON endpoint, served the same way."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


async def _hello(_request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def _echo(request: Request) -> JSONResponse:
    return JSONResponse({"received": len(await request.body())})


app = Starlette(routes=[Route("/json", _hello), Route("/json", _echo, methods=["POST"])])
