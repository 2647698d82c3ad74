"""Every character of every message (screen and paper, both languages) exists in the bundled font.

A missing glyph draws as an empty box on the kiosk and on the voucher. FreeType draws the font's
".notdef" box for a character the font lacks, so a character whose bitmap equals that box is
missing.
"""

from __future__ import annotations

import json
from functools import cache

from PIL import ImageFont

from kiosk.i18n import LOCALE_DIR
from kiosk.ui.bootstrap import FONT_PATH

NOT_A_CHARACTER = "\uffff"


@cache
def font() -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_PATH), 32)


def bitmap(ch: str) -> bytes:
    return bytes(font().getmask(ch))


def test_the_probe_can_tell_a_missing_glyph() -> None:
    assert bitmap("⌫") == bitmap(NOT_A_CHARACTER)  # this font has no "erase" symbol
    assert bitmap("积") != bitmap(NOT_A_CHARACTER)


def test_every_message_character_is_in_the_font() -> None:
    missing: dict[str, set[str]] = {}
    notdef = bitmap(NOT_A_CHARACTER)
    for path in sorted(LOCALE_DIR.glob("*.json")):
        for key, text in json.loads(path.read_text(encoding="utf-8")).items():
            for ch in set(text) - {" ", "\n"}:
                if bitmap(ch) == notdef:
                    missing.setdefault(f"{path.name}:{key}", set()).add(ch)
    assert not missing, missing
