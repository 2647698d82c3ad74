"""Staff effects carried out against real parts: the print service with a simulated printer and a
journal in tmp_path, and the real ``PointsClient`` transport answering through httpx's
MockTransport as docs/staff-api.md says (including problem+json refusals)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from drivers.health import DriverHealth
from drivers.printer import PrinterSettings, SimulatedPrinter, open_printer
from kiosk.client import PointsClient
from kiosk.client.staff import StaffApiClient
from kiosk.core.staff import (
    AdjustStock,
    GiftStock,
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
    StaffEvent,
    StaffFailed,
    StaffIdentity,
    StaffLogin,
    StaffLoginFailed,
    StaffLoginSucceeded,
    StaffLogout,
    StaffModeChanged,
    StaffProblem,
)
from kiosk.printing.builder import JobBuilder
from kiosk.printing.journal import PrintJournal
from kiosk.printing.samples import sample_ticket
from kiosk.printing.service import PrintService
from kiosk.printing.settings import PrintLayoutSettings
from kiosk.printing.ticket import TicketKind
from kiosk.runtime.health import gather_health
from kiosk.runtime.staff_effects import StaffRunner

TOKEN = "st_token"


class FakeApi:
    """The staff endpoints as a handler for httpx.MockTransport; records every request."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.answers: dict[tuple[str, str], Callable[[httpx.Request], httpx.Response]] = {}
        self.gifts = [
            {"code": "mug", "name": {"en": "Mug", "zh": "马克杯"}, "quantity": 3,
             "low_threshold": 5, "on_wheel": True, "updated_at": "2026-11-22T09:00:00Z"},
        ]  # fmt: skip

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        key = (request.method, request.url.path)
        if key in self.answers:
            return self.answers[key](request)
        if key == ("POST", "/v1/kiosk/staff/sessions"):
            return httpx.Response(201, json={
                "token": TOKEN, "expires_at": "2026-11-22T15:00:00Z", "idle_timeout_s": 900,
                "staff": {"staff_id": "stf_1", "display_name": "Li W.", "role": "staff"},
                "store_id": "st_demo",
            })  # fmt: skip
        if key == ("GET", "/v1/kiosk/staff/gifts"):
            return httpx.Response(200, json={"store_id": "st_demo", "gifts": self.gifts})
        if key == ("POST", "/v1/kiosk/staff/gifts/mug/adjustments"):
            body = json.loads(request.content)
            gift = {**self.gifts[0], "quantity": 3 + body["quantity"]}
            return httpx.Response(201, json={"gift": gift, "adjustment": {}})
        if key[0] == "POST":
            return httpx.Response(201, json={"audit_id": "aud_1", "recorded_at": "x"})
        return httpx.Response(404, json={"code": "not_found", "status": 404})

    def bodies(self, path: str) -> list[dict[str, Any]]:
        return [json.loads(r.content) for r in self.requests if r.url.path == path]


def problem(status: int, code: str, **extra: Any) -> Callable[[httpx.Request], httpx.Response]:
    body = {"type": f"https://errors.pointsapi.example/{code}", "title": code, "status": status,
            "detail": "", "code": code, **extra}  # fmt: skip
    return lambda _request: httpx.Response(
        status, json=body, headers={"Content-Type": "application/problem+json"}
    )


class Kiosk:
    def __init__(self, tmp: Path) -> None:
        settings = PrinterSettings(
            backend="simulated", simulated_dir=tmp / "printed", paper_width_mm=80,
            profile="TM-T20II", roll_length_mm=30_000,
        )  # fmt: skip
        printer = open_printer(settings, meter_path=tmp / "paper.json")
        assert isinstance(printer, SimulatedPrinter)
        self.printer = printer
        self.journal = PrintJournal(tmp / "journal.sqlite3")
        builder = JobBuilder(settings.capabilities, PrintLayoutSettings())
        self.service = PrintService(printer, self.journal, builder)
        self.api = FakeApi()
        self.client = PointsClient(
            "http://api.test", "kiosk-token", transport=httpx.MockTransport(self.api), retries=0
        )
        self.events: list[StaffEvent] = []
        self.restarted = 0
        self.runner = StaffRunner(
            post=self.events.append,
            submit=lambda work: work(),  # the worker pool, run inline for the test
            api=StaffApiClient(self.client._request),
            print_service=self.service,
            roll_length_mm=30_000,
            health=lambda: gather_health(
                api_reachable=True,
                api_latency_ms=8.0,
                drivers={"printer": self.printer.health(), "camera": None},
                config_version="v1",
                app_version="0.1.0",
                started_monotonic=0.0,
                state_dir=tmp,
                thermal_root=tmp / "no-thermal",
            ),
            restart=self._restart,
            kiosk_id="kiosk-1",
        )

    def _restart(self) -> None:
        self.restarted += 1

    def close(self) -> None:
        self.client.close()
        self.printer.close()
        self.journal.close()

    def answer(self) -> Any:
        (event,) = self.events
        self.events.clear()
        return event


