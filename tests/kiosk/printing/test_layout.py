"""What a ticket's ESC/POS bytes contain, read back with the tests' own parser."""

from __future__ import annotations

import dataclasses

import pytest
import zxingcpp
from PIL import Image

from drivers.printer.render import render_job
from kiosk.printing.builder import JobBuilder
from kiosk.printing.samples import sample_logo, sample_ticket
from kiosk.printing.settings import PrintLayoutSettings
from kiosk.printing.ticket import Money, TicketKind
from tests.kiosk.printing.escpos_parser import parse, stack

LAYOUT = PrintLayoutSettings(store_name={"en": "Sample Mart", "zh": "样例超市"})

PRINTERS = {
    "58-image-qr": {"paper_width_mm": 58, "profile": "POS-5890"},
    "58-native-qr": {"paper_width_mm": 58, "profile": "RP-F10-58mm", "native_qr": True},
    "80-image-qr": {"paper_width_mm": 80, "profile": "TM-T20II"},
    "80-native-gb18030": {
        "paper_width_mm": 80, "profile": "TM-T20II", "native_qr": True, "gb18030_font": True,
    },
}  # fmt: skip


def decode_qr(img: Image.Image) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(img.convert("L"))]


def human_code(texts: list[str], code: str) -> str:
    """The printed code: the consecutive text lines that spell it (it wraps)."""
    joined = "".join(texts)
    assert code in joined
    return code


@pytest.fixture(params=sorted(PRINTERS))
def caps(request: pytest.FixtureRequest, printer_settings):  # type: ignore[no-untyped-def]
    return printer_settings(**PRINTERS[request.param]).capabilities


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("kind", [TicketKind.VOUCHER, TicketKind.GIFT])
def test_qr_human_code_and_cut(caps, kind: TicketKind, lang: str) -> None:  # type: ignore[no-untyped-def]
    ticket = sample_ticket(kind, lang)
    builder = JobBuilder(caps, LAYOUT)
    builder.use_logo(sample_logo())
    job = builder.build(ticket)
    parsed = parse(job.data)

    # The QR: native payload, or an image that decodes, to exactly the signed code.
    if caps.native_qr:
        assert parsed.qr_payloads() == [ticket.code.encode("ascii")]
    else:
        assert parsed.qr_payloads() == []
        decoded = [t for im in parsed.pictures() for t in decode_qr(im)]
        assert decoded == [ticket.code]
    # ... and the simulated printer's PNG of the job shows a QR that decodes to it too.
    assert decode_qr(render_job(job.data, caps.width_dots)) == [ticket.code]

    # The human-readable code is printed as text the printer draws itself (ASCII).
    code_lines = [t for t in parsed.texts() if t and t in ticket.code]
    assert "".join(code_lines) == ticket.code

    # The job ends with a cut (a feed past the tear bar on a printer without a cutter),
    # and nothing is printed after it.
    assert parsed.cuts() == (1 if caps.cutter else 0)
    assert parsed.events[-1].kind == ("cut" if caps.cutter else "feed")
    # Every image fits the paper.
    assert all(im.width <= caps.width_dots for im in parsed.rasters())
    assert job.width_dots == caps.width_dots


def test_chinese_is_never_sent_as_raw_gb18030_without_the_font(printer_settings) -> None:  # type: ignore[no-untyped-def]
    caps = printer_settings(paper_width_mm=58, profile="POS-5890").capabilities
    ticket = sample_ticket(TicketKind.VOUCHER, "zh")
    parsed = parse(JobBuilder(caps, LAYOUT).build(ticket).data)
    texts = parsed.texts()
    assert all(t.isascii() for t in texts), texts
    assert not any(e.kanji for e in parsed.events)
    # The Chinese went out as pictures instead: the name is among the rasters' lines.
    assert len(parsed.pictures()) >= 5


def test_gb18030_printer_gets_chinese_as_text(printer_settings) -> None:  # type: ignore[no-untyped-def]
    caps = printer_settings(gb18030_font=True, native_qr=True).capabilities
    ticket = sample_ticket(TicketKind.VOUCHER, "zh")
    parsed = parse(JobBuilder(caps, LAYOUT).build(ticket).data)
    chinese = [e.text for e in parsed.events if e.kind == "text" and e.kanji]
    assert ticket.name.zh in chinese
    assert "兑换券" in chinese
    assert "有效期至 2026-12-31" in chinese
    assert parsed.rasters() == []  # no logo configured, QR native: no image at all


