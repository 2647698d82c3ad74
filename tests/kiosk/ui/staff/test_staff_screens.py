"""Every staff screen drawn by the real Kivy, offscreen, in English and Chinese (one subprocess per
language so Kivy's window never leaks between tests).

What is checked is what staff would see and be able to press: the texts in the widget tree,
which buttons are enabled, that nothing is drawn outside the 800x480 frame or on top of another
button, and that pressing a button calls the right action (a disabled one calls nothing).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from tests.kiosk.ui.staff.samples import STATES

REPO = Path(__file__).resolve().parents[4]
W, H = 800, 480

# Presses per screen, by the button's text in each language.
PRESSES = {
    "en": {
        "login_pin_short": ["OK", "4"],
        "login_pin_ready": ["OK"],
        "login_checking": ["1", "Cancel"],
        "printer": ["Paper replaced", "Test print"],
        "printer_busy": ["Paper replaced"],
        "reprint": ["Reprint#1", "Reprint all (3)"],  # #0 is the tab
        "reprint_busy": ["Reprint all (3)"],
        "gifts": ["+ Received", "Set count", "Health"],
        "gifts_adjust": ["Save", "Damaged"],
        "gifts_add_empty": ["Save"],
        "health_confirm": ["Restart now"],
    },
    "zh": {
        "login_pin_short": ["确定"],
        "login_pin_ready": ["确定"],
        "reprint": ["补打#1"],
        "gifts": ["+ 入库"],
        "gifts_adjust": ["保存"],
        "health_confirm": ["立即重启"],
    },
}

EXPECTED_CALLS = {
    "en": {
        "login_pin_short": [["digit", "4"]],  # OK is disabled with three digits
        "login_pin_ready": [["submit"]],
        "login_checking": [],  # the API is checking: the keypad and cancel wait
        "printer": [["paper_replaced"], ["test_print"]],
        "printer_busy": [],
        "reprint": [["reprint", 7], ["reprint_all"]],
        "reprint_busy": [],
        "gifts": [["gift", "mug", "add"], ["gift", "mug", "set"], ["tab", "health"]],
        "gifts_adjust": [["save"], ["reason", "damaged"]],
        "gifts_add_empty": [],  # no number typed yet
        "health_confirm": [["restart_confirm"]],
    },
    "zh": {
        "login_pin_short": [],
        "login_pin_ready": [["submit"]],
        "reprint": [["reprint", 7]],
        "gifts": [["gift", "mug", "add"]],
        "gifts_adjust": [["save"]],
        "health_confirm": [["restart_confirm"]],
    },
}


def run_harness(tmp: Path, lang: str) -> dict[str, Any]:
    scenario = {"lang": lang, "out": str(tmp / "out"), "presses": PRESSES[lang]}
    (tmp / "scenario.json").write_text(json.dumps(scenario), encoding="utf-8")
    env = {
        **os.environ,
        "SDL_VIDEODRIVER": "offscreen",
        "KIVY_NO_ARGS": "1",
        "KIVY_HOME": str(tmp / "kivy-home"),
        "SDL_AUDIODRIVER": os.environ.get("SDL_AUDIODRIVER", "dummy"),
    }
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    done = subprocess.run(
        [sys.executable, "-m", "tests.kiosk.ui.staff.harness", str(tmp / "scenario.json"),
         str(tmp / "result.json")],
        check=False, cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    result_file = tmp / "result.json"
    assert result_file.exists(), done.stderr[-3000:]
    result: dict[str, Any] = json.loads(result_file.read_text(encoding="utf-8"))
    assert result["error"] is None, result["error"]
    assert done.returncode == 0, done.stderr[-3000:]
    return result


@pytest.fixture(scope="module", params=["en", "zh"])
def rendered(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    lang: str = request.param
    return lang, run_harness(tmp_path_factory.mktemp(f"staff-{lang}"), lang)


def texts(result: dict[str, Any], name: str) -> list[str]:
    return [item["text"] for item in result["screens"][name]["tree"]]


def buttons(result: dict[str, Any], name: str) -> dict[str, bool]:
    """Button text -> enabled (the last one wins for repeated texts)."""
    return {i["text"]: i["enabled"] for i in result["screens"][name]["tree"] if i["button"]}


def all_buttons(result: dict[str, Any], name: str) -> list[dict[str, Any]]:
    return [i for i in result["screens"][name]["tree"] if i["button"]]


def test_every_state_is_drawn_and_saved(rendered: Any) -> None:
    _, result = rendered
    assert set(result["screens"]) == set(STATES)
    for name, screen in result["screens"].items():
        image = Image.open(screen["shot"]).convert("RGB")
        assert image.size == (W, H), name
        colours = image.getcolors(maxcolors=1_000_000)
        assert colours is not None and len(colours) > 50, f"{name} looks blank"


def test_nothing_is_outside_the_frame_or_on_top_of_a_button(rendered: Any) -> None:
    _, result = rendered
    for name in result["screens"]:
        tree = result["screens"][name]["tree"]
        for item in tree:
            inside = (item["x"] >= -1 and item["y"] >= -1 and item["right"] <= W + 1
                      and item["top"] <= H + 1)  # fmt: skip
            assert inside, (name, item)
        boxes = all_buttons(result, name)
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                overlap_x = min(a["right"], b["right"]) - max(a["x"], b["x"])
                overlap_y = min(a["top"], b["top"]) - max(a["y"], b["y"])
                assert overlap_x <= 1 or overlap_y <= 1, (name, a["text"], b["text"])


def test_login_screens(rendered: Any) -> None:
    lang, result = rendered
    if lang == "en":
        assert "Scan your staff card, or type your staff number" in texts(result, "login_number")
        assert "90" in texts(result, "login_number")
        assert buttons(result, "login_number")["Next"] is True
        assert "Enter your PIN" in texts(result, "login_pin_short")
        assert "●●●" in texts(result, "login_pin_short")
        assert buttons(result, "login_pin_short")["OK"] is False
        assert buttons(result, "login_pin_ready")["OK"] is True
        assert "Wrong PIN. 3 tries left." in texts(result, "login_wrong_pin")
        assert "Too many wrong PINs. Locked until 22:17." in texts(result, "login_locked")
        assert "Checking…" in texts(result, "login_checking")
        checking = buttons(result, "login_checking")
        assert not any(checking.values()), checking  # keypad, OK and cancel wait for the API
    else:
        assert "请刷员工卡，或输入员工编号" in texts(result, "login_number")
        assert buttons(result, "login_pin_short")["确定"] is False
        assert buttons(result, "login_pin_ready")["确定"] is True
        assert "密码错误，还可尝试 3 次。" in texts(result, "login_wrong_pin")
        assert "密码错误次数过多，已锁定至 22:17。" in texts(result, "login_locked")
    # The PIN itself is never drawn: the only digits on the PIN screens are single keys.
    for name in ("login_pin_short", "login_pin_ready", "login_wrong_pin"):
        assert not [s for s in texts(result, name) if len(s) > 1 and s.isdigit()], name


def test_printer_tab(rendered: Any) -> None:
    lang, result = rendered
    if lang == "en":
        shown = texts(result, "printer")
        for expected in (
            "Paper low: put in a new roll soon",
            "Paper OK",
            "Tripped: paper low",
            "1.8 m of 30 m (6%)",
            "Out of paper: cannot print",
            "Staff: Li W.",
        ):
            assert expected in shown, expected  # fmt: skip
        assert buttons(result, "printer")["Paper replaced"] is True
        busy = buttons(result, "printer_busy")
        assert busy["Paper replaced"] is False and busy["Test print"] is False
        assert "Working…" in texts(result, "printer_busy")
        restocked = texts(result, "printer_restocked")
        assert "New roll recorded. The paper estimate starts again." in restocked
        assert "Ready to print" in restocked and "30.0 m of 30 m (100%)" in restocked
    else:
        shown = texts(result, "printer")
        for expected in (
            "纸张将尽：请尽快换纸",
            "已触发：纸张将尽",
            "1.8 米 / 30 米（6%）",
            "员工：Li W.",
        ):
            assert expected in shown, expected
        assert buttons(result, "printer")["已换纸"] is True


def test_reprint_tab(rendered: Any) -> None:
    lang, result = rendered
    shown = texts(result, "reprint")
    if lang == "en":
        assert "Tickets not printed: 3" in shown
        assert any(s.startswith("#7  Voucher  ") for s in shown)
        assert any(s.startswith("#9  Prize ticket  ") for s in shown)
        assert "Failed: Out of paper: cannot print" in shown
        # The tab and one button on each of the three rows.
        rows = [b["enabled"] for b in all_buttons(result, "reprint") if b["text"] == "Reprint"]
        assert rows == [True, True, True, True]
        busy = all_buttons(result, "reprint_busy")
        assert "Printing…" in [b["text"] for b in busy]  # the job being printed says so
        row_buttons = [b for b in busy if b["text"] in ("Reprint", "Reprint all (3)")][1:]  # no tab
        assert len(row_buttons) == 3 and not any(b["enabled"] for b in row_buttons)
        assert "Every ticket has been printed." in texts(result, "reprint_empty")
        assert buttons(result, "reprint_empty")["Reprint all (0)"] is False
    else:
        assert "未打印的票据：3" in shown
        assert any(s.startswith("#9  领奖券  ") for s in shown)


def test_gifts_tab(rendered: Any) -> None:
    lang, result = rendered
    if lang == "en":
        shown = texts(result, "gifts")
        for expected in (
            "Mug",
            "Low: 3 left",
            "Tote bag",
            "20 in stock",
            "Folding umbrella",
            "Low: 0 left",
        ):
            assert expected in shown, expected  # fmt: skip
        adjust = texts(result, "gifts_adjust")
        assert "Set the counted number: Mug" in adjust and "17" in adjust
        assert "Now in stock: 3" in adjust
        assert buttons(result, "gifts_adjust")["Save"] is True
        empty = buttons(result, "gifts_add_empty")
        assert empty["Save"] is False
        assert "Delivery" in empty and "Damaged" not in empty  # add reasons only
    else:
        assert "马克杯" in texts(result, "gifts") and "库存不足：剩 3" in texts(result, "gifts")
        assert "盘点数量：马克杯" in texts(result, "gifts_adjust")


def test_health_tab(rendered: Any) -> None:
    lang, result = rendered
    shown = texts(result, "health")
    if lang == "en":
        for expected in (
            "Reachable, 23 ms",
            "store-12/v7",
            "0.1.0",
            "3 h 25 min",
            "11.4 GB",
            "52.1 °C",
            "Low voltage since boot",
            "Paper low",
            "Card reader",
        ):
            assert expected in shown, expected  # fmt: skip
        assert buttons(result, "health")["Restart app"] is True
        confirm = texts(result, "health_confirm")
        assert any(s.startswith("Restart the kiosk app now?") for s in confirm)
    else:
        for expected in ("可连接，23 毫秒", "3 小时 25 分钟", "开机后曾电压不足"):
            assert expected in shown, expected


def test_presses_call_the_right_actions(rendered: Any) -> None:
    lang, result = rendered
    pressed = {name: calls for name, calls in result["presses"].items() if name in PRESSES[lang]}
    assert pressed == EXPECTED_CALLS[lang]
    # Screens nobody pressed anything on made no calls while being built.
    assert not any(calls for name, calls in result["presses"].items() if name not in PRESSES[lang])


def test_hidden_corner_needs_a_long_press(rendered: Any) -> None:
    _, result = rendered
    assert result["corner_holds"] == 1  # the long press, not the short tap
    assert result["corner_elsewhere_taken"] is False  # touches outside the corner pass through
