"""Whether the member may spin now, and chances written for people."""

from __future__ import annotations

from kiosk.core.wheel.model import SpinBlock, SpinOffer, Wheel


def spin_block(
    wheel: Wheel,
    offer: SpinOffer,
    *,
    can_spend: bool,
    api_reachable: bool,
    paper_ok: bool,
) -> SpinBlock | None:
    """The reason the member cannot spin now, or ``None``. The first reason that applies wins:
    the one the member can do least about is named first."""
    if not api_reachable:
        return SpinBlock.API_UNREACHABLE
    if not can_spend:
        return SpinBlock.VIEW_ONLY
    if offer.spins_left_today <= 0:
        return SpinBlock.LIMIT_REACHED
    if not offer.free and offer.balance < offer.cost_points:
        return SpinBlock.NO_POINTS
    if wheel.may_print and not paper_ok:
        return SpinBlock.PRINTER_OUT_OF_PAPER
    return None


def format_percent(ppm: int) -> str:
    """Parts per million as a percentage for people: '12.5%', '0.05%', '100%'."""
    text = f"{ppm / 10_000:.2f}".rstrip("0").rstrip(".")
    if ppm > 0 and text == "0":
        return "<0.01%"
    return f"{text}%"
