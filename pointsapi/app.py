"""The FastAPI application factory."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from pointsapi import __version__
from pointsapi.core import health
from pointsapi.core.bodylimit import BodyLimitMiddleware
from pointsapi.core.db import Database
from pointsapi.core.errors import install_error_handlers
from pointsapi.core.runtime import Runtime
from pointsapi.core.settings import Settings
from pointsapi.fleet import admin_routes as fleet_admin
from pointsapi.fleet import routes as fleet
from pointsapi.ledger import admin_routes as ledger_admin
from pointsapi.ledger import routes as ledger
from pointsapi.ledger import till_routes as ledger_till
from pointsapi.lottery import admin_routes as lottery_admin
from pointsapi.lottery import routes as lottery
from pointsapi.members import admin_routes as members_admin
from pointsapi.members import kiosk_routes as members_kiosk
from pointsapi.members import pin_routes as members_pins
from pointsapi.members import routes as members
from pointsapi.rewards import admin_routes as rewards_admin
from pointsapi.rewards import public_routes as rewards_public
from pointsapi.rewards import routes as rewards
from pointsapi.rewards import till_routes as rewards_till
from pointsapi.staff import admin_routes as staff_admin
from pointsapi.staff import routes as staff
from pointsapi.stores import admin_routes as stores_admin
from pointsapi.stores import routes as stores

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
    # One domain after the other; each serves its kiosk, member, till, admin and public faces.
    app.include_router(stores.router)
    app.include_router(stores_admin.router)
    app.include_router(members_kiosk.router)
    app.include_router(members.router)
    app.include_router(members_pins.router)
    app.include_router(members_admin.router)
    app.include_router(ledger.router)
    app.include_router(ledger_till.router)
    app.include_router(ledger_admin.router)
    app.include_router(rewards.router)
    app.include_router(rewards_till.router)
    app.include_router(rewards_admin.router)
    app.include_router(rewards_public.router)
    # The prize wheel (docs/lottery.md): kiosk wheel and spins, admin wheel, public seeds.
    app.include_router(lottery.kiosk_router)
    app.include_router(lottery.public_router)
    app.include_router(lottery_admin.admin_router)
    # Staff mode (docs/staff-api.md), kiosk events and alerts.
    app.include_router(staff.router)
    app.include_router(staff_admin.router)
    app.include_router(fleet.router)
    app.include_router(fleet_admin.router)
    return app


def app_from_env() -> FastAPI:
    """Entry point for uvicorn worker processes (``--factory``): settings come from env."""
    return create_app(Settings.from_env())
