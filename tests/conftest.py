"""Settings every test process needs before any library is imported."""

from __future__ import annotations

import os
from pathlib import Path

from kiosk.printing.escpos_cache import use_cache

# One python-escpos cache per test process (xdist workers inherit the controller's environment,
# so the worker's own folder is set explicitly, not defaulted).
use_cache(
    Path(__file__).resolve().parents[1]
    / ".pytest_cache"
    / "escpos-capabilities"
    / os.environ.get("PYTEST_XDIST_WORKER", "main"),
    override=True,
)
# Kivy must not parse pytest's arguments or write into the user's home.
os.environ.setdefault("KIVY_NO_ARGS", "1")
