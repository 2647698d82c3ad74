"""The dev controls drive the kiosk through the small ``DevHost`` protocol (no app, no Kivy)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from drivers.cardreader import CardReaderSettings, SimulatedCardReader
from drivers.gpio import GpioSettings, KioskGpio, open_gpio
from kiosk.core.events import Event, PinDigit, PinSubmitted, Scanned
from kiosk.core.payloads import MemberCard, classify
from kiosk.core.staff import KeypadDigit, StaffEvent
from kiosk.dev.controls import DevControls
from kiosk.runtime.status import ActionError
from kiosk.runtime.ui_bridge import UiBridge


@dataclass
class Host:
    gpio: KioskGpio
    camera: object = None
    card_reader: object = None
    printer: object = None
    ui_bridge: UiBridge = field(default_factory=UiBridge)
    posted: list[Event | StaffEvent] = field(default_factory=list)

    def post(self, event: Event | StaffEvent) -> None:
        self.posted.append(event)


@pytest.fixture
def host() -> Host:
    return Host(gpio=open_gpio(GpioSettings(backend="mock")))


def controls(host: Host) -> DevControls:
    return DevControls(host, members=(), api_base_url="http://api.test")


def test_a_card_without_a_simulated_reader_is_posted_classified(host: Host) -> None:
    controls(host).swipe_card("0004123456")
    assert host.posted == [Scanned(MemberCard("0004123456", "0004123456"))]


def test_a_card_through_the_simulated_reader_reaches_its_callback(host: Host) -> None:
    lines: list[str] = []
    reader = SimulatedCardReader(CardReaderSettings(backend="simulated"), lines.append)
    reader.start()
    host.card_reader = reader
    controls(host).swipe_card("S1:9001")
    assert lines == ["S1:9001"]
    assert classify(lines[0]).kind == "staff_card"
    assert host.posted == []


def test_presses_post_events(host: Host) -> None:
    dev = controls(host)
    dev.press("pin", "1234")
    dev.staff("digits", {"code": "42"})
    assert host.posted == [
        PinDigit("1"),
        PinDigit("2"),
        PinDigit("3"),
        PinDigit("4"),
        PinSubmitted(),
        KeypadDigit("4"),
        KeypadDigit("2"),
    ]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda dev: dev.show_code("X"), "camera is not simulated"),
        (lambda dev: dev.printer_faults({"paper_out": True}), "printer is not simulated"),
        (lambda dev: dev.scan_member(0), "index must be"),
        (lambda dev: dev.screenshot(Path("shot.jpg")), "ending in .png"),
        (lambda dev: dev.press("nope"), "no button"),
    ],
)
def test_refusals_are_action_errors(host: Host, call: Any, message: str) -> None:
    with pytest.raises(ActionError, match=message):
        call(controls(host))


def test_every_route_is_registered(host: Host) -> None:
    routes: Mapping[str, object] = controls(host).actions()
    assert {"/dev/card", "/dev/press", "/dev/staff", "/dev/screenshot", "/dev/quit"} <= set(routes)
