"""The ``pointsapi`` command: migrate, serve, demo-data, expire, reconcile."""

from __future__ import annotations

import argparse
import json
import logging
import os
import socket
import sys
from collections.abc import Sequence
from typing import TextIO

import uvicorn
from sqlalchemy.exc import ArgumentError, InterfaceError, OperationalError
from uvicorn.supervisors import Multiprocess

from pointsapi import __version__, jobs
from pointsapi.app import create_app
from pointsapi.core import migrate
from pointsapi.core.clock import SystemClock
from pointsapi.core.db import Database
from pointsapi.core.settings import DEFAULT_DATABASE_URL, ENV_DATABASE_URL, Settings
from pointsapi.demo.loader import load_demo

log = logging.getLogger("pointsapi.cli")


def _say(line: str, stream: TextIO | None = None) -> None:
    """The CLI's output channel (stdout is machine-readable where documented). The stream is
    looked up at call time, so a redirected ``sys.stdout`` is honoured."""
    out = sys.stdout if stream is None else stream
    out.write(line + "\n")
    out.flush()


def _db_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        default=os.environ.get(ENV_DATABASE_URL, DEFAULT_DATABASE_URL),
        help=f"SQLAlchemy database URL (default: ${ENV_DATABASE_URL} or {DEFAULT_DATABASE_URL}), "
        "e.g. postgresql+psycopg://user@host/db",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pointsapi", description="Central points API.")
    parser.add_argument("--version", action="version", version=f"pointsapi {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("migrate", help="create or upgrade the database schema")
    _db_arg(p)

    p = sub.add_parser(
        "serve",
        help="run the HTTP API (applies pending migrations first)",
        description="Applies pending migrations to --db, then serves the API with uvicorn. "
        "Prints 'pointsapi listening on http://HOST:PORT' once the socket is listening "
        "(--port 0 picks a free port).",
    )
    _db_arg(p)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    p.add_argument("--log-level", default="warning", help="uvicorn log level (default warning)")

    p = sub.add_parser(
        "demo-data",
        help="load a demo store, tiers, members, kiosk and admin; print one JSON object",
        description="Loads the demo data and prints one JSON object with ids and tokens. "
        "Running it again on the same database reuses everything (no duplicates) and prints "
        "freshly issued tokens: the previous kiosk and admin tokens stop working.",
    )
    _db_arg(p)

    p = sub.add_parser(
        "expire",
        help="expire lots and vouchers past their date, apply due tier reviews (safe to re-run)",
        description="Writes an expiry ledger entry for what remains in every lot past its expiry, "
        "expires open vouchers past their date and applies due tier reviews. Prints one JSON "
        "object with counts. Running it twice changes nothing the second time.",
    )
    _db_arg(p)

    p = sub.add_parser(
        "reconcile",
        help="recompute balances from lots and ledger; exit 1 on any difference",
        description="Checks that every member's ledger sum equals the points remaining in their "
        "lots, that every lot's remaining amount equals its size plus its movements, and that "
        "vouchers match their ledger entries. Prints one JSON object; exit status 1 if any "
        "difference is found.",
    )
    _db_arg(p)

    p = sub.add_parser(
        "audit-draws",
        help="recompute every wheel draw of a revealed store-day; exit 1 on any mismatch",
        description="Checks the day's seed against its published hash and recomputes every "
        "draw (HMAC number, segment from the recorded weights, nonce sequence). Prints one JSON "
        "object; exit status 1 on any mismatch, 2 if the day cannot be audited (unknown store "
        "or day, or the day has not ended so its seed is not revealed).",
    )
    _db_arg(p)
    p.add_argument("--store", required=True, help="store id (s_...) or code (e.g. demo)")
    p.add_argument("--day", required=True, help="the store-local day, YYYY-MM-DD")

    p = sub.add_parser(
        "lottery-seeds",
        help="make (and so publish the hashes of) today's and tomorrow's wheel seeds",
        description="For every store with a wheel, makes the secret seeds of today and tomorrow "
        "that do not exist yet, so each day's seed hash is published before the day starts even "
        "when no kiosk fetched the wheel the day before. Safe to run often (a systemd timer runs "
        "it hourly). Prints one JSON object.",
    )
    _db_arg(p)
    return parser


def _bound_port(sock: socket.socket) -> int:
    port = sock.getsockname()[1]
    assert isinstance(port, int)
    return port


class _AnnouncingServer(uvicorn.Server):
    """Prints the ready line once uvicorn is accepting connections."""

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started:
            port = _bound_port(self.servers[0].sockets[0]) if self.servers else self.config.port
            _say(f"pointsapi listening on http://{self.config.host}:{port}")


def _serve(args: argparse.Namespace) -> int:
    if args.workers < 1:
        _say("pointsapi: --workers must be at least 1", sys.stderr)
        return 2
    migrate.upgrade(args.db)
    if args.workers == 1:
        config = uvicorn.Config(
            create_app(Settings(database_url=args.db)),
            host=args.host,
            port=args.port,
            log_level=args.log_level,
        )
        server = _AnnouncingServer(config)
        server.run()
        return 0 if server.started else 1
    # Worker processes build their own app from the environment.
    os.environ[ENV_DATABASE_URL] = args.db
    config = uvicorn.Config(
        "pointsapi.app:app_from_env",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level=args.log_level,
    )
    sock = config.bind_socket()
    _say(f"pointsapi listening on http://{args.host}:{_bound_port(sock)}")
    Multiprocess(config, sockets=[sock]).run()
    return 0


def _audit_draws(args: argparse.Namespace) -> int:
    from datetime import date

    from pointsapi.lottery.audit import AuditRefused, audit_day

    try:
        day = date.fromisoformat(args.day)
    except ValueError:
        _say(f"pointsapi: --day must be YYYY-MM-DD, got {args.day!r}", sys.stderr)
        return 2
    db = Database(args.db)
    try:
        with db.read() as session:
            report = audit_day(session, args.store, day, SystemClock().now())
    except AuditRefused as exc:
        _say(f"pointsapi: {exc}", sys.stderr)
        return 2
    finally:
        db.dispose()
    _say(json.dumps(report.as_dict()))
    return 1 if report.mismatches else 0


def _lottery_seeds(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from pointsapi.lottery.models import Wheel
    from pointsapi.lottery.state import ensure_days
    from pointsapi.stores.models import Store

    now = SystemClock().now()
    db = Database(args.db)
    made: dict[str, int] = {}
    try:
        with db.write() as session:
            stores = session.scalars(select(Store).where(Store.id.in_(select(Wheel.store_id))))
            for store in stores:
                made[store.id] = ensure_days(session, store, now)
    finally:
        db.dispose()
    _say(json.dumps({"stores": len(made), "seeds_made": made}))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return _dispatch(args)
    except ArgumentError as exc:
        _say(f"pointsapi: --db is not a usable database URL ({exc})", sys.stderr)
        return 2
    except (OperationalError, InterfaceError) as exc:
        # A one-line reason, not a traceback: e.g. the server is down or the file is unwritable.
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        _say(f"pointsapi: cannot use the database: {reason}", sys.stderr)
        return 1


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "migrate":
        migrate.upgrade(args.db)
        _say(f"pointsapi: schema at revision {migrate.current_head()}")
        return 0
    if args.command == "serve":
        return _serve(args)
    if args.command == "demo-data":
        migrate.upgrade(args.db)
        db = Database(args.db)
        try:
            out = load_demo(db, SystemClock().now())
        finally:
            db.dispose()
        _say(json.dumps(out, ensure_ascii=False))
        return 0
    if args.command == "audit-draws":
        return _audit_draws(args)
    if args.command == "lottery-seeds":
        return _lottery_seeds(args)
    if args.command in ("expire", "reconcile"):
        db = Database(args.db)
        try:
            if args.command == "expire":
                _say(json.dumps(jobs.expire(db, SystemClock().now()).as_dict()))
                return 0
            result = jobs.reconcile(db)
        finally:
            db.dispose()
        _say(
            json.dumps(
                {
                    "members_checked": result.members_checked,
                    "lots_checked": result.lots_checked,
                    "problems": result.problems,
                }
            )
        )
        return 1 if result.problems else 0
    raise AssertionError(args.command)


if __name__ == "__main__":
    sys.exit(main())
