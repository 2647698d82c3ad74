"""Settings every test process needs before any library is imported."""

from __future__ import annotations

import os
from pathlib import Path

# python-escpos parses its capabilities database on import and, unless told where to cache it,
# leaves a new temporary folder behind in every process. One cache for the whole suite.
_ESCPOS_CACHE = Path(__file__).resolve().parents[1] / ".pytest_cache" / "escpos-capabilities"
_ESCPOS_CACHE.mkdir(parents=True, exist_ok=True)
os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", str(_ESCPOS_CACHE))
# Kivy must not parse pytest's arguments or write into the user's home.
os.environ.setdefault("KIVY_NO_ARGS", "1")
