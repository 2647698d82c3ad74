"""Masks for personal data shown on a public kiosk screen."""

from __future__ import annotations


def _is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def mask_name(full_name: str) -> str:
    """``Lei Wang`` -> ``L** W.``; ``王小明`` -> ``王**``; one Latin word -> ``A**``."""
    name = full_name.strip()
    if not name:
        return "***"
    if any(_is_cjk(c) for c in name):
        # Chinese names: keep the family name (first character) only.
        return name[0] + "*" * max(2, len(name) - 1)
    words = name.split()
    first = words[0][0].upper() + "**"
    if len(words) == 1:
        return first
    return f"{first} {words[-1][0].upper()}."


def mask_member_no(member_no: str) -> str:
    """``100001`` -> ``1****1``: first and last digit only."""
    if len(member_no) <= 2:
        return "*" * len(member_no)
    return member_no[0] + "*" * (len(member_no) - 2) + member_no[-1]


def mask_phone(phone: str) -> str:
    """``+8613812345678`` -> ``+86 138****5678``; others keep ``+`` and the last four digits."""
    if phone.startswith("+86") and len(phone) == 14:
        return f"+86 {phone[3:6]}****{phone[-4:]}"
    if len(phone) <= 5:
        return "*" * len(phone)
    return "+" + "*" * (len(phone) - 5) + phone[-4:]
