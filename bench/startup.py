"""Kiosk cold start to the idle screen, and its memory, against a bare Kivy "hello" app.

``python -m bench.startup [--runs 5]``: starts the points API once (demo data), then alternates
kiosk and hello-app starts, offscreen, timing each from process spawn to its first drawn frame
and reading its resident memory (VmRSS) then and two seconds later. Prints a table of medians,
the kiosk/hello ratios, and one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from kiosk.dev.demo import free_port, kiosk_config, start_api
from kiosk.ui import FIRST_FRAME_MESSAGE

SETTLE_S = 2.0


@dataclass
class Sample:
    start_s: float
    rss_first_mib: float
    rss_settled_mib: float


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def measure(command: list[str], env: dict[str, str], timeout_s: float = 60) -> Sample:
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, text=True
    )
    seen = threading.Event()

    def watch() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            if FIRST_FRAME_MESSAGE in line:
                seen.set()
        # keep draining until the process exits so it never blocks on a full pipe

    threading.Thread(target=watch, daemon=True).start()
    try:
        if not seen.wait(timeout_s):
            raise RuntimeError(f"no first frame from {command}")
        elapsed = time.perf_counter() - started
        first = rss_mib(process.pid)
        time.sleep(SETTLE_S)
        settled = rss_mib(process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return Sample(elapsed, first, settled)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.startup", description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    env = dict(os.environ, SDL_VIDEODRIVER="offscreen", KIVY_NO_ARGS="1", PYTHONUNBUFFERED="1")
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    with tempfile.TemporaryDirectory() as tmp:
        state = Path(tmp)
        env["KIVY_HOME"] = str(state / "kivy-hello")
        api = start_api(state, log_to=state / "api.log")
        try:
            config = state / "kiosk.toml"
            config.write_text(kiosk_config(state, api, free_port()), encoding="utf-8")
            kiosk_cmd = [sys.executable, "-m", "kiosk", "--config", str(config)]
            hello_cmd = [sys.executable, "-m", "bench.hello_kivy"]
            results: dict[str, list[Sample]] = {"kiosk": [], "hello": []}
            for _ in range(args.runs):  # alternate, so drift in machine load hits both alike
                results["kiosk"].append(measure(kiosk_cmd, env))
                results["hello"].append(measure(hello_cmd, env))
        finally:
            api.stop()

    def med(name: str, field: str) -> float:
        return float(statistics.median(float(getattr(s, field)) for s in results[name]))

    rows = [
        ("cold start to first frame (s)", "start_s"),
        ("RSS at first frame (MiB)", "rss_first_mib"),
        (f"RSS {SETTLE_S:.0f} s later (MiB)", "rss_settled_mib"),
    ]
    print(f"median of {args.runs} runs each, offscreen, same machine, alternating")
    print(f"{'':32} {'kiosk':>8} {'hello':>8} {'ratio':>7}")
    summary: dict[str, float] = {"runs": args.runs}
    for label, field in rows:
        k, h = med("kiosk", field), med("hello", field)
        print(f"{label:32} {k:8.2f} {h:8.2f} {k / h:7.2f}")
        summary[f"kiosk_{field}"] = round(k, 3)
        summary[f"hello_{field}"] = round(h, 3)
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
