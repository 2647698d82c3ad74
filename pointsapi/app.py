"""The FastAPI application factory."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from pointsapi import __version__
from pointsapi.bodylimit import BodyLimitMiddleware
from pointsapi.db import Database
from pointsapi.errors import install_error_handlers
from pointsapi.routes import (
    admin,
    health,
    kiosk,
    lottery,
    member,
    pins,
    public,
    staff,
    staff_admin,
    till,
)
from pointsapi.runtime import Runtime
from pointsapi.settings import Settings

log = logging.getLogger("pointsapi")


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the API. The schema must already exist (``pointsapi migrate``)."""
    settings = settings or Settings()
    runtime = Runtime(
        settings=settings, db=Database(settings.database_url, pool_size=settings.pool_size)
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        runtime.db.dispose()

    app = FastAPI(
        title="Points API",
        version=__version__,
        description="Member points for self-service kiosks. Errors are application/problem+json.",
        lifespan=lifespan,
    )
    app.state.runtime = runtime
    install_error_handlers(app)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.include_router(health.router)
    app.include_router(kiosk.router)
    app.include_router(member.router)
    app.include_router(till.router)
    app.include_router(admin.router)
    app.include_router(public.router)
    # The prize wheel (docs/lottery.md): kiosk wheel and spins, admin wheel, public seeds.
    app.include_router(lottery.kiosk_router)
    app.include_router(lottery.admin_router)
    app.include_router(lottery.public_router)
    # Member PINs, staff mode, kiosk events and alerts (docs/staff-api.md).
    app.include_router(pins.router)
    app.include_router(staff.router)
    app.include_router(staff_admin.router)
    return app


def app_from_env() -> FastAPI:
    """Entry point for uvicorn worker processes (``--factory``): settings come from env."""
    return create_app(Settings.from_env())