@pytest.fixture
def kiosk(tmp_path: Path) -> Iterator[Kiosk]:
    k = Kiosk(tmp_path)
    yield k
    k.close()


def test_login_sends_the_pin_once_and_answers_with_the_identity(kiosk: Kiosk) -> None:
    kiosk.runner.carry_out(StaffLogin(1, card="S1:9001", staff_no=None, pin="4821"))
    assert kiosk.answer() == StaffLoginSucceeded(1, StaffIdentity("stf_1", "Li W.", "staff"), TOKEN)
    (request,) = kiosk.api.requests
    assert json.loads(request.content) == {"card": "S1:9001", "pin": "4821"}
    assert request.headers["Authorization"] == "Bearer kiosk-token"
    assert 8 <= len(request.headers["Idempotency-Key"]) <= 128


def test_login_by_number(kiosk: Kiosk) -> None:
    kiosk.runner.carry_out(StaffLogin(1, card=None, staff_no="9001", pin="4821"))
    assert isinstance(kiosk.answer(), StaffLoginSucceeded)
    assert kiosk.api.bodies("/v1/kiosk/staff/sessions") == [{"staff_no": "9001", "pin": "4821"}]


def test_wrong_pin_and_lock_carry_the_api_figures(kiosk: Kiosk) -> None:
    path = ("POST", "/v1/kiosk/staff/sessions")
    kiosk.api.answers[path] = problem(401, "staff_pin_wrong", attempts_left=2)
    kiosk.runner.carry_out(StaffLogin(1, card="S1:9001", staff_no=None, pin="0000"))
    assert kiosk.answer() == StaffLoginFailed(1, StaffProblem.WRONG_PIN, 2, None)
    kiosk.api.answers[path] = problem(
        423, "staff_locked", locked_until="2026-11-22T22:17:00+08:00", retry_after_s=900
    )
    kiosk.runner.carry_out(StaffLogin(2, card="S1:9001", staff_no=None, pin="0000"))
    failed = kiosk.answer()
    assert failed.problem is StaffProblem.LOCKED
    assert failed.locked_until == dt.datetime(
        2026, 11, 22, 22, 17, tzinfo=dt.timezone(dt.timedelta(hours=8))
    )


