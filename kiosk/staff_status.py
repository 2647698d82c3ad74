"""Staff mode as the status endpoint and the dev controls see it (no PINs, tokens or cards)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kiosk.core import staff as st


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


def staff_press(press: str, data: Mapping[str, Any]) -> list[st.StaffEvent]:
    """The staff event(s) a button press stands for (dev controls and end-to-end tests)."""
    code = data.get("code")
    text = code if isinstance(code, str) else ""
    simple: dict[str, st.StaffEvent] = {
        "submit": st.KeypadSubmit(),
        "delete": st.KeypadDelete(),
        "cancel": st.StaffCancel(),
        "done": st.StaffDone(),
        "corner": st.HiddenCornerHeld(),
        "paper_replaced": st.PaperReplacedPressed(),
        "test_print": st.PrintTestPressed(),
        "reprint_all": st.ReprintAllPressed(),
        "adjust": st.AdjustSubmit(),
        "refresh": st.RefreshPressed(),
    }
    if press in simple:
        return [simple[press]]
    if press == "digits" and text.isdigit():
        return [st.KeypadDigit(digit) for digit in text]
    if press == "tab" and text in ("printer", "reprint", "gifts", "health"):
        return [st.TabChosen(text)]  # type: ignore[arg-type]  # checked just above
    if press == "reprint" and text.isdigit():
        return [st.ReprintPressed(int(text))]
    if press == "gift" and text and data.get("mode") in ("add", "set"):
        return [st.GiftChosen(text, data["mode"])]
    if press == "reason" and text:
        return [st.ReasonChosen(text)]
    raise ValueError(f"no staff button {press!r} with those values")
