"""Staff-mode button presses by name, for the dev controls and the end-to-end tests."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kiosk.core import staff as st


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
