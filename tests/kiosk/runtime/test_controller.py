"""The controller between the core and the world: effects carried out, answers posted back."""

from __future__ import annotations

from concurrent.futures import Executor, Future
from typing import Any

import httpx
import pytest

from kiosk.client import PointsClient
from kiosk.core.events import DonePressed, Problem, Scanned
from kiosk.core.payloads import classify
from kiosk.core.session import ErrorScreen, Idle, MemberScreen, Session
from kiosk.runtime.controller import Controller, identify_text
from tests.kiosk.factories import identified_json


class InlineExecutor(Executor):
    """Runs submitted work at once: the worker's answer is queued before submit() returns."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_result(fn(*args, **kwargs))
        return future


class Recorder:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def feedback_ok(self) -> None:
        self.calls.append("ok")

    def feedback_error(self) -> None:
        self.calls.append("error")

    def pause(self) -> None:
        self.calls.append("pause")

    def resume(self) -> None:
        self.calls.append("resume")


def make(handler: Any) -> tuple[Controller, Recorder, list[httpx.Request]]:
    requests: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        result: httpx.Response = handler(request)
        return result

    client = PointsClient(
        "http://api.test", "tok", transport=httpx.MockTransport(record), retries=0
    )
    devices = Recorder()
    now = [0.0]
    controller = Controller(
        Session(default_language="en"),
        client,
        InlineExecutor(),
        scanner=devices,
        feedback=devices,
        clock=lambda: now[0],
    )
    return controller, devices, requests


def test_scan_to_member_screen() -> None:
    controller, devices, requests = make(lambda r: httpx.Response(200, json=identified_json()))
    controller.post(Scanned(classify("M1:100001:12345678")))
    # The inline worker queues the answer while the scan is handled: one pump sees both.
    assert controller.pump()
    assert not controller.pump()
    assert isinstance(controller.state.screen, MemberScreen)
    assert devices.calls == ["ok", "pause", "resume"]
    assert controller.api.reachable is True
    assert controller.screen_summary()["member"] == {
        "balance": 12345,
        "tier": "silver",
        "can_spend": True,
    }
    assert "display_name" not in str(controller.screen_summary())
    assert requests[0].url.path == "/v1/kiosk/identify"


def test_card_numbers_go_normalised() -> None:
    controller, _, requests = make(lambda r: httpx.Response(200, json=identified_json(False)))
    controller.post(Scanned(classify(";0004123456=2612?")))
    controller.pump()
    controller.pump()
    assert b'"0004123456"' in requests[0].content


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("code_replayed", Problem.CODE_REPLAYED),
        ("code_expired", Problem.CODE_EXPIRED),
        ("member_not_found", Problem.MEMBER_NOT_FOUND),
        ("rate_limited", Problem.RATE_LIMITED),
        ("something_new", Problem.SERVER_ERROR),
    ],
)
def test_refusals_map_to_problems(code: str, problem: Problem) -> None:
    controller, devices, _ = make(lambda r: httpx.Response(409, json={"code": code}))
    controller.post(Scanned(classify("M1:100001:12345678")))
    controller.pump()
    controller.pump()
    assert isinstance(controller.state.screen, ErrorScreen)
    assert controller.state.screen.problem == problem
    assert devices.calls[-2:] == ["error", "resume"]


def test_network_failure_is_offline_and_marks_api_unreachable() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    controller, _, _ = make(refuse)
    controller.post(Scanned(classify("M1:100001:12345678")))
    controller.pump()
    controller.pump()
    assert controller.state.screen == ErrorScreen(Problem.OFFLINE, 0.0)
    assert controller.api.reachable is False


def test_unchanged_state_reports_no_redraw() -> None:
    controller, _, _ = make(lambda r: httpx.Response(500))
    assert not controller.pump()
    controller.post(DonePressed())
    assert not controller.pump()
    assert controller.state.screen == Idle()


def test_identify_text_refuses_non_member_payloads() -> None:
    with pytest.raises(TypeError):
        identify_text(object())
