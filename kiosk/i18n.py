"""Translation of every user-facing string (screen and paper) into English and Simplified Chinese.

Catalogues are flat JSON files ``kiosk/locale/<domain>.<lang>.json`` (``ui.zh.json``,
``printing.en.json``...), so each part of the kiosk owns its own file and all are merged at load.
A key missing from a language falls back to English, then to the key itself, so a gap in a
translation shows up as readable English on screen rather than as an exception.
"""

from __future__ import annotations

import json
import logging
from functools import cache
from pathlib import Path
from typing import Final

log = logging.getLogger(__name__)

LANGUAGES: Final = ("en", "zh")
DEFAULT_LANGUAGE: Final = "en"
LOCALE_DIR: Final = Path(__file__).with_name("locale")


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All messages of one language, merged from every domain file."""
    merged: dict[str, str] = {}
    for path in sorted(LOCALE_DIR.glob(f"*.{lang}.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
            raise ValueError(f"{path.name}: a catalogue must be a JSON object of strings")
        merged.update(data)
    return merged


def normalise_language(lang: str | None) -> str:
    """Map 'zh-CN', 'zh_Hans', 'EN' ... to a language we ship, else the default."""
    if not lang:
        return DEFAULT_LANGUAGE
    base = lang.replace("_", "-").split("-")[0].lower()
    return base if base in LANGUAGES else DEFAULT_LANGUAGE


def translate(key: str, lang: str, /, **params: object) -> str:
    """The message ``key`` in ``lang`` with ``{name}`` placeholders filled from ``params``."""
    lang = normalise_language(lang)
    text = catalogue(lang).get(key)
    if text is None:
        text = catalogue(DEFAULT_LANGUAGE).get(key)
        if text is None:
            log.warning("missing message key %r", key)
            return key
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        log.warning("message %r in %s has placeholders that were not given", key, lang)
        return text


class Translator:
    """A language bound to ``translate``: ``t = Translator("zh"); t("idle.title")``."""

    def __init__(self, lang: str) -> None:
        self.lang = normalise_language(lang)

    def __call__(self, key: str, /, **params: object) -> str:
        return translate(key, self.lang, **params)


def localised(names: dict[str, str], lang: str) -> str:
    """Pick ``lang`` from a server-provided ``{"en": ..., "zh": ...}`` name, else English."""
    lang = normalise_language(lang)
    return names.get(lang) or names.get(DEFAULT_LANGUAGE) or next(iter(names.values()), "")
