"""``StaffMode``: staff mode's state machine (the package docstring tells the whole story)."""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from kiosk.core.staff.effects import (
    AdjustStock,
    LoadGifts,
    LoadHealth,
    LoadPrinterInfo,
    LoadReprintJobs,
    MarkPaperReplaced,
    PrintTestPage,
    Reprint,
    RestartApp,
    StaffEffect,
    StaffLogin,
    StaffLogout,
    StaffModeChanged,
)
from kiosk.core.staff.events import (
    AdjustSubmit,
    GiftChosen,
    HiddenCornerHeld,
    KeypadDelete,
    KeypadDigit,
    KeypadSubmit,
    KeySwitchChanged,
    PaperReplacedPressed,
    PrintTestPressed,
    ReasonChosen,
    RefreshPressed,
    ReprintAllPressed,
    ReprintPressed,
    RestartConfirmed,
    RestartPressed,
    StaffAnswered,
    StaffCancel,
    StaffCardScanned,
    StaffDone,
    StaffEvent,
    StaffFailed,
    StaffLoginFailed,
    StaffLoginSucceeded,
    StaffTick,
    TabChosen,
)
from kiosk.core.staff.models import (
    ADD_REASONS,
    PIN_MAX,
    PIN_MIN,
    QUANTITY_MAX,
    SET_REASONS,
    STAFF_NO_MAX,
    TABS,
    EntryVia,
    HealthReport,
    PrinterInfo,
    PrintTestResult,
    ReprintJob,
    ReprintOutcome,
    StaffProblem,
    StaffResult,
    Tab,
)
from kiosk.core.staff.state import (
    Adjusting,
    Closed,
    Desk,
    Login,
    Notice,
    PrinterPanel,
    ReprintPanel,
    StaffScreen,
    StaffState,
    Timeouts,
    can_submit,
    gifts_answered,
    is_printing,
    kept_lock,
    tab_busy,
    waiting_for,
)


