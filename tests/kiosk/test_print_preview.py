"""``kiosk print-preview``: files written without a printer, display or API."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from kiosk import print_preview as cli
from kiosk.printing.samples import sample_ticket
from tests.kiosk.printing.escpos_parser import parse

ROOT = Path(__file__).resolve().parents[2]


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    return cli.run(parser.parse_args(list(argv)))


@pytest.mark.parametrize("paper", ["58", "80"])
def test_voucher_preview(tmp_path: Path, paper: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--kind", "voucher", "--out", str(tmp_path), "--paper", paper) == 0
    data = (tmp_path / f"voucher-zh-{paper}mm.bin").read_bytes()
    png = Image.open(tmp_path / f"voucher-zh-{paper}mm.png")
    assert png.width == {"58": 384, "80": 576}[paper]
    code = sample_ticket("voucher", "zh").code
    assert [r.text for r in zxingcpp.read_barcodes(png.convert("L"))] == [code]
    assert parse(data).events[-1].kind == "cut"
    assert f"{len(data)} bytes" in capsys.readouterr().out


def test_gift_with_native_qr_and_gb18030(tmp_path: Path) -> None:
    args = ("--kind", "gift", "--out", str(tmp_path), "--native-qr", "--gb18030", "--no-logo")
    assert run(*args) == 0
    parsed = parse((tmp_path / "gift-zh-80mm.bin").read_bytes())
    assert parsed.qr_payloads() == [sample_ticket("gift").code.encode()]
    assert "奖品领取券" in parsed.texts()


def test_bad_profile_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--out", str(tmp_path), "--paper", "58", "--profile", "POS-5890", "--native-qr") == 2
    assert "cannot print native QR" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


def test_missing_logo_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--out", str(tmp_path / "out"), "--logo", str(tmp_path / "nope.png")) == 1
    assert "print-preview:" in capsys.readouterr().err


def test_runs_as_a_program(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "kiosk.print_preview", "--kind", "checkin", "--out", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "checkin-zh-80mm.png").exists()


def test_preview_from_a_kiosk_config(tmp_path: Path) -> None:
    """Admins preview with their own printer settings; the configured printer is not touched."""
    config = tmp_path / "kiosk.toml"
    config.write_text(
        '[api]\nbase_url = "http://127.0.0.1:9"\ntoken = "unused-in-a-preview"\n'
        "[camera]\n"
        '[printer]\nbackend = "usb"\nusb_vendor_id = 1046\nusb_product_id = 20497\n'
        'paper_width_mm = 58\nprofile = "RP-F10-58mm"\nnative_qr = true\n'
        "[gpio]\n",
        encoding="utf-8",
    )
    assert run("--kiosk-config", str(config), "--out", str(tmp_path / "out"), "--no-logo") == 0
    parsed = parse((tmp_path / "out" / "voucher-zh-58mm.bin").read_bytes())
    assert parsed.qr_payloads() == [sample_ticket("voucher").code.encode()]


def test_bad_kiosk_config_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text("not toml [", encoding="utf-8")
    assert run("--kiosk-config", str(config), "--out", str(tmp_path / "out")) == 2
    assert "not valid TOML" in capsys.readouterr().err
