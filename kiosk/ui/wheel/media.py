"""Pictures and sound for the wheel: local files only, and never an error on screen."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from kiosk.core.wheel import Wheel

log = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[3]
WHEEL_IMAGES = REPO / "assets" / "images" / "wheel"
WIN_SOUND = REPO / "assets" / "sounds" / "win.wav"


def image_paths(wheel: Wheel, *, cache_dir: Path | None = None) -> dict[str, Path]:
    """Local picture files for the segments that have one: bundled assets from
    ``assets/images/wheel/``, downloaded ones from ``cache_dir/<sha256>.png`` (the client caches
    them). A picture not on disk is left out: the segment is drawn without it, never an error."""
    found: dict[str, Path] = {}
    for segment in wheel.segments:
        image = segment.image
        if image is None:
            continue
        if image.asset is not None:
            path = WHEEL_IMAGES / image.asset
        elif image.sha256 is not None and cache_dir is not None:
            path = cache_dir / f"{image.sha256}.png"
        else:
            continue
        if path.is_file():
            found[segment.id] = path
        else:
            log.warning("wheel picture for segment %s is missing: drawn without it", segment.id)
    return found


class WinSound:
    """The celebration sound, loaded on first use. No audio device (or no audio library) is
    logged once and the kiosk carries on silently."""

    def __init__(self, path: Path = WIN_SOUND) -> None:
        self._path = path
        self._sound: Any = None
        self._failed = False

    def play(self) -> bool:
        if self._failed:
            return False
        try:
            if self._sound is None:
                if not self._path.is_file():
                    raise FileNotFoundError(f"{self._path.name} is missing")
                from kivy.core.audio import SoundLoader

                self._sound = SoundLoader.load(str(self._path))
                if self._sound is None:
                    raise RuntimeError(f"no audio provider could load {self._path.name}")
            self._sound.stop()
            self._sound.play()
        except Exception as exc:  # audio is a nicety: never let it break a spin
            self._failed = True
            log.warning("celebration sound unavailable: %s", exc)
            return False
        return True
