"""The wheel's part of a visit, as pure functions the session machine calls."""

from __future__ import annotations

from dataclasses import replace

from kiosk.core.events import Problem
from kiosk.core.models import MemberSummary, Spun
from kiosk.core.session.state import Notice, WheelScreen
from kiosk.core.wheel import Wheel, spin_block


def spin_refusal(screen: WheelScreen, wheel: Wheel, *, paper_ok: bool) -> Notice | None:
    """Why the member may not spin now (no spins left, no paper for a prize...), or None."""
    offer = screen.offer
    if offer is None:
        return None
    block = spin_block(
        wheel,
        offer,
        can_spend=True,
        api_reachable=True,  # the request itself finds out
        paper_ok=paper_ok,
    )
    return None if block is None else Notice(f"wheel.block.{block.value}", ok=False)


def spin_cost(screen: WheelScreen, wheel: Wheel) -> int:
    offer = screen.offer
    return offer.cost_points if offer is not None else wheel.spin_cost_points


def member_after_spin(spun: Spun, member: MemberSummary) -> MemberSummary:
    """The API's new summary, or the old one with the draw's balance and spins left."""
    result = spun.result
    return spun.member or replace(
        member, balance=result.balance_after, spins_left=result.offer.spins_left_today
    )


def after_failed_spin(screen: WheelScreen, problem: Problem, notice: Notice) -> WheelScreen:
    """A refused or lost draw: the wheel stays; a lost answer keeps its draw id for a retry."""
    lost = problem in (Problem.OFFLINE, Problem.SERVER_ERROR)
    return replace(
        screen,
        spinning=None,
        retry_draw=screen.retry_draw if lost else None,  # a lost answer: same draw again
        notice=notice,
    )
