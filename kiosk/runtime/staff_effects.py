"""Carries out staff mode's effects (``kiosk.core.staff``) and posts the answers back as events.

The app gives it a way to run work off the UI thread (``submit``), a way to post events back to
the UI thread (``post``), the staff API calls, the print service and a health gatherer. Every
effect runs on a worker; every answer is a ``StaffAnswered`` / ``StaffFailed`` /
``StaffLogin*`` event carrying the request id it answers. Nothing here raises into the caller,
and nothing here logs a PIN, a token or a card payload.

The HTTP calls are ``kiosk.client.staff.StaffApiClient``'s; the problem codes are mapped by
``kiosk.client.problems``; the test page's layout is ``kiosk.printing.check_slip``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

from drivers.health import DriverHealth
from drivers.printer import PaperState, Printer
from kiosk.client import ApiError
from kiosk.client.problems import staff_problem_for
from kiosk.client.staff import StaffApiClient
from kiosk.core.staff import (
    AdjustStock,
    HealthReport,
    LoadGifts,
    LoadHealth,
    LoadPrinterInfo,
    LoadReprintJobs,
    MarkPaperReplaced,
    PrinterInfo,
    PrintTestPage,
    PrintTestResult,
    Reprint,
    ReprintJob,
    ReprintOutcome,
    RestartApp,
    StaffAnswered,
    StaffEffect,
    StaffEvent,
    StaffFailed,
    StaffLogin,
    StaffLoginFailed,
    StaffLoginSucceeded,
    StaffLogout,
    StaffModeChanged,
    StaffProblem,
    StaffResult,
)
from kiosk.printing.check_slip import check_slip_blocks
from kiosk.printing.service import PrintService
from kiosk.runtime.outbox import Outbox

log = logging.getLogger(__name__)
T = TypeVar("T")


def printer_info(state: PaperState, roll_length_mm: float, health: DriverHealth) -> PrinterInfo:
    """The printer tab's data from the combined paper state and the printer's health."""
    last_error = "" if health.ok else health.state
    return PrinterInfo(
        can_print=state.can_print,
        reason=state.reason,
        sensor=state.sensor,
        low_switch=state.low_switch,
        remaining_mm=state.remaining_mm,
        roll_length_mm=roll_length_mm,
        last_error=last_error,
    )


class StaffRunner:
    """Runs staff effects. ``carry_out`` returns at once; answers arrive through ``post``."""

    def __init__(
        self,
        *,
        post: Callable[[StaffEvent], None],
        submit: Callable[[Callable[[], None]], object],
        api: StaffApiClient,
        print_service: PrintService,
        roll_length_mm: float,
        health: Callable[[], HealthReport],
        restart: Callable[[], None],
        kiosk_id: str,
        outbox: Outbox | None = None,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ) -> None:
        self._post = post
        self._submit = submit
        self._api = api
        self._prints = print_service
        self._roll_mm = roll_length_mm
        self._health = health
        self._restart = restart
        self._kiosk_id = kiosk_id
        self._outbox = outbox
        self._clock = clock

    @property
    def _printer(self) -> Printer:
        return self._prints.printer

    def carry_out(self, effect: StaffEffect) -> None:
        match effect:
            case StaffModeChanged():
                pass  # the app's own business: end a member visit, LED, scanner routing
            case StaffLogin():
                self._submit(lambda: self._login(effect))
            case StaffLogout(token=token, why=why):
                self._submit(lambda: self._quietly("logout", lambda: self._api.logout(token, why)))
            case LoadPrinterInfo(request_id=rid):
                self._answer(rid, self._printer_info)
            case MarkPaperReplaced(request_id=rid, token=token):
                self._answer(rid, lambda: self._paper_replaced(token))
            case PrintTestPage(request_id=rid, token=token):
                self._answer(rid, lambda: self._test_print(token))
            case LoadReprintJobs(request_id=rid):
                self._answer(rid, self._reprint_jobs)
            case Reprint(request_id=rid, token=token, job_ids=ids):
                self._answer(rid, lambda: self._reprint(token, ids))
            case LoadGifts(request_id=rid, token=token):
                self._answer(rid, lambda: self._api.gifts(token))
            case AdjustStock() as adjust:
                self._answer(
                    adjust.request_id,
                    lambda: self._api.adjust(
                        adjust.token, adjust.gift_code, adjust.mode, adjust.quantity, adjust.reason
                    ),
                    adjusting=True,
                )
            case LoadHealth(request_id=rid):
                self._answer(rid, self._health)
            case RestartApp(token=token):
                self._submit(lambda: self._restart_app(token))

    # --- workers --------------------------------------------------------------------------------

    def _answer(
        self, request_id: int, work: Callable[[], StaffResult], *, adjusting: bool = False
    ) -> None:
        def run() -> None:
            try:
                result = work()
            except ApiError as exc:
                log.info("staff request refused: %s", exc.code)
                self._post(StaffFailed(request_id, staff_problem_for(exc, adjusting=adjusting)))
            except Exception:
                log.exception("staff request failed unexpectedly")
                self._post(StaffFailed(request_id, StaffProblem.SERVER_ERROR))
            else:
                self._post(StaffAnswered(request_id, result))

        self._submit(run)

    def _login(self, effect: StaffLogin) -> None:
        try:
            identity, token = self._api.login(
                card=effect.card, staff_no=effect.staff_no, pin=effect.pin
            )
        except ApiError as exc:
            log.info("staff login refused: %s", exc.code)  # the code only
            self._post(
                StaffLoginFailed(
                    effect.request_id,
                    staff_problem_for(exc),
                    _optional_int(exc.extra.get("attempts_left")),
                    _optional_time(exc.extra.get("locked_until")),
                )
            )
        except Exception:
            log.exception("staff login failed unexpectedly")
            self._post(StaffLoginFailed(effect.request_id, StaffProblem.SERVER_ERROR))
        else:
            self._post(StaffLoginSucceeded(effect.request_id, identity, token))

    def _printer_info(self) -> PrinterInfo:
        state = self._printer.paper_state()
        return printer_info(state, self._roll_mm, self._printer.health())

    def _paper_replaced(self, token: str) -> PrinterInfo:
        before = self._printer.last_paper_state()
        # What staff did is done: the estimate starts again even if the API is unreachable
        # (then they are told it was not recorded, and a second press records it).
        self._printer.paper_restocked()
        self._api.record(
            token,
            "paper_replaced",
            {
                "roll_length_mm": self._roll_mm,
                "remaining_mm_before": None if before is None else before.remaining_mm,
                "sensor_before": "" if before is None else before.sensor,
                "low_switch_before": None if before is None else before.low_switch,
            },
        )
        return self._printer_info()

    def _test_print(self, token: str) -> PrintTestResult:
        job = self._prints.builder.encode(check_slip_blocks(self._kiosk_id, self._clock()))
        try:
            self._printer.print_job(job)
        except Exception as exc:
            reason = str(getattr(exc, "reason", type(exc).__name__))
            result = PrintTestResult(False, reason)
        else:
            result = PrintTestResult(True)
        self._api.record(token, "test_print", {"printed": result.printed, "reason": result.reason})
        return result

    def _reprint_jobs(self) -> tuple[ReprintJob, ...]:
        return tuple(
            ReprintJob(e.id, e.kind, e.created_at, e.status, e.last_error)
            for e in self._prints.unprinted()
        )

    def _reprint(self, token: str, job_ids: tuple[int, ...]) -> tuple[ReprintOutcome, ...]:
        outcomes = []
        for job_id in job_ids:
            try:
                outcome = self._prints.reprint(job_id)  # prints once; marks it printed
            except KeyError:
                outcomes.append(ReprintOutcome(job_id, False, "not_found"))
                continue
            printed = outcome.status in ("printed", "already_printed")
            outcomes.append(ReprintOutcome(job_id, printed, "" if printed else outcome.reason))
            entry = self._prints.journal.get(job_id)
            details: dict[str, Any] = {
                "job_id": job_id,
                "kind": entry.kind if entry else "",
                "code": entry.code if entry else "",
                "printed": printed,
                "reason": "" if printed else outcome.reason,
            }
            # The ticket is out (or not) whatever the network does: a record the API cannot
            # take now waits in the outbox; the printing result is shown either way.
            self._quietly(
                "record reprint",
                partial(self._api.record, token, "reprint", details, later=self._outbox),
            )
        if any(o.printed for o in outcomes):
            self._quietly("notify printed", self._prints.notify_pending)
        return tuple(outcomes)

    def _restart_app(self, token: str) -> None:
        self._quietly(
            "record restart",
            lambda: self._api.record(token, "restart_requested", {}, later=self._outbox),
        )
        self._quietly("logout", lambda: self._api.logout(token, "restart"))
        self._restart()

    def _quietly(self, what: str, work: Callable[[], object]) -> None:
        try:
            work()
        except ApiError as exc:
            log.warning("%s failed: %s", what, exc.code)
        except Exception:
            log.exception("%s failed", what)


def _optional_int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _optional_time(value: object) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return when if when.tzinfo is not None else None
