"""Size and build time of print jobs, and what the journal adds before the first byte.

    python -m bench.print [--repeat N] [--json]

For a sample voucher in Chinese and English, on 58 mm and 80 mm paper, with the QR code as an
image or native (``GS ( k``) and Chinese as images or GB18030 text, it reports:

- job size in bytes, and paper length in mm;
- time to build the job (layout + ESC/POS bytes; the builder is reused between jobs as in the
  kiosk, so the logo is loaded once): median and p95 over N builds;
- time to draw the job's PNG (what the simulated printer and ``print-preview`` do);
- journal overhead per job: record + mark sending + mark printed on a real SQLite file in WAL
  mode with synchronous=FULL (three fsynced commits), median and p95.

The last line is one JSON object with the same figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from drivers.printer import PrinterSettings
from drivers.printer.render import render_job
from kiosk.printing.builder import JobBuilder
from kiosk.printing.journal import PrintJournal
from kiosk.printing.samples import sample_logo, sample_ticket
from kiosk.printing.settings import PrintLayoutSettings

VARIANTS: list[tuple[str, dict[str, Any]]] = [
    ("58mm POS-5890 QR image, CJK image", {"paper_width_mm": 58, "profile": "POS-5890"}),
    ("58mm RP-F10-58mm QR native, CJK image",
     {"paper_width_mm": 58, "profile": "RP-F10-58mm", "native_qr": True}),
    ("58mm RP-F10-58mm QR native, CJK GB18030",
     {"paper_width_mm": 58, "profile": "RP-F10-58mm", "native_qr": True, "gb18030_font": True}),
    ("80mm TM-T20II QR image, CJK image", {"paper_width_mm": 80, "profile": "TM-T20II"}),
    ("80mm TM-T20II QR native, CJK image",
     {"paper_width_mm": 80, "profile": "TM-T20II", "native_qr": True}),
    ("80mm TM-T20II QR native, CJK GB18030",
     {"paper_width_mm": 80, "profile": "TM-T20II", "native_qr": True, "gb18030_font": True}),
]  # fmt: skip


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def ms(values: list[float]) -> dict[str, float]:
    return {"p50_ms": round(statistics.median(values) * 1000, 2),
            "p95_ms": round(percentile(values, 95) * 1000, 2)}  # fmt: skip


def bench_jobs(repeat: int) -> list[dict[str, Any]]:
    rows = []
    layout = PrintLayoutSettings(store_name={"en": "Sample Mart", "zh": "样例超市"})
    for name, options in VARIANTS:
        settings = PrinterSettings(backend="simulated", simulated_dir=Path("unused"), **options)
        builder = JobBuilder(settings.capabilities, layout)
        builder.use_logo(sample_logo())
        for lang in ("zh", "en"):
            ticket = sample_ticket("voucher", lang)
            job = builder.build(ticket)  # warm-up: fonts, logo, escpos profile
            build_times = []
            for _ in range(repeat):
                start = time.perf_counter()
                job = builder.build(ticket)
                build_times.append(time.perf_counter() - start)
            render_times = []
            for _ in range(max(3, repeat // 5)):
                start = time.perf_counter()
                render_job(job.data, settings.capabilities.width_dots)
                render_times.append(time.perf_counter() - start)
            rows.append({
                "variant": name, "lang": lang, "bytes": len(job.data),
                "length_mm": round(job.length_mm, 1),
                "build": ms(build_times), "render_png": ms(render_times),
            })  # fmt: skip
    return rows


def bench_journal(repeat: int) -> dict[str, Any]:
    ticket = sample_ticket("voucher", "zh")
    payload = b"\x00" * 20_000
    times = []
    with tempfile.TemporaryDirectory() as folder:
        journal = PrintJournal(Path(folder) / "journal.sqlite3")
        for i in range(repeat):
            now = dt.datetime.now(dt.UTC)
            start = time.perf_counter()
            entry, _ = journal.record(
                job_key=f"voucher:{i}", kind="voucher", code=ticket.code,
                ticket=ticket.to_json(), payload=payload, now=now,
            )  # fmt: skip
            journal.mark_sending(entry.id, now)
            journal.mark_printed(entry.id, now)
            times.append(time.perf_counter() - start)
        journal.close()
    return {"journal_record_send_printed": ms(times), "payload_bytes": len(payload)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args(argv)
    rows = bench_jobs(args.repeat)
    print(f"{'variant':44} {'lang':4} {'bytes':>7} {'mm':>6} {'build p50':>10} {'p95':>7}"
          f" {'png p50':>8}")  # fmt: skip
    for r in rows:
        print(f"{r['variant']:44} {r['lang']:4} {r['bytes']:>7} {r['length_mm']:>6}"
              f" {r['build']['p50_ms']:>10} {r['build']['p95_ms']:>7}"
              f" {r['render_png']['p50_ms']:>8}")  # fmt: skip
    journal = bench_journal(args.repeat)
    j = journal["journal_record_send_printed"]
    print(f"journal record+sending+printed (3 fsynced commits): p50 {j['p50_ms']} ms,"
          f" p95 {j['p95_ms']} ms")  # fmt: skip
    print(json.dumps({"jobs": rows, "journal": journal, "repeat": args.repeat,
                      "python": sys.version.split()[0]}, ensure_ascii=False))  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
