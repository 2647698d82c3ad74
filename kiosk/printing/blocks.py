"""The few things a ticket is made of. ``layout.py`` arranges them; ``builder.py`` prints them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Size = Literal["small", "normal", "large"]
Align = Literal["left", "center", "right"]


@dataclass(frozen=True, slots=True)
class Text:
    """Paragraphs in one style; the builder wraps them to the paper width."""

    paragraphs: tuple[str, ...]
    size: Size = "normal"
    align: Align = "left"
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Logo:
    pass


@dataclass(frozen=True, slots=True)
class Qr:
    data: str


@dataclass(frozen=True, slots=True)
class Rule:
    """A thin line across the paper."""


@dataclass(frozen=True, slots=True)
class Feed:
    lines: int = 1


@dataclass(frozen=True, slots=True)
class Cut:
    pass


Block = Text | Logo | Qr | Rule | Feed | Cut
