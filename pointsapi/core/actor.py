"""Who caused a change (a kiosk, a till, an admin or the system): recorded on ledger entries."""

from __future__ import annotations

from dataclasses import dataclass

ACTOR_TYPES = frozenset({"kiosk", "till", "admin", "system"})


@dataclass(frozen=True)
class Actor:
    type: str
    id: str

    def __post_init__(self) -> None:
        if self.type not in ACTOR_TYPES:
            raise ValueError(f"unknown actor type {self.type!r}")
