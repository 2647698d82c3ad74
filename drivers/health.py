"""The health every driver reports, for the status endpoint, the staff screen and the heartbeat."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class DriverHealth:
    """``ok`` is what an operator acts on; ``state`` is a stable word; ``detail`` is for humans.

    ``detail`` never holds personal data: it is shown to staff and sent to the central API.
    """

    ok: bool
    state: str
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
