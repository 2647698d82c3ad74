"""Points API throughput and latency next to a bare Starlette endpoint, in one run.

For each database (SQLite file, and PostgreSQL when reachable) this starts ``pointsapi serve``
with 2 worker processes on loopback, loads the demo data plus one member per client, and drives
it with N concurrent clients (asyncio + httpx, one connection each) for a fixed time:

- ``summary``: ``GET /v1/kiosk/members/{id}/summary`` (auth, session check, balance, tier, expiry);
- ``redeem``: ``POST /v1/kiosk/redeem`` of a 1-point voucher, each client for its own member
  (idempotency record, member lock, ledger entry, lot draw, signed voucher).

The same clients then hit a bare Starlette JSON endpoint (GET and POST) served by uvicorn with
2 workers; the ratio API / bare is the figure to quote (this machine is shared and noisy).
Prints a table and, last, one JSON line. Run: ``python -m bench.api`` (``make bench-api``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
READY = re.compile(r"listening on (http://\S+)")


@dataclass
class Result:
    backend: str
    scenario: str
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    def pct(self, q: float) -> float:
        data = sorted(self.latencies_ms)
        if not data:
            return float("nan")
        return data[min(len(data) - 1, int(q * len(data)))]


@contextmanager
def _process(cmd: list[str], ready: Callable[[str], str | None]) -> Iterator[str]:
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert proc.stdout is not None
        deadline = time.monotonic() + 60
        url = None
        while url is None:
            line = proc.stdout.readline()
            if not line or time.monotonic() > deadline:
                raise RuntimeError(f"{cmd[2:4]} did not start")
            url = ready(line)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_http(url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer")


async def _drive(
    clients: int,
    seconds: float,
    make_request: Callable[[int, int], tuple[str, str, dict[str, str], Any]],
    base_url: str,
) -> tuple[int, int, float, list[float]]:
    latencies: list[float] = []
    counts = [0, 0]
    stop_at = time.perf_counter() + seconds

    async def worker(n: int) -> None:
        limits = httpx.Limits(max_connections=1)
        async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=60) as client:
            i = 0
            while time.perf_counter() < stop_at:
                method, path, headers, body = make_request(n, i)
                t0 = time.perf_counter()
                resp = await client.request(method, path, headers=headers, json=body)
                latencies.append((time.perf_counter() - t0) * 1000)
                counts[0 if resp.status_code < 400 else 1] += 1
                i += 1

    start = time.perf_counter()
    await asyncio.gather(*(worker(n) for n in range(clients)))
    return counts[0], counts[1], time.perf_counter() - start, latencies


def _run(
    name: str,
    scenario: str,
    clients: int,
    seconds: float,
    base_url: str,
    make_request: Callable[[int, int], tuple[str, str, dict[str, str], Any]],
) -> Result:
    ok, errors, elapsed, lat = asyncio.run(_drive(clients, seconds, make_request, base_url))
    return Result(name, scenario, ok, errors, elapsed, lat)


def _setup_members(base_url: str, demo: dict[str, Any], clients: int) -> list[dict[str, Any]]:
    """One member per client with plenty of points and a spending session; one bench item."""
    admin = {"Authorization": f"Bearer {demo['admin_token']}"}
    kiosk = {"Authorization": f"Bearer {demo['kiosk_token']}"}
    store = demo["store_id"]
    with httpx.Client(base_url=base_url, timeout=60) as http:

        def post(path: str, body: Any, headers: dict[str, str]) -> dict[str, Any]:
            resp = http.post(
                path, json=body, headers=headers | {"Idempotency-Key": uuid.uuid4().hex}
            )
            resp.raise_for_status()
            out: dict[str, Any] = resp.json()
            return out

        post(
            "/v1/admin/catalogue",
            {
                "code": "bench-pen",
                "kind": "voucher",
                "name_en": "Pen",
                "name_zh": "笔",
                "points_cost": 1,
                "value_minor": 1,
            },
            admin,
        )
        till_token = post(f"/v1/admin/stores/{store}/tills", {"name": "bench"}, admin)["token"]
        till = {"Authorization": f"Bearer {till_token}"}
        members = []
        for n in range(clients):
            card = f"{9_000_000_000 + n:010d}"
            new = post(
                "/v1/admin/members",
                {"full_name": f"Bench {n}", "store_id": store, "card_number": card},
                admin,
            )
            post(
                "/v1/till/purchases",
                {
                    "receipt_no": f"B-{n}",
                    "amount_minor": 10_000_000,
                    "payment_method": "cash",
                    "member": card,
                },
                till,
            )
            code = http.get(
                "/v1/member/code", headers={"Authorization": f"Bearer {new['member_token']}"}
            ).json()
            session = post("/v1/kiosk/identify", {"payload": code["payload"]}, kiosk)
            members.append(
                {
                    "member_id": new["member_id"],
                    "headers": kiosk | {"X-Member-Session": session["session"]["token"]},
                }
            )
    return members


def _bench_api(name: str, db_url: str, clients: int, seconds: float) -> list[Result]:
    demo = json.loads(
        subprocess.run(
            [sys.executable, "-m", "pointsapi.cli", "demo-data", "--db", db_url],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    cmd = [
        sys.executable,
        "-m",
        "pointsapi.cli",
        "serve",
        "--db",
        db_url,
        "--port",
        "0",
        "--workers",
        "2",
    ]

    def ready(line: str) -> str | None:
        m = READY.search(line)
        return m.group(1) if m else None

    with _process(cmd, ready) as base_url:
        _wait_http(f"{base_url}/healthz")
        members = _setup_members(base_url, demo, clients)

        def summary(n: int, _i: int) -> tuple[str, str, dict[str, str], Any]:
            m = members[n]
            return "GET", f"/v1/kiosk/members/{m['member_id']}/summary", m["headers"], None

        def redeem(n: int, _i: int) -> tuple[str, str, dict[str, str], Any]:
            m = members[n]
            headers = m["headers"] | {"Idempotency-Key": uuid.uuid4().hex}
            return "POST", "/v1/kiosk/redeem", headers, {"item_code": "bench-pen"}

        return [
            _run(name, "summary", clients, seconds, base_url, summary),
            _run(name, "redeem", clients, seconds, base_url, redeem),
        ]


def _bench_bare(clients: int, seconds: float) -> list[Result]:
    port = _free_port()
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        "bench.api_baseline:app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "2",
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    base_url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_http(f"{base_url}/json")

        def get(_n: int, _i: int) -> tuple[str, str, dict[str, str], Any]:
            return "GET", "/json", {}, None

        def post(_n: int, _i: int) -> tuple[str, str, dict[str, str], Any]:
            return "POST", "/json", {}, {"item_code": "bench-pen"}

        return [
            _run("bare", "GET json", clients, seconds, base_url, get),
            _run("bare", "POST json", clients, seconds, base_url, post),
        ]
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@contextmanager
def _pg_database(url: str) -> Iterator[str | None]:
    try:
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        print(f"PostgreSQL not reachable ({type(exc).__name__}); skipping it", file=sys.stderr)
        yield None
        return
    name = f"pointsapi_bench_{uuid.uuid4().hex[:8]}"
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument(
        "--pg",
        default=os.environ.get("POINTSAPI_BENCH_PG_URL", PG_DEFAULT),
        help="PostgreSQL URL (a scratch database is created next to it)",
    )
    args = parser.parse_args(argv)

    results = _bench_bare(args.clients, args.seconds)
    with tempfile.TemporaryDirectory() as tmp:
        results += _bench_api(
            "sqlite", f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", args.clients, args.seconds
        )
    with _pg_database(args.pg) as pg_url:
        if pg_url is not None:
            results += _bench_api("postgresql", pg_url, args.clients, args.seconds)

    bare = {r.scenario: r.rate for r in results if r.backend == "bare"}
    print(f"{args.clients} concurrent clients, {args.seconds:g} s each, 2 uvicorn workers")
    print(
        f"{'server':<11} {'scenario':<10} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'errors':>6} {'vs bare':>8}"
    )
    rows = []
    for r in results:
        baseline = bare["POST json" if r.scenario == "redeem" else "GET json"]
        ratio = r.rate / baseline
        print(
            f"{r.backend:<11} {r.scenario:<10} {r.rate:>8.0f} {r.pct(0.5):>8.1f} "
            f"{r.pct(0.99):>8.1f} {r.errors:>6} {ratio:>8.2f}"
        )
        rows.append(
            {
                "server": r.backend,
                "scenario": r.scenario,
                "rps": round(r.rate, 1),
                "p50_ms": round(r.pct(0.5), 2),
                "p99_ms": round(r.pct(0.99), 2),
                "errors": r.errors,
                "ratio_vs_bare": round(ratio, 3),
                "median_ms": round(statistics.median(r.latencies_ms), 2),
            }
        )
    print(
        json.dumps(
            {"bench": "api", "clients": args.clients, "seconds": args.seconds, "results": rows}
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