def test_login_with_the_api_down_is_offline(kiosk: Kiosk) -> None:
    def down(_request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused")

    kiosk.api.answers[("POST", "/v1/kiosk/staff/sessions")] = down
    kiosk.runner.carry_out(StaffLogin(1, card="S1:9001", staff_no=None, pin="4821"))
    assert kiosk.answer() == StaffLoginFailed(1, StaffProblem.OFFLINE)


def test_paper_replaced_resets_the_estimate_and_records_it(kiosk: Kiosk) -> None:
    kiosk.printer.meter.add(28_500)
    kiosk.printer.paper_state()
    kiosk.runner.carry_out(MarkPaperReplaced(3, TOKEN))
    answer = kiosk.answer()
    assert isinstance(answer, StaffAnswered) and isinstance(answer.result, PrinterInfo)
    assert answer.result.remaining_mm == 30_000 and answer.result.reason == "ok"
    (body,) = kiosk.api.bodies("/v1/kiosk/staff/actions")
    assert body["action"] == "paper_replaced"
    assert body["details"]["remaining_mm_before"] == pytest.approx(1_500)
    assert kiosk.api.requests[-1].headers["X-Staff-Session"] == TOKEN


def test_paper_replaced_when_the_api_refuses_says_so(kiosk: Kiosk) -> None:
    kiosk.api.answers[("POST", "/v1/kiosk/staff/actions")] = problem(401, "staff_session_expired")
    kiosk.runner.carry_out(MarkPaperReplaced(3, TOKEN))
    assert kiosk.answer() == StaffFailed(3, StaffProblem.SESSION_EXPIRED)
    assert kiosk.printer.meter.used_mm == 0  # the new roll is in, recorded or not


def test_printer_info_shows_each_source(kiosk: Kiosk) -> None:
    kiosk.printer.set_faults(paper_near_end=True)
    kiosk.runner.carry_out(LoadPrinterInfo(4))
    info = kiosk.answer().result
    assert (info.sensor, info.reason, info.can_print) == ("near_end", "paper_near_end", True)
    assert info.low_switch is None and info.roll_length_mm == 30_000


def test_test_print_prints_a_slip_and_records_the_result(kiosk: Kiosk) -> None:
    kiosk.runner.carry_out(PrintTestPage(5, TOKEN))
    assert kiosk.answer() == StaffAnswered(5, PrintTestResult(True))
    assert len(kiosk.printer.jobs()) == 1
    kiosk.printer.set_faults(paper_out=True)
    kiosk.runner.carry_out(PrintTestPage(6, TOKEN))
    assert kiosk.answer() == StaffAnswered(6, PrintTestResult(False, "paper_out"))
    bodies = kiosk.api.bodies("/v1/kiosk/staff/actions")
    assert [b["details"] for b in bodies] == [
        {"printed": True, "reason": ""},
        {"printed": False, "reason": "paper_out"},
    ]


def test_reprint_prints_each_failed_job_once_and_marks_it_printed(kiosk: Kiosk) -> None:
    kiosk.printer.set_faults(paper_out=True)
    first = kiosk.service.print_ticket(sample_ticket(TicketKind.VOUCHER, "en"))
    second = kiosk.service.print_ticket(sample_ticket(TicketKind.GIFT, "zh"))
    assert first.status == second.status == "saved"
    kiosk.runner.carry_out(LoadReprintJobs(7))
    jobs = kiosk.answer().result
    assert [(j.job_id, j.kind, j.status, j.last_error) for j in jobs] == [
        (first.job_id, "voucher", "failed", "paper_out"),
        (second.job_id, "gift", "failed", "paper_out"),
    ]
    assert all(isinstance(j, ReprintJob) for j in jobs)
    kiosk.printer.set_faults(paper_out=False)
    assert first.job_id is not None
    kiosk.runner.carry_out(Reprint(8, TOKEN, (first.job_id,)))
    assert kiosk.answer() == StaffAnswered(8, (ReprintOutcome(first.job_id, True),))
    assert len(kiosk.printer.jobs()) == 1
    entry = kiosk.journal.get(first.job_id)
    assert entry is not None and entry.status == "printed"
    (record,) = kiosk.api.bodies("/v1/kiosk/staff/actions")
    assert record["action"] == "reprint"
    assert record["details"]["job_id"] == first.job_id and record["details"]["printed"] is True
    assert record["details"]["kind"] == "voucher" and record["details"]["code"].startswith("V1.")
    # The same job asked again is not printed again.
    kiosk.runner.carry_out(Reprint(9, TOKEN, (first.job_id,)))
    assert kiosk.answer() == StaffAnswered(9, (ReprintOutcome(first.job_id, True),))
    assert len(kiosk.printer.jobs()) == 1
    kiosk.runner.carry_out(LoadReprintJobs(10))
    assert [j.job_id for j in kiosk.answer().result] == [second.job_id]


def test_reprint_of_an_unknown_job_and_a_failing_printer(kiosk: Kiosk) -> None:
    kiosk.printer.set_faults(paper_out=True)
    saved = kiosk.service.print_ticket(sample_ticket(TicketKind.VOUCHER, "en"))
    assert saved.job_id is not None
    kiosk.runner.carry_out(Reprint(11, TOKEN, (saved.job_id, 999)))
    assert kiosk.answer() == StaffAnswered(
        11,
        (ReprintOutcome(saved.job_id, False, "paper_out"), ReprintOutcome(999, False, "not_found")),
    )


def test_gifts_and_adjustment(kiosk: Kiosk) -> None:
    kiosk.runner.carry_out(LoadGifts(12, TOKEN))
    mug = GiftStock("mug", {"en": "Mug", "zh": "马克杯"}, 3, 5)
    assert kiosk.answer() == StaffAnswered(12, (mug,))
    kiosk.runner.carry_out(AdjustStock(13, TOKEN, "mug", "add", 24, "delivery"))
    assert kiosk.answer() == StaffAnswered(13, GiftStock("mug", mug.names, 27, 5))
    (body,) = kiosk.api.bodies("/v1/kiosk/staff/gifts/mug/adjustments")
    assert body == {"mode": "add", "quantity": 24, "reason": "delivery"}


def test_a_malformed_gift_list_is_offline_not_a_crash(kiosk: Kiosk) -> None:
    kiosk.api.gifts = [{"code": "mug"}]
    kiosk.runner.carry_out(LoadGifts(14, TOKEN))
    assert kiosk.answer() == StaffFailed(14, StaffProblem.OFFLINE)
    kiosk.api.answers[("POST", "/v1/kiosk/staff/gifts/mug/adjustments")] = problem(
        404, "gift_not_found"
    )
    kiosk.runner.carry_out(AdjustStock(15, TOKEN, "mug", "set", 0, "lost"))
    assert kiosk.answer() == StaffFailed(15, StaffProblem.GIFT_NOT_FOUND)
    kiosk.api.answers[("POST", "/v1/kiosk/staff/gifts/mug/adjustments")] = problem(
        422, "validation_error", errors=[{"loc": ["body", "quantity"], "msg": "too big"}]
    )
    kiosk.runner.carry_out(AdjustStock(16, TOKEN, "mug", "set", 0, "lost"))
    assert kiosk.answer() == StaffFailed(16, StaffProblem.INVALID_QUANTITY)
    kiosk.api.answers[("POST", "/v1/kiosk/staff/actions")] = problem(422, "validation_error")
    kiosk.runner.carry_out(PrintTestPage(17, TOKEN))  # not the staff member's number: our bug
    assert kiosk.answer() == StaffFailed(17, StaffProblem.SERVER_ERROR)


def test_health_report(kiosk: Kiosk) -> None:
    kiosk.runner.carry_out(LoadHealth(16))
    report = kiosk.answer().result
    assert report.api_reachable is True and report.config_version == "v1"
    assert [(r.key, r.state) for r in report.devices] == [
        ("printer", kiosk.printer.health().state),
        ("camera", "absent"),
    ]
    assert report.cpu_temp_c is None  # no thermal zone in tmp_path
    assert report.free_disk_bytes is not None and report.free_disk_bytes > 0
    assert report.uptime_s > 0


def test_restart_records_logs_out_and_restarts_even_offline(kiosk: Kiosk) -> None:
    kiosk.runner.carry_out(RestartApp(TOKEN))
    assert kiosk.restarted == 1
    assert kiosk.api.bodies("/v1/kiosk/staff/actions") == [
        {"action": "restart_requested", "details": {}}
    ]
    assert kiosk.api.bodies("/v1/kiosk/staff/sessions/current/logout") == [{"reason": "restart"}]

    def down(_request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused")

    kiosk.api.answers[("POST", "/v1/kiosk/staff/actions")] = down
    kiosk.runner.carry_out(RestartApp(TOKEN))
    assert kiosk.restarted == 2


def test_logout_and_mode_changes_post_nothing(kiosk: Kiosk) -> None:
    kiosk.runner.carry_out(StaffLogout(TOKEN, "inactivity"))
    kiosk.runner.carry_out(StaffModeChanged(active=True))
    assert kiosk.events == []
    assert kiosk.api.bodies("/v1/kiosk/staff/sessions/current/logout") == [{"reason": "inactivity"}]


def test_driver_health_type_is_used(kiosk: Kiosk) -> None:
    assert isinstance(kiosk.printer.health(), DriverHealth)
