"""What request handlers share: settings, the database and in-process helpers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request

from pointsapi.core.db import Database
from pointsapi.core.settings import Settings


@dataclass
class Runtime:
    settings: Settings
    db: Database

    def now(self) -> datetime:
        return self.settings.clock.now()


def get_runtime(request: Request) -> Runtime:
    runtime = request.app.state.runtime
    assert isinstance(runtime, Runtime)
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