def test_image_text_shows_the_chinese_name(printer_settings) -> None:  # type: ignore[no-untyped-def]
    """OCR-free check that image text is real text: the rasters differ when the name does."""
    caps = printer_settings(paper_width_mm=58, profile="POS-5890").capabilities
    ticket = sample_ticket(TicketKind.VOUCHER, "zh")
    other = dataclasses.replace(ticket, name=dataclasses.replace(ticket.name, zh="满200元减50元"))
    a = parse(JobBuilder(caps, LAYOUT).build(ticket).data).pictures()
    b = parse(JobBuilder(caps, LAYOUT).build(other).data).pictures()
    assert len(a) == len(b)
    differing = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x.tobytes() != y.tobytes()]
    assert len(differing) == 1  # only the name block changed
    # The name is drawn big: its block is taller than one normal text line (30 dots).
    assert a[differing[0]].height > 30


def test_points_cash_expiry_member_kiosk_time(printer_settings) -> None:  # type: ignore[no-untyped-def]
    caps = printer_settings().capabilities
    ticket = sample_ticket(TicketKind.VOUCHER, "en")
    texts = parse(JobBuilder(caps, LAYOUT).build(ticket).data).texts()
    assert "Points spent: 1,500" in texts
    assert "Pay at the till: CNY 9.90" in texts
    assert "Valid until 2026-12-31" in texts
    assert "Member: 1****1" in texts
    assert "Kiosk K-SH-001  2026-11-22 14:03" in texts
    # Never the full member number, only the masked one.
    assert not any("100001" in t for t in texts)


def test_no_cash_line_for_points_only_deals(printer_settings) -> None:  # type: ignore[no-untyped-def]
    caps = printer_settings().capabilities
    ticket = dataclasses.replace(sample_ticket(TicketKind.VOUCHER, "en"), cash=Money(0, "CNY"))
    texts = parse(JobBuilder(caps, LAYOUT).build(ticket).data).texts()
    assert not any(t.startswith("Pay at the till") for t in texts)


def test_gift_ticket_shows_draw_and_seed_hash(printer_settings) -> None:  # type: ignore[no-untyped-def]
    caps = printer_settings().capabilities
    ticket = sample_ticket(TicketKind.GIFT, "en")
    texts = parse(JobBuilder(caps, LAYOUT).build(ticket).data).texts()
    assert "PRIZE CLAIM TICKET" in texts
    assert f"Draw: {ticket.draw_id}" in texts
    assert f"Seed hash: {ticket.seed_hash[:16]}" in texts  # type: ignore[index]


def test_checkin_slip_has_no_code(printer_settings) -> None:  # type: ignore[no-untyped-def]
    caps = printer_settings(native_qr=True).capabilities
    ticket = sample_ticket(TicketKind.CHECKIN, "en")
    parsed = parse(JobBuilder(caps, LAYOUT).build(ticket).data)
    assert parsed.qr_payloads() == []
    assert "Points earned: +10" in parsed.texts()
    assert parsed.events[-1].kind == "cut"


def test_admin_text_override_and_logo(printer_settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    caps = printer_settings().capabilities
    logo = tmp_path / "logo.png"
    sample_logo().save(logo)
    layout = PrintLayoutSettings(
        logo_path=logo, texts={"printing.title.voucher": {"en": "GIFT VOUCHER", "zh": "礼券"}}
    )
    parsed = parse(JobBuilder(caps, layout).build(sample_ticket(TicketKind.VOUCHER, "en")).data)
    assert "GIFT VOUCHER" in parsed.texts()
    first = parsed.events[0]
    assert first.kind == "raster" and first.image is not None  # the logo comes first
    assert first.image.width <= caps.width_dots
    assert first.image.height <= layout.logo_max_height_dots


def test_no_cutter_profile_still_ends_with_a_feed(printer_settings) -> None:  # type: ignore[no-untyped-def]
    """POS-5890 has no cutter: the ticket ends with a feed past the tear bar, no GS V."""
    caps = printer_settings(paper_width_mm=58, profile="POS-5890").capabilities
    assert not caps.cutter
    parsed = parse(JobBuilder(caps, LAYOUT).build(sample_ticket(TicketKind.VOUCHER, "en")).data)
    assert parsed.cuts() == 0
    assert parsed.events[-1].kind == "feed"


def test_native_qr_is_much_smaller(printer_settings) -> None:  # type: ignore[no-untyped-def]
    ticket = sample_ticket(TicketKind.VOUCHER, "en")
    image = JobBuilder(printer_settings().capabilities, LAYOUT).build(ticket)
    native = JobBuilder(printer_settings(native_qr=True).capabilities, LAYOUT).build(ticket)
    assert len(image.data) - len(native.data) > 5_000


def test_rasters_stack_to_the_paper_width(printer_settings) -> None:  # type: ignore[no-untyped-def]
    caps = printer_settings(paper_width_mm=58, profile="POS-5890").capabilities
    parsed = parse(JobBuilder(caps, LAYOUT).build(sample_ticket(TicketKind.VOUCHER, "zh")).data)
    sheet = stack(parsed.rasters(), caps.width_dots)
    assert decode_qr(sheet) == [sample_ticket(TicketKind.VOUCHER, "zh").code]
