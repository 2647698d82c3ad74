"""What admins can change about printed tickets without touching code (part of the kiosk config)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class PrintLayoutSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    #: A PNG/BMP logo printed at the top (dithered to black and white), or none.
    logo_path: Path | None = None
    #: The logo is scaled to fit this share of the paper width and this height in dots.
    logo_max_width: float = Field(default=0.6, gt=0, le=1)
    logo_max_height_dots: int = Field(default=160, gt=0, le=600)
    #: Printed under the logo: {"en": "...", "zh": "..."}.
    store_name: dict[str, str] | None = None
    #: Replace any printed text: {"printing.title.voucher": {"en": "...", "zh": "..."}}.
    texts: dict[str, dict[str, str]] = Field(default_factory=dict)
    #: Also print the prize or voucher name in the other language, small, under the main one.
    second_language_name: bool = True
    #: Check-in slips are optional: printing them is off unless an admin turns it on.
    print_checkin_slips: bool = False
    qr_error_correction: Literal["L", "M", "Q", "H"] = "M"
    #: Size of one QR module in printer dots; None picks the largest that fits, at most 6
    #: (0.75 mm: easy for any till scanner without using a hand's length of paper).
    qr_module_dots: int | None = Field(default=None, ge=2, le=16)
    cut_mode: Literal["full", "partial"] = "partial"

    @field_validator("store_name")
    @classmethod
    def _languages(cls, value: dict[str, str] | None) -> dict[str, str] | None:
        if value is not None and not set(value) <= {"en", "zh"}:
            raise ValueError("store_name takes the languages 'en' and 'zh'")
        return value
