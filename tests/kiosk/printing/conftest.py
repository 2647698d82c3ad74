from __future__ import annotations

from pathlib import Path

import pytest

from drivers.printer import PrinterSettings


@pytest.fixture
def printer_settings(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Settings for a simulated printer in tmp_path; keyword overrides per test."""

    def make(**overrides: object) -> PrinterSettings:
        values: dict[str, object] = {
            "backend": "simulated",
            "simulated_dir": tmp_path / "printed",
            "paper_width_mm": 80,
            "profile": "TM-T20II",
        }
        values.update(overrides)
        return PrinterSettings(**values)  # type: ignore[arg-type]

    return make
