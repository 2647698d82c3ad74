"""Carries out staff mode's effects (``kiosk.core.staff``) and posts the answers back as events.

The app gives it a way to run work off the UI thread (``submit``), a way to post events back to
the UI thread (``post``), the staff API calls, the print service and a health gatherer. Every
effect runs on a worker; every answer is a ``StaffAnswered`` / ``StaffFailed`` /
``StaffLogin*`` event carrying the request id it answers. Nothing here raises into the caller,
and nothing here logs a PIN, a token or a card payload.

The HTTP calls follow docs/staff-api.md; ``StaffApiClient`` needs only a transport with the
signature of ``PointsClient._request`` (method, path, json, headers, idempotency_key).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import Any, Protocol, TypeVar

from drivers.health import DriverHealth
from drivers.printer import PaperState, Printer
from kiosk.client import ApiError, ApiUnavailable
from kiosk.core.staff import (
    AdjustMode,
    AdjustStock,
    GiftStock,
    HealthReport,
    LoadGifts,
    LoadHealth,
    LoadPrinterInfo,
    LoadReprintJobs,
    MarkPaperReplaced,
    PrinterInfo,
    PrintTestPage,
    PrintTestResult,
    Reading,
    Reprint,
    ReprintJob,
    ReprintOutcome,
    RestartApp,
    StaffAnswered,
    StaffEffect,
    StaffEvent,
    StaffFailed,
    StaffIdentity,
    StaffLogin,
    StaffLoginFailed,
    StaffLoginSucceeded,
    StaffLogout,
    StaffModeChanged,
    StaffProblem,
    StaffResult,
)
from kiosk.outbox import Outbox
from kiosk.printing.blocks import Block, Cut, Feed, Rule, Text
from kiosk.printing.service import PrintService
from kiosk.system_health import cpu_temperature_c, free_disk_bytes, throttling

log = logging.getLogger(__name__)
T = TypeVar("T")


class Transport(Protocol):
    """``PointsClient._request``: one JSON call, ApiError / ApiUnavailable on failure."""

    def __call__(
        self,
        method: str,
        path: str,
        *,
        json: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        idempotency_key: str | None = None,
    ) -> dict[str, Any]: ...


# API problem codes (docs/staff-api.md) -> what staff are told.
_PROBLEMS = {
    "staff_pin_wrong": StaffProblem.WRONG_PIN,
    "staff_locked": StaffProblem.LOCKED,
    "staff_wrong_store": StaffProblem.WRONG_STORE,
    "staff_disabled": StaffProblem.CREDENTIAL_DISABLED,
    "staff_session_required": StaffProblem.SESSION_EXPIRED,
    "staff_session_invalid": StaffProblem.SESSION_EXPIRED,
    "staff_session_expired": StaffProblem.SESSION_EXPIRED,
    "staff_session_mismatch": StaffProblem.SESSION_EXPIRED,
    "staff_not_allowed": StaffProblem.NOT_ALLOWED,
    "gift_not_found": StaffProblem.GIFT_NOT_FOUND,
}


def staff_problem_for(exc: ApiError, *, adjusting: bool = False) -> StaffProblem:
    """``adjusting``: a stock adjustment, where a validation error is the number typed."""
    if isinstance(exc, ApiUnavailable):
        return StaffProblem.OFFLINE
    if adjusting and exc.code == "validation_error":
        return StaffProblem.INVALID_QUANTITY
    return _PROBLEMS.get(exc.code, StaffProblem.SERVER_ERROR)


def _key() -> str:
    return uuid.uuid4().hex


def _str(data: Mapping[str, Any], key: str) -> str:
    value = data[key]
    if not isinstance(value, str):
        raise TypeError(f"{key} must be a string")
    return value


def _int(data: Mapping[str, Any], key: str) -> int:
    value = data[key]
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{key} must be an integer")
    return value


def parse_gift(data: Any) -> GiftStock:
    if not isinstance(data, dict):
        raise TypeError("a gift must be an object")
    names = data["name"]
    if not isinstance(names, dict) or not all(isinstance(v, str) for v in names.values()):
        raise TypeError("name must be an object of strings")
    return GiftStock(
        code=_str(data, "code"),
        names={str(k): v for k, v in names.items()},
        quantity=_int(data, "quantity"),
        low_threshold=_int(data, "low_threshold"),
    )


def parse_login(data: Mapping[str, Any]) -> tuple[StaffIdentity, str]:
    staff = data["staff"]
    if not isinstance(staff, dict):
        raise TypeError("staff must be an object")
    identity = StaffIdentity(
        _str(staff, "staff_id"), _str(staff, "display_name"), _str(staff, "role")
    )
    return identity, _str(data, "token")


class StaffApiClient:
    """The staff endpoints of docs/staff-api.md over a transport (``PointsClient._request``)."""

    def __init__(self, transport: Transport) -> None:
        self._call = transport

    @staticmethod
    def _session(token: str) -> dict[str, str]:
        return {"X-Staff-Session": token}

    def login(
        self, *, card: str | None, staff_no: str | None, pin: str
    ) -> tuple[StaffIdentity, str]:
        body: dict[str, str] = {"pin": pin}
        if card is not None:
            body["card"] = card
        else:
            body["staff_no"] = staff_no or ""
        data = self._call("POST", "/v1/kiosk/staff/sessions", json=body, idempotency_key=_key())
        return _shape(parse_login, data)

    def logout(self, token: str, reason: str) -> None:
        self._call(
            "POST",
            "/v1/kiosk/staff/sessions/current/logout",
            json={"reason": reason},
            headers=self._session(token),
            idempotency_key=_key(),
        )

    def record(
        self,
        token: str,
        action: str,
        details: Mapping[str, Any],
        *,
        later: Outbox | None = None,
    ) -> None:
        """Record a staff action. With ``later``, a record the API cannot take now (network,
        5xx) is queued there with the same idempotency key instead of being lost."""
        body = {"action": action, "details": dict(details)}
        headers = self._session(token)
        key = _key()
        try:
            self._call(
                "POST", "/v1/kiosk/staff/actions", json=body, headers=headers, idempotency_key=key
            )
        except ApiUnavailable:
            if later is None:
                raise
            later.put("POST", "/v1/kiosk/staff/actions", body, headers=headers, idempotency_key=key)
            log.info("staff action %s queued until the API is back", action)

    def gifts(self, token: str) -> tuple[GiftStock, ...]:
        data = self._call("GET", "/v1/kiosk/staff/gifts", headers=self._session(token))

        def parse(body: Mapping[str, Any]) -> tuple[GiftStock, ...]:
            items = body["gifts"]
            if not isinstance(items, list):
                raise TypeError("gifts must be a list")
            return tuple(parse_gift(item) for item in items)

        return _shape(parse, data)

    def adjust(
        self, token: str, code: str, mode: AdjustMode, quantity: int, reason: str
    ) -> GiftStock:
        data = self._call(
            "POST",
            f"/v1/kiosk/staff/gifts/{code}/adjustments",
            json={"mode": mode, "quantity": quantity, "reason": reason},
            headers=self._session(token),
            idempotency_key=_key(),
        )
        return _shape(lambda body: parse_gift(body["gift"]), data)


def _shape(parse: Callable[[Mapping[str, Any]], T], body: Mapping[str, Any]) -> T:
    try:
        return parse(body)
    except (KeyError, TypeError, ValueError) as exc:
        raise ApiUnavailable(f"unexpected answer shape: {exc!r}") from exc


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


def gather_health(
    *,
    api_reachable: bool | None,
    api_latency_ms: float | None,
    drivers: Mapping[str, DriverHealth | None],
    config_version: str,
    app_version: str,
    started_monotonic: float,
    state_dir: Path,
    thermal_root: Path | None = None,
) -> HealthReport:
    """The health tab's report (blocking: reads files, runs ``vcgencmd``)."""
    devices = tuple(
        Reading(name, None, "absent") if health is None
        else Reading(name, health.ok, health.state, health.detail)
        for name, health in drivers.items()
    )  # fmt: skip
    power = throttling()
    return HealthReport(
        api_reachable=api_reachable,
        api_latency_ms=api_latency_ms,
        devices=devices,
        config_version=config_version,
        app_version=app_version,
        uptime_s=max(0.0, time.monotonic() - started_monotonic),
        free_disk_bytes=free_disk_bytes(state_dir),
        cpu_temp_c=cpu_temperature_c() if thermal_root is None else cpu_temperature_c(thermal_root),
        under_voltage_now=None if power is None else power.under_voltage_now,
        under_voltage_since_boot=None if power is None else power.under_voltage_since_boot,
        throttled_now=None if power is None else power.throttled_now,
    )
