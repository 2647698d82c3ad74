"""The screens as the status endpoint sees them: no names, member numbers, PINs, tokens or cards."""

from __future__ import annotations

from typing import Any

from kiosk.core import staff as st
from kiosk.core.session import (
    ConfirmScreen,
    PinScreen,
    RewardsScreen,
    SessionState,
    VoucherScreen,
    WheelScreen,
)


def staff_summary(state: st.StaffState) -> dict[str, Any]:
    screen = state.screen
    summary: dict[str, Any] = {"screen": screen.name}
    if isinstance(screen, st.Login):
        summary.update(
            stage=screen.stage,
            busy=screen.busy is not None,
            problem=None if screen.problem is None else str(screen.problem),
            attempts_left=screen.attempts_left,
        )
    elif isinstance(screen, st.Desk):
        summary["tab"] = screen.tab
        summary["staff"] = screen.identity.display_name
        printer, reprint, gifts = screen.printer, screen.reprint, screen.gifts
        summary["printer"] = {
            "busy": printer.busy is not None or printer.loading is not None,
            "can_print": None if printer.info is None else printer.info.can_print,
            "reason": None if printer.info is None else printer.info.reason,
            "notice": None if printer.notice is None else printer.notice.key,
        }
        summary["reprint"] = {
            "busy": reprint.busy is not None or reprint.loading is not None,
            "jobs": None if reprint.jobs is None else [job.job_id for job in reprint.jobs],
            "notice": None if reprint.notice is None else reprint.notice.key,
        }
        summary["gifts"] = {
            "busy": gifts.busy is not None or gifts.loading is not None,
            "stock": None
            if gifts.gifts is None
            else {gift.code: gift.quantity for gift in gifts.gifts},
            "adjusting": None if gifts.adjusting is None else gifts.adjusting.gift.code,
            "notice": None if gifts.notice is None else gifts.notice.key,
        }
    return summary


def screen_summary(state: SessionState) -> dict[str, Any]:
    """The member screen: which one, the language, balances and notices (never names)."""
    screen = state.screen
    summary: dict[str, Any] = {"screen": screen.name, "language": state.language}
    if state.visit is not None:
        summary["member"] = {
            "balance": state.visit.member.balance,
            "tier": state.visit.member.tier.code,
            "can_spend": state.visit.identified.session.can_spend,
        }
    problem = getattr(screen, "problem", None)
    notice = getattr(screen, "notice", None)
    if problem is not None:
        summary["problem"] = str(problem)
    if notice is not None:
        summary["notice"] = notice.key
    if isinstance(screen, RewardsScreen) and screen.items is not None:
        summary["rewards"] = [
            {"code": item.code, "points": item.points, "available": item.available}
            for item in screen.items
        ]
    if isinstance(screen, ConfirmScreen | PinScreen) and screen.item is not None:
        summary["item"] = screen.item.code  # which reward is being confirmed
    if isinstance(screen, VoucherScreen):
        summary["voucher_id"] = screen.voucher.voucher_id
        summary["printed"] = screen.printed
    if isinstance(screen, WheelScreen):
        summary["wheel"] = wheel_summary(screen)
    summary["printer_can_print"] = state.printer.can_print
    return summary


def wheel_summary(screen: WheelScreen) -> dict[str, Any]:
    wheel, result = screen.wheel, screen.result
    return {
        "version": None if wheel is None else wheel.version,
        "seed_hash": None if wheel is None else wheel.fairness.seed_hash,
        "spinning": screen.spinning is not None,
        "result": None
        if result is None
        else {
            "draw_id": result.draw_id,
            "segment_id": result.segment_id,
            "kind": result.kind.value,
            "seed_hash": result.seed_hash,
            "prints": result.voucher is not None,
        },
        "printed": screen.printed,
        "notice": None if screen.notice is None else screen.notice.key,
    }
