"""The screens' words are made without Kivy: tested here with no window and no Kivy import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.core.models import RewardItem
from kiosk.core.session import Notice as MemberNotice
from kiosk.core.staff import (
    HealthReport,
    Login,
    Notice,
    PrinterInfo,
    Reading,
    StaffProblem,
)
from kiosk.i18n import Translator
from kiosk.ui import theme
from kiosk.ui.member.text import (
    format_money,
    format_points,
    notice_text,
    reward_blocker,
    reward_caption,
)
from kiosk.ui.staff import text as staff_text
from kiosk.ui.wheel.text import grouped_hash

REPO = Path(__file__).resolve().parents[3]
T = Translator("en")


def test_the_text_modules_load_without_kivy() -> None:
    code = (
        "import sys; import kiosk.ui.member.text, kiosk.ui.staff.text, kiosk.ui.staff.actions, "
        "kiosk.ui.wheel.text; "
        "sys.exit(1 if any(m == 'kivy' or m.startswith('kivy.') for m in sys.modules) else 0)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr or "kivy was imported"


def _item(**overrides: object) -> RewardItem:
    fields: dict[str, object] = {
        "code": "MUG",
        "kind": "gift",
        "names": {"en": "Mug"},
        "points": 1200,
        "cash_minor": 0,
        "value_minor": 500,
        "currency": "CNY",
        "affordable": True,
        "stock": None,
        "remaining_for_member": None,
    }
    fields.update(overrides)
    return RewardItem(**fields)  # type: ignore[arg-type]


def test_member_numbers_and_money() -> None:
    assert format_points(1234567) == "1,234,567"
    assert format_money(123456, "CNY") == "¥1,234.56"
    assert format_money(5, "SEK") == "0.05 SEK"


def test_reward_caption_and_blocker() -> None:
    assert reward_caption(T, _item()) == "1,200 points"
    assert reward_caption(T, _item(cash_minor=990)) == "1,200 points + ¥9.90"
    assert reward_blocker(T, _item(stock=0)) == "Out of stock"
    assert reward_blocker(T, _item(remaining_for_member=0)) == "Limit reached"
    assert reward_blocker(T, _item(affordable=False)) == "Not enough points"
    assert reward_blocker(T, _item(stock=3)) == "3 left"
    assert reward_blocker(T, _item()) == ""


def test_member_notice_text() -> None:
    assert notice_text(T, None) == ""
    assert notice_text(T, MemberNotice("rewards.stock_left", True, (("count", "2"),))) == "2 left"


def test_staff_login_problem_text() -> None:
    login = Login(via="card", stage="pin", problem=StaffProblem.WRONG_PIN, attempts_left=2)
    assert staff_text.login_problem_text(T, login) == "Wrong PIN. 2 tries left."
    assert staff_text.login_problem_text(T, Login(via="card", stage="pin")) == ""


@pytest.mark.parametrize(
    ("can_print", "reason", "colour"),
    [(True, "ok", theme.OK), (True, "paper_low", theme.ACCENT), (False, "paper_out", theme.DANGER)],
)
def test_printer_verdict(can_print: bool, reason: str, colour: tuple[float, ...]) -> None:
    info = PrinterInfo(can_print, reason, "adequate", None, None, 0.0, "")
    assert staff_text.verdict_colour(info) == colour
    if reason == "ok":
        assert staff_text.verdict_text(T, info) == "Ready to print"
    if reason == "paper_out":
        assert staff_text.verdict_text(T, info) == "Out of paper: cannot print"


def test_staff_notice_puts_the_reason_in_words() -> None:
    notice = Notice("staff.paper.paper_out", False, (("reason", "paper_out"),))
    assert staff_text.notice_text(T, notice) == "Out of paper: cannot print"
    assert staff_text.notice_text(T, None) == ""


def test_health_rows_and_power() -> None:
    report = HealthReport(
        api_reachable=True,
        api_latency_ms=12.0,
        devices=(Reading("camera", True, "ready"),),
        config_version="7",
        app_version="0.1.0",
        uptime_s=3700,
        free_disk_bytes=None,
        cpu_temp_c=None,
        under_voltage_now=False,
        under_voltage_since_boot=False,
        throttled_now=False,
    )
    rows = staff_text.health_facts(T, report)
    assert rows[0][2] == theme.OK  # the API line
    assert staff_text.power_text(T, report) == ("OK", theme.OK)
    assert rows[-1][1:] == ("OK", theme.OK)


def test_the_seed_hash_in_two_lines_of_two_groups() -> None:
    assert grouped_hash("0123456789abcdef" * 4) == (
        "0123456789abcdef 0123456789abcdef\n0123456789abcdef 0123456789abcdef"
    )
