"""The test page staff print from the printer tab: which kiosk, when, and every glyph size."""

from __future__ import annotations

import datetime as dt

from kiosk.printing.blocks import Block, Cut, Feed, Rule, Text


def check_slip_blocks(kiosk_id: str, now: dt.datetime) -> list[Block]:
    return [
        Text(("TEST PRINT",), size="large", align="center", bold=True),
        Rule(),
        Text((f"Kiosk {kiosk_id}", now.strftime("%Y-%m-%d %H:%M:%S %Z")), align="center"),
        Text(("0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ",), align="center"),
        Rule(),
        Feed(2),
        Cut(),
    ]
