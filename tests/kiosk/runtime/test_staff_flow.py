"""Staff mode wired the way the app wires it: StaffMode's effects carried out by StaffRunner on the
real print service (simulated printer, journal in tmp_path) and the real PointsClient transport
(httpx MockTransport standing in for the API), answers fed back as events. No Kivy.

The issue's story without the member side: paper runs low, staff log in with card and PIN, mark
the paper replaced, reprint a ticket that failed, add gift stock, log out; the API saw each action.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.core.staff import (
    AdjustSubmit,
    Desk,
    GiftChosen,
    KeypadDigit,
    KeypadSubmit,
    PaperReplacedPressed,
    ReprintPressed,
    StaffCardScanned,
    StaffDone,
    StaffEvent,
    StaffMode,
    StaffModeChanged,
    StaffTick,
    TabChosen,
)
from kiosk.printing.samples import sample_ticket
from kiosk.printing.ticket import TicketKind
from tests.kiosk.runtime.test_staff_effects import Kiosk


class Wired:
    """What the app does each frame: handle, carry out, feed the answers back."""

    def __init__(self, kiosk: Kiosk) -> None:
        self.kiosk = kiosk
        self.staff = StaffMode()
        self.now = 1000.0
        self.mode_changes: list[bool] = []

    def send(self, event: StaffEvent) -> None:
        queue = [event]
        while queue:
            effects = self.staff.handle(queue.pop(0), self.now)
            for effect in effects:
                if isinstance(effect, StaffModeChanged):
                    self.mode_changes.append(effect.active)
                self.kiosk.runner.carry_out(effect)
            queue += self.kiosk.events
            self.kiosk.events.clear()
        self.now += 1

    def desk(self) -> Desk:
        screen = self.staff.screen
        assert isinstance(screen, Desk), screen
        return screen


@pytest.fixture
def wired(tmp_path: Path) -> Iterator[Wired]:
    kiosk = Kiosk(tmp_path)
    yield Wired(kiosk)
    kiosk.close()


def test_restock_reprint_and_gifts_with_the_api_recording_each_action(wired: Wired) -> None:
    kiosk = wired.kiosk
    # Before staff come: the roll is nearly used up and a voucher failed to print.
    kiosk.printer.meter.add(29_000)
    kiosk.printer.set_faults(paper_out=True)
    failed = kiosk.service.print_ticket(sample_ticket(TicketKind.VOUCHER, "en"))
    assert failed.status == "saved" and failed.job_id is not None
    kiosk.printer.set_faults(paper_out=False)

    wired.send(StaffCardScanned("S1:9001"))
    for digit in "4821":
        wired.send(KeypadDigit(digit))
    wired.send(KeypadSubmit())
    desk = wired.desk()
    assert desk.identity.display_name == "Li W." and wired.mode_changes == [True]
    info = desk.printer.info
    assert info is not None and info.reason == "paper_estimate_low" and info.remaining_mm == 1000

    wired.send(PaperReplacedPressed())
    info = wired.desk().printer.info
    assert info is not None and info.reason == "ok" and info.remaining_mm == 30_000

    wired.send(TabChosen("reprint"))
    assert [j.job_id for j in wired.desk().reprint.jobs or ()] == [failed.job_id]
    wired.send(ReprintPressed(failed.job_id))
    panel = wired.desk().reprint
    assert panel.jobs == () and panel.notice is not None and panel.notice.ok
    assert len(kiosk.printer.jobs()) == 1

    wired.send(TabChosen("gifts"))
    wired.send(GiftChosen("mug", "add"))
    for digit in "24":
        wired.send(KeypadDigit(digit))
    wired.send(AdjustSubmit())
    gifts = wired.desk().gifts.gifts
    assert gifts is not None and gifts[0].quantity == 27

    wired.send(StaffDone())
    assert wired.mode_changes == [True, False]
    wired.send(StaffTick())

    paths = [r.url.path for r in kiosk.api.requests]
    assert paths == [
        "/v1/kiosk/staff/sessions",
        "/v1/kiosk/staff/actions",  # paper replaced
        "/v1/kiosk/staff/actions",  # reprint
        "/v1/kiosk/staff/gifts",
        "/v1/kiosk/staff/gifts/mug/adjustments",
        "/v1/kiosk/staff/sessions/current/logout",
    ]
    actions = [json.loads(r.content)["action"] for r in kiosk.api.requests
               if r.url.path == "/v1/kiosk/staff/actions"]  # fmt: skip
    assert actions == ["paper_replaced", "reprint"]
    staff_calls = [r for r in kiosk.api.requests if r.url.path != "/v1/kiosk/staff/sessions"]
    assert all(r.headers["X-Staff-Session"] == "st_token" for r in staff_calls)
