"""Random credentials and their SHA-256 (the only form the database ever sees)."""

from __future__ import annotations

import hashlib
import secrets


def new_token(prefix: str) -> str:
    """A random bearer token, e.g. ``kt_...`` for a kiosk (the prefix helps humans, not auth)."""
    return f"{prefix}_{secrets.token_urlsafe(32)}"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_id(prefix: str) -> str:
    """An opaque identifier such as ``m_3f9a0c1d2e4b5a69``."""
    return f"{prefix}_{secrets.token_hex(8)}"
