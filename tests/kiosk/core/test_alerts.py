"""Kiosk events for the API and the status LED, decided from state changes (explicit ``now``)."""

from __future__ import annotations

import pytest

from kiosk.core.alerts import AlertTracker, KioskEvent, led_status


def test_paper_low_is_reported_once_then_cleared() -> None:
    tracker = AlertTracker()
    assert tracker.paper(True, "ok") == []
    raised = tracker.paper(True, "paper_low_switch")
    assert raised == [KioskEvent("paper_low", "raised", (("reason", "paper_low_switch"),))]
    # Polled again and again, or another low source: still the same open alert.
    assert tracker.paper(True, "paper_low_switch") == []
    assert tracker.paper(True, "paper_estimate_low") == []
    assert tracker.paper(True, "ok") == [
        KioskEvent("paper_low", "cleared", (("reason", "paper_low_switch"),))
    ]


def test_paper_out_and_back() -> None:
    tracker = AlertTracker()
    tracker.paper(True, "paper_near_end")
    out = tracker.paper(False, "paper_out")
    assert out == [KioskEvent("paper_out", "raised", (("reason", "paper_out"),))]
    assert tracker.paper(False, "printer_offline") == []  # still cannot print: same alert
    back = tracker.paper(True, "ok")  # a new roll: both close
    assert [(e.kind, e.state) for e in back] == [("paper_out", "cleared"), ("paper_low", "cleared")]


def test_an_unexpected_reason_for_not_printing_is_reported_as_not_responding() -> None:
    tracker = AlertTracker()
    (event,) = tracker.paper(False, "something_new")
    assert event.detail == (("reason", "printer_not_responding"),)


def test_door_open_and_closed() -> None:
    tracker = AlertTracker()
    assert tracker.input("door_open", False, 0) == []  # already shut at start-up
    assert tracker.input("door_open", True, 1) == [KioskEvent("door_open", "raised")]
    assert tracker.input("door_open", True, 2) == []
    assert tracker.input("door_open", False, 3) == [KioskEvent("door_open", "cleared")]
    assert tracker.input("staff_key", True, 4) == []  # not an alert
    assert tracker.input("paper_low", True, 4) == []  # comes through the printer's paper state


def test_help_presses_call_staff_once_per_minute_until_staff_arrive() -> None:
    tracker = AlertTracker(help_repeat_s=60)
    assert tracker.input("help", True, 100) == [KioskEvent("help_pressed", "raised")]
    assert tracker.input("help", False, 100.2) == []  # released
    assert tracker.input("help", True, 130) == []  # pressed again: same call
    assert tracker.help_pending(159) and not tracker.help_pending(160)
    assert tracker.input("help", True, 161) == [KioskEvent("help_pressed", "raised")]
    tracker.staff_arrived()
    assert not tracker.help_pending(162)
    assert tracker.input("help", True, 163) == [KioskEvent("help_pressed", "raised")]


def test_gift_stock_low_per_gift() -> None:
    tracker = AlertTracker()
    assert tracker.gift("tote", 20, 5) == []
    low = tracker.gift("mug", 3, 5)
    assert low == [KioskEvent("gift_stock_low", "raised", (("gift_code", "mug"), ("quantity", 3)))]
    assert tracker.gift("mug", 2, 5) == []
    assert [e.state for e in tracker.gift("mug", 27, 5)] == ["cleared"]


def test_event_body_matches_the_contract() -> None:
    event = KioskEvent("paper_low", "raised", (("reason", "paper_low_switch"),))
    assert event.body("2026-11-22T09:30:00Z") == {
        "kind": "paper_low",
        "state": "raised",
        "occurred_at": "2026-11-22T09:30:00Z",
        "detail": {"reason": "paper_low_switch"},
    }
    assert KioskEvent("door_open", "cleared").body("t")["detail"] == {}


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({}, "ready"),
        ({"in_use": True}, "busy"),
        ({"in_use": True, "paper_low": True}, "attention"),
        ({"door_open": True}, "attention"),
        ({"help_pending": True}, "attention"),
        ({"can_print": False, "help_pending": True}, "out_of_service"),
        ({"api_reachable": False, "in_use": True}, "out_of_service"),
        ({"api_reachable": None}, "ready"),  # not known yet is not "down"
    ],
)
def test_led_status(kwargs: dict[str, object], status: str) -> None:
    base: dict[str, object] = {
        "can_print": True, "api_reachable": True, "paper_low": False, "door_open": False,
        "help_pending": False, "in_use": False,
    }  # fmt: skip
    assert led_status(**{**base, **kwargs}) == status  # type: ignore[arg-type]
