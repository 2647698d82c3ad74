"""The kiosk's configuration: one TOML file, validated by pydantic before anything starts.

A bad file stops start-up with one message that names the file, the key and the problem
(``kiosk check-config FILE`` prints the same without starting). Unknown keys are errors too: a
typo in ``inactivity_timeout_s`` must not silently leave the default in place.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, model_validator

from drivers.camera import CameraSettings
from drivers.cardreader import CardReaderSettings
from drivers.decoder import DecoderSettings
from drivers.gpio import GpioSettings
from drivers.printer import PrinterSettings
from kiosk.printing.settings import PrintLayoutSettings


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class KioskSection(_Section):
    id: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")] = "kiosk-1"
    language: Literal["en", "zh"] = "zh"
    # Journal, Kivy's own files and anything else that must survive a reboot live here.
    state_dir: Path = Path("/var/lib/points-kiosk")


class ApiSection(_Section):
    base_url: Annotated[str, Field(pattern=r"^https?://[^\s/]+(/.*)?$")]
    token: SecretStr | None = None
    # Preferred in production: the token stays out of the config that admins distribute.
    token_file: Path | None = None
    timeout_s: Annotated[float, Field(gt=0, le=60)] = 5.0
    probe_interval_s: Annotated[float, Field(ge=1, le=3600)] = 15.0

    @model_validator(mode="after")
    def _one_token_source(self) -> ApiSection:
        if (self.token is None) == (self.token_file is None):
            raise ValueError("give exactly one of 'token' or 'token_file'")
        return self

    def read_token(self) -> str:
        if self.token is not None:
            return self.token.get_secret_value()
        assert self.token_file is not None
        return self.token_file.read_text(encoding="utf-8").strip()


class SessionSection(_Section):
    inactivity_timeout_s: Annotated[float, Field(ge=5, le=600)] = 30.0
    error_display_s: Annotated[float, Field(ge=1, le=120)] = 8.0
    identify_timeout_s: Annotated[float, Field(ge=1, le=120)] = 15.0


class DisplaySection(_Section):
    width: Annotated[int, Field(ge=320, le=7680)] = 800  # the official Pi touchscreen
    height: Annotated[int, Field(ge=240, le=4320)] = 480
    fullscreen: bool = False
    show_cursor: bool = True


class StatusSection(_Section):
    # Loopback only by default: the endpoint is for the local health check and tests.
    host: str = "127.0.0.1"
    port: Annotated[int, Field(ge=1, le=65535)] = 8765


class ScanningSection(_Section):
    debounce_s: Annotated[float, Field(ge=0, le=60)] = 3.0


class StaffSection(_Section):
    # The staff desk logs out after this long without a touch.
    inactivity_s: Annotated[float, Field(ge=15, le=3600)] = 120.0
    # The PIN keypad closes after this long without a touch.
    login_timeout_s: Annotated[float, Field(ge=10, le=600)] = 60.0


class DevMember(_Section):
    label: Annotated[str, Field(min_length=1, max_length=32)]
    # A member-app token lets the dev panel act as the member's phone: fetch the current
    # rotating code and hold it up to the simulated camera.
    member_token: SecretStr | None = None
    card_number: str | None = None


class DevSection(_Section):
    """Developer aids for simulated hardware. Never enabled on a store's kiosk."""

    enabled: bool = False
    members: list[DevMember] = []


class KioskConfig(_Section):
    config_version: str = "local"
    kiosk: KioskSection = KioskSection()
    api: ApiSection
    session: SessionSection = SessionSection()
    display: DisplaySection = DisplaySection()
    status: StatusSection = StatusSection()
    scanning: ScanningSection = ScanningSection()
    staff: StaffSection = StaffSection()
    camera: CameraSettings
    decoder: DecoderSettings = DecoderSettings()
    card_reader: CardReaderSettings = CardReaderSettings()
    printer: PrinterSettings
    printing: PrintLayoutSettings = PrintLayoutSettings()
    gpio: GpioSettings
    dev: DevSection = DevSection()


class ConfigError(Exception):
    """A config file that cannot be used; the message is meant for the person who wrote it."""


def load_config(path: Path) -> KioskConfig:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config file: {exc.strerror}") from exc
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: the file is not UTF-8 text") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    try:
        return KioskConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(format_validation_error(path, exc)) from exc


def format_validation_error(path: Path, exc: ValidationError) -> str:
    lines = [f"{path}: {exc.error_count()} problem(s) in the configuration:"]
    for error in exc.errors(include_url=False):
        key = ".".join(str(part) for part in error["loc"]) or "(top level)"
        message = error["msg"]
        if error["type"] == "extra_forbidden":
            message = "unknown key (check the spelling)"
        elif error["type"] == "missing":
            message = "required key is missing"
        lines.append(f"  [{key}] {message}")
    return "\n".join(lines)
