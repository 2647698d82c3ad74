from __future__ import annotations

import json
import re
import string

import pytest

from kiosk.i18n import LANGUAGES, LOCALE_DIR, Translator, localised, normalise_language, translate


def domain_files() -> dict[str, dict[str, dict[str, str]]]:
    domains: dict[str, dict[str, dict[str, str]]] = {}
    for path in LOCALE_DIR.glob("*.json"):
        domain, lang, _ = path.name.split(".")
        domains.setdefault(domain, {})[lang] = json.loads(path.read_text(encoding="utf-8"))
    return domains


@pytest.mark.parametrize("domain", sorted(domain_files()))
def test_every_domain_has_the_same_keys_and_placeholders_in_each_language(domain: str) -> None:
    files = domain_files()[domain]
    assert set(files) == set(LANGUAGES)
    en, zh = files["en"], files["zh"]
    assert set(en) == set(zh)
    fields = string.Formatter()
    for key in en:
        names_en = {f for _, f, _, _ in fields.parse(en[key]) if f}
        names_zh = {f for _, f, _, _ in fields.parse(zh[key]) if f}
        assert names_en == names_zh, key


def test_chinese_catalogue_is_chinese() -> None:
    assert re.search(r"[\u4e00-\u9fff]", translate("idle.welcome", "zh"))


def test_fallbacks() -> None:
    assert normalise_language("zh-CN") == "zh"
    assert normalise_language("fr") == "en"
    assert translate("no.such.key", "zh") == "no.such.key"
    assert Translator("zh")("member.next_tier", points="10", tier="金卡") == "再积 10 分升级为金卡"
    assert localised({"en": "Gold", "zh": "金卡"}, "zh-Hans") == "金卡"
    assert localised({"en": "Gold"}, "zh") == "Gold"