class StaffMode:
    """One kiosk's staff mode. Not thread-safe: the app drives it from the UI thread."""

    def __init__(self, timeouts: Timeouts | None = None) -> None:
        self.timeouts = timeouts or Timeouts()
        self.state = StaffState()
        self._last_request_id = 0

    @property
    def active(self) -> bool:
        return self.state.active

    @property
    def screen(self) -> StaffScreen:
        return self.state.screen

    # One branch per event, like the member session.
    def handle(self, event: StaffEvent, now: float) -> list[StaffEffect]:  # noqa: PLR0912
        screen = self.screen
        match event:
            case StaffTick():
                return self._on_tick(now)
            case KeySwitchChanged(on=on):
                self.state = replace(self.state, key_on=on)
                if on and isinstance(screen, Closed):
                    return self._open_login("key", now)
                if not on and not isinstance(screen, Closed):
                    return self._close("key_switch")
                return []
            case StaffCardScanned(payload=payload):
                return self._on_card(payload, now)
            case HiddenCornerHeld():
                if isinstance(screen, Closed):
                    return self._open_login("corner", now)
                return []
            case StaffLoginSucceeded(request_id=rid, identity=identity, token=token):
                if isinstance(screen, Login) and screen.busy == rid:
                    self._show(Desk(identity=identity, token=token), now)
                    self.state = replace(self.state, request_started=None)
                    return self._load_tab("printer", now)
                return []
            case StaffLoginFailed(request_id=rid):
                if not isinstance(screen, Login) or screen.busy != rid:
                    return []
                self.state = replace(self.state, request_started=None)
                self._show(
                    Login(
                        via=screen.via,
                        stage="pin",
                        staff_no=screen.staff_no,
                        has_card=screen.has_card,
                        card=screen.card,
                        problem=event.problem,
                        attempts_left=event.attempts_left,
                        locked_until=event.locked_until,
                    ),
                    now,
                )
                return []
            case StaffAnswered() | StaffFailed():
                return self._on_answer(event, now)
        if isinstance(screen, Closed):
            return []
        # Everything below is a touch on a staff screen: it keeps staff mode alive.
        self.state = replace(self.state, last_activity=now)
        if isinstance(screen, Login):
            return self._on_login_touch(screen, event, now)
        return self._on_desk_touch(screen, event, now)

    # --- getting in -----------------------------------------------------------------------------

    def _open_login(self, via: EntryVia, now: float, card: str = "") -> list[StaffEffect]:
        stage: Literal["staff_no", "pin"] = "pin" if card else "staff_no"
        self._show(Login(via=via, stage=stage, has_card=bool(card), card=card), now)
        return [StaffModeChanged(active=True)]

    def _on_card(self, payload: str, now: float) -> list[StaffEffect]:
        screen = self.screen
        if not payload:
            return []
        if isinstance(screen, Closed):
            return self._open_login("card", now, card=payload)
        if isinstance(screen, Login) and screen.busy is None:
            # A card scanned on the keypad (opened by key or corner) replaces a typed number.
            self._show(Login(via=screen.via, stage="pin", has_card=True, card=payload), now)
        return []  # on the desk a card changes nothing: log out first to change who is in

    def _on_login_touch(  # noqa: PLR0912 - one branch per keypad key
        self, screen: Login, event: StaffEvent, now: float
    ) -> list[StaffEffect]:
        if screen.busy is not None:
            return []  # the API is checking: the keypad waits
        match event:
            case StaffCancel():
                return self._close(None)
            case KeypadDigit(digit=digit) if len(digit) == 1 and digit in "0123456789":
                if screen.stage == "staff_no":
                    if len(screen.staff_no) < STAFF_NO_MAX:
                        self._show(replace(screen, staff_no=screen.staff_no + digit), now)
                elif len(screen.pin) < PIN_MAX:
                    pin = screen.pin + digit
                    # Typing again clears the last refusal (but not the lock: the API decides).
                    self._show(
                        replace(screen, pin=pin, pin_length=len(pin), problem=kept_lock(screen)),
                        now,
                    )
            case KeypadDelete():
                if screen.stage == "pin" and screen.pin:
                    pin = screen.pin[:-1]
                    self._show(replace(screen, pin=pin, pin_length=len(pin)), now)
                elif screen.stage == "pin" and not screen.has_card:
                    self._show(replace(screen, stage="staff_no"), now)  # back to the number
                elif screen.stage == "staff_no" and screen.staff_no:
                    self._show(replace(screen, staff_no=screen.staff_no[:-1]), now)
            case KeypadSubmit():
                if screen.stage == "staff_no":
                    if screen.staff_no:
                        self._show(replace(screen, stage="pin", problem=None), now)
                    return []
                if not PIN_MIN <= len(screen.pin) <= PIN_MAX:
                    return []
                rid = self._request(now)
                pin = screen.pin
                # The PIN leaves the state as it leaves the kiosk.
                self._show(replace(screen, pin="", pin_length=0, busy=rid, problem=None), now)
                card = screen.card if screen.has_card else None
                staff_no = None if screen.has_card else screen.staff_no
                return [StaffLogin(rid, card=card, staff_no=staff_no, pin=pin)]
        return []

    # --- the desk -------------------------------------------------------------------------------

    def _on_desk_touch(  # noqa: PLR0912 - one branch per button
        self, desk: Desk, event: StaffEvent, now: float
    ) -> list[StaffEffect]:
        match event:
            case StaffDone():
                if desk.health.restarting:
                    return []
                return self._close("done")
            case TabChosen(tab=tab) if tab in TABS:
                self._show(replace(desk, tab=tab), now)
                return self._load_tab(tab, now)
            case RefreshPressed():
                return self._load_tab(desk.tab, now)
            case PaperReplacedPressed() if desk.tab == "printer" and desk.printer.busy is None:
                rid = self._request(now)
                self._show(replace(desk, printer=replace(desk.printer, busy=rid, notice=None)))
                return [MarkPaperReplaced(rid, desk.token)]
            case PrintTestPressed() if desk.tab == "printer" and desk.printer.busy is None:
                rid = self._request(now)
                self._show(replace(desk, printer=replace(desk.printer, busy=rid, notice=None)))
                return [PrintTestPage(rid, desk.token)]
            case ReprintPressed() | ReprintAllPressed() as pressed:
                return self._reprint(desk, pressed, now)
            case GiftChosen() | ReasonChosen() | KeypadDigit() | KeypadDelete() | AdjustSubmit():
                return self._on_gifts(desk, event, now)
            case StaffCancel():
                if desk.gifts.adjusting is not None:
                    self._show(replace(desk, gifts=replace(desk.gifts, adjusting=None)))
                elif desk.health.confirm_restart:
                    self._show(replace(desk, health=replace(desk.health, confirm_restart=False)))
            case RestartPressed() if desk.tab == "health" and not desk.health.restarting:
                self._show(replace(desk, health=replace(desk.health, confirm_restart=True)))
            case RestartConfirmed() if desk.health.confirm_restart:
                self._show(
                    replace(
                        desk,
                        health=replace(desk.health, confirm_restart=False, restarting=True),
                    )
                )
                return [RestartApp(desk.token)]
        return []

    def _reprint(
        self, desk: Desk, pressed: ReprintPressed | ReprintAllPressed, now: float
    ) -> list[StaffEffect]:
        panel = desk.reprint
        if desk.tab != "reprint" or panel.busy is not None or not panel.jobs:
            return []
        known = tuple(job.job_id for job in panel.jobs)
        if isinstance(pressed, ReprintPressed):
            if pressed.job_id not in known:
                return []
            ids: tuple[int, ...] = (pressed.job_id,)
        else:
            ids = known
        rid = self._request(now)
        self._show(replace(desk, reprint=replace(panel, busy=rid, printing=ids, notice=None)))
        return [Reprint(rid, desk.token, ids)]

    def _on_gifts(self, desk: Desk, event: StaffEvent, now: float) -> list[StaffEffect]:
        panel = desk.gifts
        if desk.tab != "gifts" or panel.busy is not None:
            return []
        adjusting = panel.adjusting
        match event:
            case GiftChosen(code=code, mode=mode) if panel.gifts is not None:
                gift = next((g for g in panel.gifts if g.code == code), None)
                if gift is not None and mode in ("add", "set"):
                    reason = "delivery" if mode == "add" else ""
                    chosen = Adjusting(gift=gift, mode=mode, reason=reason)
                    self._show(replace(desk, gifts=replace(panel, adjusting=chosen, notice=None)))
            case ReasonChosen(reason=reason) if adjusting is not None:
                allowed = ADD_REASONS if adjusting.mode == "add" else SET_REASONS
                if reason in allowed:
                    self._set_adjusting(desk, replace(adjusting, reason=reason))
            case KeypadDigit(digit=digit) if adjusting is not None:
                if len(digit) == 1 and digit in "0123456789":
                    amount = (adjusting.amount + digit).lstrip("0") or "0"
                    if int(amount) <= QUANTITY_MAX:
                        self._set_adjusting(desk, replace(adjusting, amount=amount))
            case KeypadDelete() if adjusting is not None:
                self._set_adjusting(desk, replace(adjusting, amount=adjusting.amount[:-1]))
            case AdjustSubmit() if adjusting is not None and can_submit(adjusting):
                rid = self._request(now)
                self._show(replace(desk, gifts=replace(panel, busy=rid, notice=None)))
                return [
                    AdjustStock(
                        rid,
                        desk.token,
                        adjusting.gift.code,
                        adjusting.mode,
                        int(adjusting.amount),
                        adjusting.reason,
                    )
                ]
        return []

    def _set_adjusting(self, desk: Desk, adjusting: Adjusting) -> None:
        self._show(replace(desk, gifts=replace(desk.gifts, adjusting=adjusting)))

    def _load_tab(self, tab: Tab, now: float) -> list[StaffEffect]:
        desk = self.screen
        assert isinstance(desk, Desk)
        if tab_busy(desk, tab):
            return []  # a change under way reloads when it is done
        rid = self._request(now)
        if tab == "printer":
            self._show(replace(desk, printer=replace(desk.printer, loading=rid)))
            return [LoadPrinterInfo(rid)]
        if tab == "reprint":
            self._show(replace(desk, reprint=replace(desk.reprint, loading=rid)))
            return [LoadReprintJobs(rid)]
        if tab == "gifts":
            self._show(replace(desk, gifts=replace(desk.gifts, loading=rid, adjusting=None)))
            return [LoadGifts(rid, desk.token)]
        self._show(replace(desk, health=replace(desk.health, loading=rid)))
        return [LoadHealth(rid)]

    # --- answers --------------------------------------------------------------------------------

    def _on_answer(self, event: StaffAnswered | StaffFailed, now: float) -> list[StaffEffect]:
        desk = self.screen
        if not isinstance(desk, Desk):
            return []
        rid = event.request_id
        if rid not in waiting_for(desk):
            return []  # staff left, or asked again since: only the newest request counts
        if isinstance(event, StaffFailed) and event.problem is StaffProblem.SESSION_EXPIRED:
            return self._close(None)  # the API ended the staff session
        if isinstance(event, StaffFailed):
            params = (("reason", event.reason),) if event.reason else ()
            answer: StaffResult | Notice = Notice(
                f"staff.problem.{event.problem.value}", False, params
            )
        else:
            answer = event.result
        effects: list[StaffEffect] = []
        if rid in (desk.printer.loading, desk.printer.busy):
            desk = replace(desk, printer=self._printer_answer(desk.printer, rid, answer, effects))
        elif rid in (desk.reprint.loading, desk.reprint.busy):
            desk = replace(desk, reprint=self._reprint_answer(desk.reprint, rid, answer, effects))
        elif rid in (desk.gifts.loading, desk.gifts.busy):
            desk = replace(desk, gifts=gifts_answered(desk.gifts, rid, answer))
        else:
            report = answer if isinstance(answer, HealthReport) else desk.health.report
            desk = replace(desk, health=replace(desk.health, report=report, loading=None))
        self._show(desk)
        if not waiting_for(desk):
            self.state = replace(self.state, request_started=None)
        elif effects:
            self.state = replace(self.state, request_started=now)
        return effects

    def _printer_answer(
        self,
        panel: PrinterPanel,
        rid: int,
        answer: StaffResult | Notice,
        effects: list[StaffEffect],
    ) -> PrinterPanel:
        if rid == panel.loading:
            if isinstance(answer, PrinterInfo):
                return replace(panel, info=answer, loading=None)
            notice = answer if isinstance(answer, Notice) else panel.notice
            return replace(panel, loading=None, notice=notice)
        # The answer to "paper replaced" (a fresh PrinterInfo) or to a test print.
        if isinstance(answer, PrinterInfo):
            return replace(
                panel, info=answer, busy=None, notice=Notice("staff.printer.restocked", True)
            )
        if isinstance(answer, PrintTestResult):
            key = "staff.printer.test_printed" if answer.printed else "staff.printer.test_failed"
            params = (("reason", answer.reason),) if answer.reason else ()
            reload = LoadPrinterInfo(self._next_id())
            effects.append(reload)  # the test used paper: show the new estimate
            return replace(
                panel,
                busy=None,
                loading=reload.request_id,
                notice=Notice(key, answer.printed, params),
            )
        notice = answer if isinstance(answer, Notice) else None
        return replace(panel, busy=None, notice=notice)

    def _reprint_answer(
        self,
        panel: ReprintPanel,
        rid: int,
        answer: StaffResult | Notice,
        effects: list[StaffEffect],
    ) -> ReprintPanel:
        if rid == panel.loading:
            if isinstance(answer, Notice):
                return replace(panel, loading=None, notice=answer)
            jobs = (
                tuple(j for j in answer if isinstance(j, ReprintJob))
                if isinstance(answer, tuple)
                else panel.jobs
            )
            return replace(panel, jobs=jobs, loading=None)
        if isinstance(answer, Notice):
            notice = answer
        else:
            outcomes = (
                [o for o in answer if isinstance(o, ReprintOutcome)]
                if isinstance(answer, tuple)
                else []
            )
            printed = sum(1 for o in outcomes if o.printed)
            failed = len(outcomes) - printed
            notice = Notice(
                "staff.reprint.done" if not failed else "staff.reprint.some_failed",
                not failed,
                (("printed", str(printed)), ("failed", str(failed))),
            )
        # Printed or not, the list changed (or may have): read it again from the journal.
        reload = LoadReprintJobs(self._next_id())
        effects.append(reload)
        return replace(panel, busy=None, printing=(), loading=reload.request_id, notice=notice)

    # --- time -----------------------------------------------------------------------------------

    def _on_tick(self, now: float) -> list[StaffEffect]:
        screen = self.screen
        t = self.timeouts
        started = self.state.request_started
        if isinstance(screen, Closed):
            return []
        waiting = waiting_for(screen)
        if waiting and started is not None:
            limit = t.printing if is_printing(screen) else t.request
            if now - started >= limit:
                # An answer that never came: say so, never leave a spinner forever.
                if isinstance(screen, Login):
                    self._show(replace(screen, busy=None, problem=StaffProblem.OFFLINE), now)
                    self.state = replace(self.state, request_started=None)
                    return []
                effects: list[StaffEffect] = []
                for rid in waiting:
                    effects += self._on_answer(StaffFailed(rid, StaffProblem.OFFLINE), now)
                return effects
            return []  # no inactivity timeout while an answer is awaited
        idle = now - self.state.last_activity
        if isinstance(screen, Login) and idle >= t.login:
            return self._close(None)
        if isinstance(screen, Desk) and idle >= t.inactivity and not screen.health.restarting:
            return self._close("inactivity")
        return []

    # --- helpers --------------------------------------------------------------------------------

    def _close(self, why: Literal["done", "inactivity", "key_switch"] | None) -> list[StaffEffect]:
        screen = self.screen
        effects: list[StaffEffect] = []
        if isinstance(screen, Desk) and why is not None:  # None: the API already ended it
            effects.append(StaffLogout(screen.token, why))
        self.state = StaffState(key_on=self.state.key_on)  # wipes the PIN, token, everything
        effects.append(StaffModeChanged(active=False))
        return effects

    def _request(self, now: float) -> int:
        self.state = replace(self.state, request_started=now)
        return self._next_id()

    def _next_id(self) -> int:
        self._last_request_id += 1
        return self._last_request_id

    def _show(self, screen: StaffScreen, now: float | None = None) -> None:
        self.state = replace(self.state, screen=screen)
        if now is not None:
            self.state = replace(self.state, last_activity=now)
