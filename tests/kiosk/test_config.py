"""Config files: a good one loads; a bad one names the file, the key and the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.__main__ import main
from kiosk.config import ConfigError, load_config

GOOD = """
config_version = "2026-11-01"
[kiosk]
id = "store1-k1"
state_dir = "{state}"
[api]
base_url = "https://points.example.com"
token = "secret"
[camera]
backend = "simulated"
[printer]
backend = "simulated"
simulated_dir = "{state}/printer"
[gpio]
backend = "mock"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(text.format(state=tmp_path), encoding="utf-8")
    return path


def test_good_config_loads_with_defaults(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, GOOD))
    assert config.kiosk.id == "store1-k1"
    assert config.session.inactivity_timeout_s == 30
    assert (config.display.width, config.display.height) == (800, 480)
    assert config.status.host == "127.0.0.1"
    assert config.api.read_token() == "secret"
    assert "secret" not in repr(config)  # tokens never end up in a log line


def test_repository_example_config_is_valid() -> None:
    example = Path(__file__).resolve().parents[2] / "config" / "kiosk.example.toml"
    config = load_config(example)
    assert config.camera.backend == "picamera2"


@pytest.mark.parametrize(
    ("change", "key", "words"),
    [
        (("[kiosk]", "[kiosk]\nlanguag = 'zh'"), "kiosk.languag", "unknown key"),
        (('token = "secret"', ""), "api", "exactly one of"),
        (("[session]", ""), "session.inactivity_timeout_s", "greater than or equal"),
        (('backend = "mock"', 'backend = "wiringpi"'), "gpio.backend", "'gpiozero' or 'mock'"),
        (('base_url = "https://points.example.com"', 'base_url = "points"'), "api.base_url", ""),
    ],
)
def test_bad_values_name_file_key_and_problem(
    tmp_path: Path, change: tuple[str, str], key: str, words: str
) -> None:
    text = GOOD.replace(*change)
    if change[0] == "[session]":
        text += "\n[session]\ninactivity_timeout_s = 1\n"
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert str(path) in message
    assert f"[{key}]" in message
    assert words in message


def test_broken_toml_says_where(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD + "\n[api\n")
    with pytest.raises(ConfigError, match=r"not valid TOML.*line"):
        load_config(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "nope.toml")


def test_check_config_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-config", str(write(tmp_path, GOOD))]) == 0
    assert "OK" in capsys.readouterr().out
    bad = write(tmp_path, GOOD.replace("[gpio]", "[gpoi]"))
    assert main(["check-config", str(bad)]) == 2
    assert "[gpoi] unknown key" in capsys.readouterr().err


def test_kiosk_refuses_to_start_on_a_bad_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write(tmp_path, GOOD.replace('id = "store1-k1"', 'id = "has spaces"'))
    assert main(["--config", str(bad)]) == 2
    assert "[kiosk.id]" in capsys.readouterr().err
