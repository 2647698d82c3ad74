"""Printer configuration: which backend, how to reach it, and what the printer can do."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

# Dots across the printable width at 203 dpi (8 dots/mm): the industry norm for 58 mm paper
# (48 mm printable) and 80 mm paper (72 mm printable).
PRINTABLE_DOTS: dict[int, int] = {58: 384, 80: 576}
DOTS_PER_MM = 8.0

DEFAULT_FONT = Path(__file__).resolve().parents[2] / "assets" / "fonts" / "wqy-microhei.ttc"


class PrinterSettings(BaseModel):
    """One thermal printer. ``backend`` picks the implementation by name; no silent fallback."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    backend: Literal["usb", "serial", "network", "file", "simulated"] = "simulated"

    # usb
    usb_vendor_id: int | None = Field(default=None, ge=0, le=0xFFFF)
    usb_product_id: int | None = Field(default=None, ge=0, le=0xFFFF)
    usb_timeout_ms: int = Field(default=5000, ge=0)
    usb_in_ep: int = 0x82
    usb_out_ep: int = 0x01
    # serial
    serial_device: str | None = None
    serial_baudrate: int = Field(default=9600, gt=0)
    #: How long to wait for a status reply (a silent printer blocks printing after this).
    serial_timeout_s: float = Field(default=1.0, gt=0)
    # network (raw TCP, "JetDirect")
    host: str | None = None
    port: int = Field(default=9100, ge=1, le=65535)
    network_timeout_s: float = Field(default=10.0, gt=0)
    # file (a device node such as /dev/usb/lp0)
    device_file: str | None = None
    # simulated: every job becomes <n>.bin + <n>.png in this folder
    simulated_dir: Path | None = None

    paper_width_mm: Literal[58, 80] = 80
    #: A python-escpos capability profile name (e.g. "TM-T20II", "POS-5890", "default").
    profile: str = "default"
    #: Print QR codes with the printer's own GS ( k command (about 100 bytes instead of ~10 KB).
    native_qr: bool = False
    #: The printer has a GB18030 font (Chinese firmware): send CJK as text instead of images.
    gb18030_font: bool = False
    #: Whether the printer answers DLE EOT status requests. When true, a printer that stays
    #: silent blocks printing ("printer_not_responding"), because a switched-off serial printer
    #: looks exactly like that. Set false only for a printer that never answers (some cheap USB
    #: models with no IN endpoint); then paper state comes from the GPIO switch and the
    #: estimate. The device-file backend never asks (python-escpos opens it write-only).
    status_query: bool = True
    #: Length of a new roll, for the paper-left estimate.
    roll_length_mm: float = Field(default=50_000.0, gt=0)
    #: Below this estimated length left the paper is reported "low" (staff should restock).
    low_paper_mm: float = Field(default=2_000.0, ge=0)
    #: A tripped paper-low switch stops selling anything that prints (the roll is nearly out).
    paper_low_switch_blocks: bool = True
    #: The TrueType font used to render text the printer cannot print itself.
    font_path: Path = DEFAULT_FONT

    @model_validator(mode="after")
    def _check_backend_options(self) -> PrinterSettings:
        missing = {
            "usb": ("usb_vendor_id", "usb_product_id"),
            "serial": ("serial_device",),
            "network": ("host",),
            "file": ("device_file",),
            "simulated": ("simulated_dir",),
        }[self.backend]
        absent = [name for name in missing if getattr(self, name) is None]
        if absent:
            raise ValueError(f"printer backend {self.backend!r} needs {', '.join(absent)}")
        if not self.font_path.is_file():
            # Checked now, not at the first Chinese ticket: without it nothing non-ASCII prints.
            raise ValueError(f"printer font not found: {self.font_path}")
        caps = self.capabilities  # validates the profile name and the QR choice
        if self.native_qr and not caps.profile_has_native_qr:
            raise ValueError(
                f"printer profile {self.profile!r} cannot print native QR codes: "
                "set native_qr = false or choose the printer's real profile"
            )
        return self

    @property
    def capabilities(self) -> PrinterCapabilities:
        # Not cached: a cached value would survive model_copy(update=...) and go stale.
        return PrinterCapabilities.from_settings(self)


class PrinterCapabilities(BaseModel):
    """What a job for this printer may contain: derived from the settings and the profile."""

    model_config = ConfigDict(frozen=True)

    profile: str
    width_dots: int
    native_qr: bool
    profile_has_native_qr: bool
    gb18030_font: bool
    cutter: bool
    font_path: Path

    @classmethod
    def from_settings(cls, settings: PrinterSettings) -> PrinterCapabilities:
        from escpos.capabilities import get_profile  # lazily: loads a large YAML database

        try:
            profile = get_profile(settings.profile)
        except KeyError:
            msg = f"unknown python-escpos printer profile {settings.profile!r}"
            raise ValueError(msg) from None
        width = PRINTABLE_DOTS[settings.paper_width_mm]
        media_pixels = profile.profile_data.get("media", {}).get("width", {}).get("pixels")
        # A profile may know its head is narrower than the paper: never send wider images
        # (python-escpos refuses them, and the printer would wrap them).
        if isinstance(media_pixels, int) and media_pixels > 0:
            width = min(width, media_pixels)
        features = profile.profile_data.get("features", {})
        return cls(
            profile=settings.profile,
            width_dots=width - width % 8,
            native_qr=settings.native_qr and bool(features.get("qrCode")),
            profile_has_native_qr=bool(features.get("qrCode")),
            gb18030_font=settings.gb18030_font,
            cutter=bool(features.get("paperFullCut") or features.get("paperPartCut")),
            font_path=settings.font_path,
        )
