"""Scan-to-screen: from the camera frame holding a member's QR code to the member screen drawn.

``python -m bench.scan_to_screen [--scans 100]``: the real kiosk (offscreen, simulated camera)
against the real API on loopback. Registers one member per scan (a rotating code identifies once
per 30 s step), then for each: fetch the member's current code as the phone would, hold its QR
image up to the camera, wait for the member screen, press Done. The kiosk itself times each
visit (frame delivered by the camera -> first frame drawn with the member screen) and reports the
times on its status endpoint; this prints their p50/p95/max and one JSON line.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from functools import partial
from pathlib import Path

import httpx

from kiosk.dev.demo import KioskProcess, demo_stack, wait_until
from kiosk.dev.phone import fetch_member_code, phone_screen_frame


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def visits_timed(kiosk: KioskProcess, at_least: int) -> bool:
    return len(kiosk.status()["timings"]["scan_to_screen_ms"]) >= at_least


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scan_to_screen", description=__doc__)
    parser.add_argument("--scans", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, demo_stack(Path(tmp), debounce_s=0.3) as stack:
        api, kiosk = stack
        admin = {"Authorization": f"Bearer {api.demo['admin_token']}"}
        tokens = []
        for i in range(args.scans):
            created = httpx.post(
                f"{api.url}/v1/admin/members",
                json={"store_id": api.demo["store_id"], "full_name": f"Bench Member {i}"},
                headers={**admin, "Idempotency-Key": f"bench-member-{i}"},
                timeout=10,
            )
            created.raise_for_status()
            tokens.append(created.json()["member_token"])
        wait_until(lambda: kiosk.status()["api"]["reachable"], timeout_s=20, what="the API")
        for i, token in enumerate(tokens):
            photo = Path(tmp) / f"phone-{i}.png"
            phone_screen_frame(fetch_member_code(api.url, token)).save(photo)
            kiosk.wait_for_screen("idle")
            kiosk.action("/dev/show-image", path=str(photo))
            kiosk.wait_for_screen("member")
            kiosk.action("/dev/clear-camera")
            wait_until(partial(visits_timed, kiosk, i + 1), timeout_s=10, what="the visit timed")
            kiosk.action("/dev/press", button="done")
        times = kiosk.status()["timings"]["scan_to_screen_ms"]
    result = {
        "scans": len(times),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "max_ms": round(max(times), 1),
    }
    print(f"scan-to-screen over {result['scans']} scans (camera frame -> member screen drawn)")
    print(f"  p50 {result['p50_ms']} ms   p95 {result['p95_ms']} ms   max {result['max_ms']} ms")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
