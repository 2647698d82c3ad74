"""What request handlers share: settings, the database and in-process helpers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request

from pointsapi.db import Database
from pointsapi.ratelimit import FailureLimiter
from pointsapi.settings import Settings


@dataclass
class Runtime:
    settings: Settings
    db: Database
    identify_limiter: FailureLimiter = field(init=False)

    def __post_init__(self) -> None:
        self.identify_limiter = FailureLimiter(self.settings.identify_failures_per_minute)

    def now(self) -> datetime:
        return self.settings.clock.now()


def get_runtime(request: Request) -> Runtime:
    runtime = request.app.state.runtime
    assert isinstance(runtime, Runtime)
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
