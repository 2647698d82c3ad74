"""The wheel widgets drawn by the real Kivy, offscreen, in a subprocess per scenario.

What is checked is what a member would see: the colour under the pointer when the wheel rests
is the colour of the segment the server chose (read from the frame buffer and from the saved
screenshot), the wheel does not move while the answer is awaited, the texture is painted once.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops

REPO = Path(__file__).resolve().parents[3]
SHOTS = ("rest", "waiting", "mid", "landed", "celebrate", "blocked", "no_answer", "odds")


def run_harness(tmp: Path, scenario: dict[str, Any]) -> dict[str, Any]:
    scenario = {**scenario, "out": str(tmp / "out")}
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
        [sys.executable, "-m", "tests.kiosk.ui.harness", str(tmp / "scenario.json"),
         str(tmp / "result.json")],
        check=False, cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    result_file = tmp / "result.json"
    assert result_file.exists(), done.stderr[-3000:]
    result: dict[str, Any] = json.loads(result_file.read_text(encoding="utf-8"))
    assert result["error"] is None, result["error"]
    assert done.returncode == 0, done.stderr[-3000:]
    result["out"] = tmp / "out"
    return result


@pytest.fixture(scope="module", params=[("en", 8, 4, ()), ("zh", 12, 1, (4, 10))], ids=["en", "zh"])
def visual(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    lang, n, segment, out_of_stock = request.param
    tmp = tmp_path_factory.mktemp(f"wheel-{lang}")
    scenario = {"kind": "visual", "lang": lang, "n": n, "segment": segment,
                "out_of_stock": list(out_of_stock)}  # fmt: skip
    return scenario, run_harness(tmp, scenario)


def test_screenshots_are_taken_and_differ(visual: Any) -> None:
    _, result = visual
    images = {}
    for name in SHOTS:
        path = result["out"] / f"{name}.png"
        image = Image.open(path).convert("RGB")
        assert image.size == (800, 480)
        images[name] = image
    for a, b in [("rest", "mid"), ("mid", "landed"), ("landed", "odds")]:
        assert ImageChops.difference(images[a], images[b]).getbbox() is not None, (a, b)
    confetti = ImageChops.difference(images["landed"], images["celebrate"]).getbbox()
    if result["landed"]["kind"] == "thanks":
        assert confetti is None  # "thanks for playing" is a gentle message, no fireworks
    else:
        assert confetti is not None


def test_the_colour_under_the_pointer_is_the_chosen_segment(visual: Any) -> None:
    _, result = visual
    landed = result["landed"]
    assert landed["probe_rgb"] == landed["segment_rgb"]  # read from the frame buffer
    # ... and in the saved screenshot (PNG rows run top-down, GL rows bottom-up).
    x, y = landed["probe"]
    image = Image.open(result["out"] / "landed.png").convert("RGB")
    assert list(image.getpixel((int(x), image.height - 1 - int(y)))) == landed["segment_rgb"]
    # The spin ends exactly on the planned angle, and on_done ran once, at the end.
    assert landed["rotation"] == landed["end"] == result["plan"]["end"]
    assert landed["on_done_calls"] == 1
    assert result["mid"]["landed"] == []
    assert result["mid"]["rotation"] == pytest.approx(result["mid"]["expected"], abs=1e-6)
    assert result["mid"]["angle"] == pytest.approx(-result["mid"]["rotation"], abs=1e-3)
    assert 0 < result["mid"]["rotation"] < result["plan"]["end"]


def test_the_wheel_does_not_turn_before_the_answer(visual: Any) -> None:
    _, result = visual
    waiting = result["waiting"]
    assert waiting["rotation"] == 0.0 and waiting["angle"] == 0.0
    assert not waiting["button_enabled"]
    assert result["presses_when_ready"] == 1
    assert result["presses_when_busy"] == 1  # a second press while waiting does nothing
    # The only way to turn the wheel names the segment: there is no "start now, decide later".
    assert result["spin_to_parameters"][0] == "segment_index"
    assert result["no_answer"]["moved"] == 0.0
    assert result["no_answer"]["button_enabled"]  # nothing happened: the member may try again


def test_the_wheel_is_painted_once_and_only_rotated(visual: Any) -> None:
    _, result = visual
    assert result["renders_at_rest"] == 1
    assert result["renders_after_spin"] == 1
    assert result["same_instructions"] and result["same_texture"]
    assert result["renders_after_language"] == 2  # labels in the other language: painted again


def test_slice_pictures_come_from_local_files_only(visual: Any) -> None:
    _, result = visual
    assert result["image_paths"] == {"seg-2": f"{'ab' * 32}.png"}


def test_texts_in_the_member_language(visual: Any) -> None:
    scenario, result = visual
    if scenario["lang"] == "en":
        assert result["button_ready"] == {
            "text": "Free spin", "note": "3 spins left today", "enabled": True,
        }  # fmt: skip
        assert result["button_blocked"]["text"] == "Spin for 100 points"
        assert result["button_blocked"]["note"] == "A spin costs 100 points; you have 40."
        assert result["landed"]["message"].startswith("You won: Tote bag!")
        assert "did not spin" in result["no_answer"]["message"]
    else:
        assert result["button_ready"]["text"] == "免费抽一次"
        assert result["button_blocked"]["note"] == "抽一次需要 100 积分，您现有 40 积分。"
        assert result["landed"]["kind"] == "thanks"
        assert result["landed"]["message"] == "谢谢参与，下次好运！"
        assert "没有转动" in result["no_answer"]["message"]
    assert result["button_blocked"]["enabled"] is False
    assert result["presses_when_blocked"] == 0


def test_a_missing_sound_never_breaks_a_spin(visual: Any) -> None:
    _, result = visual
    assert result["missing_sound_played"] is False


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_segment_of_every_wheel_size_stops_under_the_pointer(
    tmp_path: Path, lang: str
) -> None:
    sizes = [2, 3, 5, 8, 12, 16] if lang == "en" else [4, 7, 16]
    result = run_harness(tmp_path, {"kind": "every_segment", "lang": lang, "sizes": sizes})
    assert [w["n"] for w in result["wheels"]] == sizes
    for wheel in result["wheels"]:
        assert wheel["renders"] == 1
        for landing in wheel["landings"]:
            assert landing["under_pointer"] == landing["index"], (wheel["n"], landing)
            assert landing["rgb"] == landing["expected"], (wheel["n"], landing)
            assert landing["exact_end"]


def test_odds_rows_show_todays_chances_and_where_sold_out_chances_go(visual: Any) -> None:
    scenario, result = visual
    rows = result["odds_rows"]
    assert len(rows) == scenario["n"]
    total = sum(float(chance.rstrip("%")) for _, chance, _ in rows)
    assert total == pytest.approx(100, abs=0.01 * len(rows))
    for index, (_label, chance, note) in enumerate(rows):
        if index in scenario["out_of_stock"]:
            assert chance == "0%"
            assert note == "今日已送完：其中奖概率转给“谢谢参与”"
        else:
            assert chance != "0%" and note == ""
