"""Where python-escpos keeps its parsed printer-capabilities database.

On import, python-escpos parses a large YAML file (about 0.2 s) unless it finds a pickled copy in
``ESCPOS_CAPABILITIES_PICKLE_DIR``; without that variable it uses a *new* temporary folder every
time, so it parses on every start and leaves a folder behind. It also writes the pickle in
place, after opening it: a process killed in that moment (a power cut on the kiosk's first start)
leaves an empty file that makes every later import fail. So the kiosk names the folder, and
removes a pickle that does not load before python-escpos sees it.
"""

from __future__ import annotations

import logging
import os
import pickle
from pathlib import Path

log = logging.getLogger(__name__)

ENV = "ESCPOS_CAPABILITIES_PICKLE_DIR"


def use_cache(folder: Path, *, override: bool = False) -> Path:
    """Point python-escpos at ``folder`` (unless the environment already names one and
    ``override`` is false); call before anything imports ``escpos``. Returns the folder used."""
    if override or not os.environ.get(ENV):
        os.environ[ENV] = str(folder)
    chosen = Path(os.environ[ENV])
    chosen.mkdir(parents=True, exist_ok=True)
    for cached in chosen.glob("*.capabilities.pickle"):
        try:
            with cached.open("rb") as fh:
                pickle.load(fh)  # noqa: S301 - our own cache file, in our own state folder
        except Exception:  # a torn or foreign file: python-escpos would fail on it
            log.warning("removing a damaged python-escpos cache file %s", cached.name)
            cached.unlink(missing_ok=True)
    return chosen
