"""Sample tickets for ``kiosk print-preview``, the benchmarks and the tests.

The voucher code has the real shape and length of a ``V1`` code (a 48-byte payload and a 64-byte
Ed25519 signature, both base64url) so sizes and QR versions measured with it are honest.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from drivers.printer.settings import DEFAULT_FONT
from kiosk.printing.ticket import LocalText, Money, TicketKind, VoucherTicket

ISSUED = dt.datetime(2026, 11, 22, 14, 3, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def sample_code(prefix: str = "V1", seed: str = "sample") -> str:
    payload = hashlib.sha384(seed.encode()).digest()  # 48 bytes, like a real voucher payload
    signature = hashlib.sha512(seed.encode()).digest()  # 64 bytes, like an Ed25519 signature
    return f"{prefix}.{_b64(payload)}.{_b64(signature)}"


def sample_ticket(kind: TicketKind | str, language: str = "zh") -> VoucherTicket:
    kind = TicketKind(kind)
    common = {
        "member_no_masked": "1****1",
        "kiosk_id": "K-SH-001",
        "issued_at": ISSUED,
        "language": language,
    }
    if kind is TicketKind.VOUCHER:
        return VoucherTicket(
            kind=kind,
            code=sample_code("V1", "voucher"),
            name=LocalText(en="CNY 20 off any purchase over CNY 100", zh="满100元减20元代金券"),
            points_spent=1500,
            cash=Money(990, "CNY"),
            expires_on=dt.date(2026, 12, 31),
            terms=LocalText(
                en="One voucher per purchase. Not exchangeable for cash.",
                zh="每次消费限用一张，不兑现，不找零。",
            ),
            **common,  # type: ignore[arg-type]
        )
    if kind is TicketKind.GIFT:
        return VoucherTicket(
            kind=kind,
            code=sample_code("V1", "gift"),
            name=LocalText(en="Insulated water bottle", zh="保温杯一个"),
            points_spent=100,
            expires_on=dt.date(2026, 11, 29),
            terms=LocalText(
                en="Collect at the service counter within 7 days.",
                zh="请于7天内到服务台领取。",
            ),
            draw_id="d_20261122_0042",
            seed_hash=hashlib.sha256(b"sample draw seed").hexdigest(),
            **common,  # type: ignore[arg-type]
        )
    return VoucherTicket(
        kind=kind,
        code="",
        name=LocalText(en="Daily check-in", zh="每日签到"),
        points_earned=10,
        extra={"streak_days": "5"},
        **common,  # type: ignore[arg-type]
    )


def sample_logo(font_path: Path = DEFAULT_FONT) -> Image.Image:
    """A stand-in store logo (a badge with a name), drawn so previews need no image file."""
    img = Image.new("L", (300, 110), 255)
    draw = ImageDraw.Draw(img)
    draw.rounded_rectangle((2, 2, 297, 107), radius=22, outline=0, width=5)
    draw.ellipse((18, 18, 92, 92), fill=0)
    draw.text((55, 55), "P", font=ImageFont.truetype(str(font_path), 56), fill=255, anchor="mm")
    draw.text((108, 22), "POINTS", font=ImageFont.truetype(str(font_path), 34), fill=0)
    draw.text((108, 60), "积分商城", font=ImageFont.truetype(str(font_path), 32), fill=0)
    return img
