"""Vouchers a kiosk issued to a member and has not confirmed printing: what it must recover.

A kiosk can lose the answer to a redeem or a spin (the network drops it, the screen gave up, the
kiosk restarted). The points are taken and the voucher is issued, but nothing came out of the
printer. The kiosk asks here, at start-up and when the member identifies, and prints what it
finds; its printed notice (``POST /v1/kiosk/vouchers/{id}/printed``) takes the voucher off the
list. Only the asking kiosk's own vouchers are listed (the spend's actor is that kiosk), so a
kiosk credential never reads another kiosk's voucher codes.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from pointsapi.ledger.models import LedgerEntry
from pointsapi.rewards.models import Voucher

#: A member with more unprinted vouchers than this has a kiosk problem staff must look at.
MAX_LISTED = 50


def unprinted(
    session: Session, *, kiosk_id: str, store_id: str, member_id: str, now: datetime
) -> list[tuple[Voucher, str]]:
    """This kiosk's still-valid ``issued`` vouchers of the member, oldest first, each with the
    Idempotency-Key of the request that paid for it (the kiosk's intent)."""
    rows = session.execute(
        select(Voucher, LedgerEntry.idempotency_key)
        .join(LedgerEntry, LedgerEntry.id == Voucher.spend_entry_id)
        .where(
            Voucher.member_id == member_id,
            Voucher.store_id == store_id,
            Voucher.state == "issued",
            Voucher.expires_at > now,
            LedgerEntry.actor_type == "kiosk",
            LedgerEntry.actor_id == kiosk_id,
        )
        .order_by(Voucher.issued_at, Voucher.id)
        .limit(MAX_LISTED)
    ).all()
    return [(voucher, key) for voucher, key in rows]
