"""Between the session and the printing service: an issued voucher becomes a journaled ticket.

The session asks for a print (``PrintVoucher``); this adapter lays the API's voucher out as a
``VoucherTicket`` and hands it to ``PrintService``, which journals it before the first byte goes
to the printer. The API is told a voucher was printed through the journal's outbox, so a network
failure at that moment only delays the news.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from kiosk.core.events import PrintPrize, PrintVoucher
from kiosk.core.wheel import SegmentKind
from kiosk.printing.service import PrintService, TicketPrinted
from kiosk.printing.ticket import LocalText, Money, TicketKind, VoucherTicket

log = logging.getLogger(__name__)

# What the member gets on paper for each kind of catalogue item.
_KINDS = {"gift": TicketKind.GIFT}


def ticket_for(request: PrintVoucher, kiosk_id: str) -> VoucherTicket:
    voucher = request.voucher
    names = voucher.names
    return VoucherTicket(
        kind=_KINDS.get(voucher.kind, TicketKind.VOUCHER),
        code=voucher.code,
        name=LocalText(en=names.get("en", ""), zh=names.get("zh", "")),
        member_no_masked=request.member_no_masked,
        kiosk_id=kiosk_id,
        issued_at=voucher.issued_at,
        language=request.language if request.language in ("en", "zh") else "en",
        points_spent=voucher.points,
        cash=Money(voucher.cash_due_minor, voucher.currency) if voucher.cash_due_minor else None,
        expires_on=voucher.expires_at.date(),
        extra={"voucher_id": voucher.voucher_id},
    )


def prize_ticket_for(request: PrintPrize, kiosk_id: str) -> VoucherTicket:
    result = request.result
    voucher = result.voucher
    if voucher is None:
        raise ValueError("this draw won nothing to print")
    names = voucher.name
    return VoucherTicket(
        kind=TicketKind.GIFT if voucher.kind is SegmentKind.GIFT else TicketKind.VOUCHER,
        code=voucher.code,
        name=LocalText(en=names.get("en", ""), zh=names.get("zh", "")),
        member_no_masked=request.member_no_masked,
        kiosk_id=kiosk_id,
        issued_at=datetime.now(UTC),
        language=request.language if request.language in ("en", "zh") else "en",
        points_spent=result.cost_points,
        expires_on=voucher.expires_at.date(),
        # So the member can check the draw once the day's seed is revealed.
        draw_id=result.draw_id,
        seed_hash=result.seed_hash,
        extra={"voucher_id": voucher.voucher_id},
    )


class VoucherPrinter:
    """The session's printer port (see ``kiosk.runtime.controller.VoucherPrinter``)."""

    def __init__(
        self,
        service: PrintService,
        kiosk_id: str,
        *,
        after_print: Callable[[], None] | None = None,
    ) -> None:
        self._service = service
        self._kiosk_id = kiosk_id
        self._after_print = after_print

    def can_print(self) -> bool:
        return self._service.paper_state().can_print

    def print_voucher(self, request: PrintVoucher) -> bool:
        return self._print(ticket_for(request, self._kiosk_id))

    def print_prize(self, request: PrintPrize) -> bool:
        return self._print(prize_ticket_for(request, self._kiosk_id))

    def _print(self, ticket: VoucherTicket) -> bool:
        outcome = self._service.print_ticket(ticket)
        if self._after_print is not None:
            self._after_print()
        return outcome.status in ("printed", "already_printed")


def api_notifier(
    voucher_printed: Callable[[str], None], service: PrintService
) -> Callable[[TicketPrinted], None]:
    """The journal outbox's hook: tell the API that a voucher came out of the printer."""

    def notify(printed: TicketPrinted) -> None:
        entry = service.journal.get(printed.job_id)
        voucher_id = (entry.ticket.get("extra") or {}).get("voucher_id") if entry else None
        if not voucher_id:
            return  # tickets without an API voucher (check-in slips) have nobody to tell
        voucher_printed(str(voucher_id))

    return notify
