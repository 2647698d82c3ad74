"""A torn python-escpos cache (power lost while it was written) must not stop the next start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from kiosk.printing.escpos_cache import ENV, use_cache


def test_a_torn_cache_file_is_removed_and_escpos_imports(tmp_path: Path) -> None:
    torn = tmp_path / f"{'.'.join(map(str, sys.version_info[:3]))}.capabilities.pickle"
    torn.write_bytes(b"")  # what a power cut leaves: the file opened, nothing written
    env = dict(os.environ)
    env.pop(ENV, None)
    script = (
        "import sys; from pathlib import Path; from kiosk.printing.escpos_cache import use_cache; "
        "use_cache(Path(sys.argv[1])); import escpos.printer; print('ok')"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
    assert torn.stat().st_size > 0  # escpos wrote a good cache in its place


def test_an_operators_setting_wins_unless_overridden(tmp_path: Path) -> None:
    mine, theirs = tmp_path / "mine", tmp_path / "theirs"
    old = os.environ.get(ENV)
    try:
        os.environ[ENV] = str(theirs)
        assert use_cache(mine) == theirs
        assert use_cache(mine, override=True) == mine
    finally:
        if old is None:
            os.environ.pop(ENV, None)
        else:
            os.environ[ENV] = old
