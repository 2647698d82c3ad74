"""``kiosk print-preview``: the ESC/POS bytes and a PNG of a sample ticket, without a printer.

    kiosk print-preview --kind voucher --out preview/ --paper 58 --lang zh

writes ``preview/voucher-zh-58mm.bin`` (exactly what would be sent to the printer) and
``preview/voucher-zh-58mm.png`` (what the paper would show). Needs no printer, display or API.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pydantic import ValidationError

from drivers.printer import PrinterSettings
from drivers.printer.render import UnsupportedCommand, render_job
from kiosk.printing.builder import JobBuilder
from kiosk.printing.samples import sample_logo, sample_ticket
from kiosk.printing.settings import PrintLayoutSettings
from kiosk.printing.ticket import TicketKind

DEFAULT_PROFILES = {58: "RP-F10-58mm", 80: "TM-T20II"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--kind", choices=[k.value for k in TicketKind], default="voucher",
        help="which sample ticket (default: voucher)",
    )  # fmt: skip
    parser.add_argument("--out", type=Path, required=True, help="folder for the .bin and .png")
    parser.add_argument("--lang", choices=["zh", "en"], default="zh", help="ticket language")
    parser.add_argument("--paper", type=int, choices=[58, 80], default=80, help="paper width, mm")
    parser.add_argument(
        "--profile",
        help="python-escpos capability profile (default: RP-F10-58mm for 58 mm, TM-T20II for 80)",
    )
    parser.add_argument("--native-qr", action="store_true", help="printer draws the QR (GS ( k)")
    parser.add_argument(
        "--gb18030", action="store_true", help="the printer has a GB18030 font (send CJK as text)"
    )
    parser.add_argument(
        "--kiosk-config", type=Path, metavar="TOML",
        help="take paper, profile, QR/GB18030 and layout from this kiosk config (the printer "
        "itself is not used)",
    )  # fmt: skip
    parser.add_argument("--logo", type=Path, help="logo image (default: a drawn sample logo)")
    parser.add_argument("--no-logo", action="store_true", help="print no logo")


def _settings_from_config(path: Path, out: Path) -> tuple[PrinterSettings, PrintLayoutSettings]:
    from kiosk.config import load_config  # only when asked: the preview needs no config

    config = load_config(path)
    # Validated again (not model_copy): the preview printer must pass the same checks.
    printer = PrinterSettings.model_validate(
        {**config.printer.model_dump(), "backend": "simulated", "simulated_dir": out}
    )
    layout = getattr(config, "printing", None)
    if not isinstance(layout, PrintLayoutSettings):
        layout = PrintLayoutSettings()
    return printer, layout.model_copy(update={"print_checkin_slips": True})


def _settings_from_args(args: argparse.Namespace) -> tuple[PrinterSettings, PrintLayoutSettings]:
    printer = PrinterSettings(
        backend="simulated", simulated_dir=args.out, paper_width_mm=args.paper,
        profile=args.profile or DEFAULT_PROFILES[args.paper],
        native_qr=args.native_qr, gb18030_font=args.gb18030,
    )  # fmt: skip
    layout = PrintLayoutSettings(
        logo_path=None if args.no_logo else args.logo,
        store_name={"en": "Sample Mart", "zh": "样例超市"},
        print_checkin_slips=True,
    )
    return printer, layout


def run(args: argparse.Namespace) -> int:
    kind = TicketKind(args.kind)
    try:
        if args.kiosk_config is not None:
            printer, layout = _settings_from_config(args.kiosk_config, args.out)
        else:
            printer, layout = _settings_from_args(args)
    except ValidationError as exc:
        print(f"print-preview: {exc.errors()[0]['msg']}", file=sys.stderr)
        return 2
    except Exception as exc:  # kiosk.config.ConfigError: its message is for the admin
        print(f"print-preview: {exc}", file=sys.stderr)
        return 2
    builder = JobBuilder(printer.capabilities, layout)
    if args.logo is not None:
        layout = layout.model_copy(update={"logo_path": args.logo})
        builder = JobBuilder(printer.capabilities, layout)
    elif args.no_logo:
        builder = JobBuilder(printer.capabilities, layout.model_copy(update={"logo_path": None}))
    elif layout.logo_path is None:
        builder.use_logo(sample_logo())
    try:
        job = builder.build(sample_ticket(kind, args.lang))
        image = render_job(job.data, printer.capabilities.width_dots)
    except (OSError, ValueError, UnsupportedCommand) as exc:
        print(f"print-preview: {exc}", file=sys.stderr)
        return 1
    stem = f"{kind.value}-{args.lang}-{printer.paper_width_mm}mm"
    try:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / f"{stem}.bin").write_bytes(job.data)
        image.save(args.out / f"{stem}.png")
    except OSError as exc:
        print(f"print-preview: cannot write to {args.out}: {exc}", file=sys.stderr)
        return 1
    caps = printer.capabilities
    print(
        f"{args.out / stem}.bin: {len(job.data)} bytes, {job.length_mm:.0f} mm of paper "
        f"({caps.width_dots} dots wide, profile {caps.profile}, "
        f"QR {'native' if caps.native_qr else 'image'}, "
        f"CJK {'GB18030 text' if caps.gb18030_font else 'image'})"
    )
    print(f"{args.out / stem}.png: {image.width}x{image.height}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry: ``python -m kiosk.print_preview`` (as ``kiosk print-preview``)."""
    parser = argparse.ArgumentParser(prog="kiosk print-preview", description=__doc__)
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
