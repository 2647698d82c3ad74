"""What the staff screens' buttons do: one callback each, posting one event to staff mode."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kiosk.core.staff import (
    AdjustMode,
    AdjustSubmit,
    GiftChosen,
    KeypadDelete,
    KeypadDigit,
    KeypadSubmit,
    PaperReplacedPressed,
    PrintTestPressed,
    ReasonChosen,
    RefreshPressed,
    ReprintAllPressed,
    ReprintPressed,
    RestartConfirmed,
    RestartPressed,
    StaffCancel,
    StaffDone,
    StaffEvent,
    TabChosen,
)


@dataclass(frozen=True)
class StaffActions:
    """What the staff screens' buttons do (each posts one event to ``StaffMode``)."""

    digit: Callable[[str], None]
    delete: Callable[[], None]
    submit: Callable[[], None]
    cancel: Callable[[], None]
    done: Callable[[], None]
    tab: Callable[[str], None]
    paper_replaced: Callable[[], None]
    test_print: Callable[[], None]
    reprint: Callable[[int], None]
    reprint_all: Callable[[], None]
    gift: Callable[[str, AdjustMode], None]
    reason: Callable[[str], None]
    save: Callable[[], None]
    refresh: Callable[[], None]
    restart: Callable[[], None]
    restart_confirm: Callable[[], None]

    @classmethod
    def posting(cls, send: Callable[[StaffEvent], None]) -> StaffActions:
        """Every button as one event handed to ``send`` (the app's dispatch to StaffMode)."""
        return cls(
            digit=lambda d: send(KeypadDigit(d)),
            delete=lambda: send(KeypadDelete()),
            submit=lambda: send(KeypadSubmit()),
            cancel=lambda: send(StaffCancel()),
            done=lambda: send(StaffDone()),
            tab=lambda tab: send(TabChosen(tab)),  # type: ignore[arg-type]
            paper_replaced=lambda: send(PaperReplacedPressed()),
            test_print=lambda: send(PrintTestPressed()),
            reprint=lambda job_id: send(ReprintPressed(job_id)),
            reprint_all=lambda: send(ReprintAllPressed()),
            gift=lambda code, mode: send(GiftChosen(code, mode)),
            reason=lambda reason: send(ReasonChosen(reason)),
            save=lambda: send(AdjustSubmit()),
            refresh=lambda: send(RefreshPressed()),
            restart=lambda: send(RestartPressed()),
            restart_confirm=lambda: send(RestartConfirmed()),
        )
