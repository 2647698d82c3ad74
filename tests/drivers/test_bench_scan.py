"""bench.scan's counting on a small folder whose right answers are known."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from bench.scan import fit_lores, main, percentile
from tests.drivers.scanimages import on_frame, qr


def _save(path: Path, grey: np.ndarray, text: str | None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(grey).save(path)
    if text is not None:
        path.with_suffix(".txt").write_text(text, encoding="utf-8")


def test_counts_decoded_wrong_missed_and_false_positives(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _save(tmp_path / "a" / "1.png", on_frame(qr("M1:100001:48213377", box=5)), "M1:100001:48213377")
    _save(
        tmp_path / "a" / "2.png", on_frame(qr("line one\r\nline two", box=5)), "line one\nline two"
    )
    _save(tmp_path / "b" / "3.png", on_frame(qr("S1:9001", box=5)), "S1:9002")  # wrong
    _save(tmp_path / "b" / "4.png", np.full((480, 640), 200, np.uint8), "0004123456")  # missed
    _save(tmp_path / "b" / "5.png", on_frame(qr("S1:9001", box=5)), None)  # false positive
    # a big photo is also decoded downscaled to fit 640x480
    _save(tmp_path / "6.png", on_frame(qr("MC100001", box=8), size=(1200, 1600)), "MC100001")
    (tmp_path / "b" / "notes.txt").write_text("not an image's text")

    assert main(["--images", str(tmp_path), "--backend", "zxing", "--by-folder"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    result = json.loads(lines[-1])
    assert (result["images"], result["with_code"]) == (6, 5)
    for size in ("native", "640x480"):
        figures = result["backends"]["zxing"][size]
        counts = [figures[k] for k in ("decoded", "wrong", "missed", "false_positives")]
        assert counts == [3, 1, 1, 1], size
        assert figures["p50_ms"] <= figures["p95_ms"]
    by_folder = result["backends"]["zxing"]["by_folder"]
    assert set(by_folder) == {".", "a", "b"}
    assert by_folder["a"]["native"]["decoded"] == 2


def test_rejects_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        main(["--images", str(tmp_path / "nope")])


def test_fit_lores_keeps_aspect_and_never_upscales() -> None:
    assert fit_lores(np.zeros((1200, 1600), np.uint8)).shape == (480, 640)
    assert fit_lores(np.zeros((1000, 500), np.uint8)).shape == (480, 240)
    small = np.zeros((100, 120), np.uint8)
    assert fit_lores(small) is small


def test_percentile() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == pytest.approx(50.5)
    assert percentile(values, 95) == pytest.approx(95.05)
    assert percentile([3.0], 95) == 3.0
