"""The ticket layout, in one place: which lines a voucher, gift ticket or check-in slip has.

Texts come from ``kiosk/locale/printing.<lang>.json`` and can be replaced per key in the config
(``PrintLayoutSettings.texts``); the logo and store name come from the config too. To change
what a ticket says, change the catalogue or the config; to change its order, change this file.
"""

from __future__ import annotations

from kiosk.i18n import translate
from kiosk.printing.blocks import Block, Cut, Feed, Logo, Qr, Rule, Text
from kiosk.printing.settings import PrintLayoutSettings
from kiosk.printing.ticket import TicketKind, VoucherTicket


def _format_money(minor: int, currency: str) -> str:
    # Every currency the kiosk deals in (CNY, USD, EUR ...) has two decimal places.
    return f"{currency} {minor // 100:,}.{minor % 100:02d}"


class _Texts:
    def __init__(self, settings: PrintLayoutSettings, lang: str) -> None:
        self.settings = settings
        self.lang = lang

    def __call__(self, key: str, **params: object) -> str:
        override = self.settings.texts.get(key)
        if override:
            template = override.get(self.lang) or override.get("en")
            if template:
                try:
                    return template.format(**params)
                except (KeyError, IndexError, ValueError):
                    return template
        return translate(key, self.lang, **params)


def _amounts(ticket: VoucherTicket, t: _Texts) -> tuple[str, ...]:
    """Points spent (and cash to pay), or for a check-in slip the points earned."""
    if ticket.kind is TicketKind.CHECKIN:
        lines = [t("printing.points_earned", points=f"{ticket.points_earned:,}")]
        if "streak_days" in ticket.extra:
            lines.append(t("printing.streak", days=ticket.extra["streak_days"]))
        return tuple(lines)
    lines = [t("printing.points_spent", points=f"{ticket.points_spent:,}")]
    if ticket.cash is not None and ticket.cash.minor > 0:
        money = _format_money(ticket.cash.minor, ticket.cash.currency)
        lines.append(t("printing.cash_to_pay", amount=money))
    return tuple(lines)


def ticket_blocks(
    ticket: VoucherTicket, settings: PrintLayoutSettings, *, has_logo: bool
) -> list[Block]:
    """Everything printed on one ticket, top to bottom."""
    lang = ticket.language
    t = _Texts(settings, lang)
    other = "en" if lang == "zh" else "zh"
    blocks: list[Block] = []

    if has_logo:
        blocks.append(Logo())
    if settings.store_name:
        store = settings.store_name.get(lang) or settings.store_name.get("en") or ""
        if store:
            blocks.append(Text((store,), align="center"))
    blocks.append(Text((t(f"printing.title.{ticket.kind.value}"),), "large", "center", bold=True))
    blocks.append(Rule())

    blocks.append(Text((ticket.name.get(lang),), "large", "center", bold=True))
    if settings.second_language_name and ticket.name.get(other) != ticket.name.get(lang):
        blocks.append(Text((ticket.name.get(other),), "small", "center"))

    blocks.append(Text(_amounts(ticket, t), align="center"))

    if ticket.code:
        blocks.append(Feed())
        blocks.append(Qr(ticket.code))
        blocks.append(Text((ticket.code,), "small", "center"))
        blocks.append(Text((t(f"printing.scan_hint.{ticket.kind.value}"),), "small", "center"))
    if ticket.expires_on is not None:
        expiry = t("printing.valid_until", date=ticket.expires_on.isoformat())
        blocks.append(Text((expiry,), align="center", bold=True))
    if ticket.terms is not None:
        blocks.append(Rule())
        blocks.append(Text((ticket.terms.get(lang),), "small"))
    if ticket.draw_id:
        draw = [t("printing.draw", draw=ticket.draw_id)]
        if ticket.seed_hash:
            draw.append(t("printing.seed_hash", hash=ticket.seed_hash[:16]))
        blocks.append(Text(tuple(draw), "small"))

    blocks.append(Rule())
    when = ticket.issued_at.strftime("%Y-%m-%d %H:%M")
    blocks.append(
        Text(
            (
                t("printing.member", member=ticket.member_no_masked),
                t("printing.kiosk_time", kiosk=ticket.kiosk_id, time=when),
            ),
            "small",
        )
    )
    blocks.append(Cut())
    return blocks
