"""``kiosk`` command line: run the kiosk, check a config file, preview printouts."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk import __version__
from kiosk.runtime.logs import setup_logging

if TYPE_CHECKING:
    from kiosk.config import KioskConfig

log = logging.getLogger("kiosk")

DEFAULT_CONFIG = Path("/etc/points-kiosk/kiosk.toml")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description="Member points kiosk")
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    parser.add_argument(
        "--config",
        type=Path,
        default=Path(os.environ.get("KIOSK_CONFIG", DEFAULT_CONFIG)),
        help="kiosk TOML config (default: $KIOSK_CONFIG or %(default)s)",
    )
    parser.add_argument("--log-level", default=os.environ.get("KIOSK_LOG_LEVEL", "INFO"))
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", help="run the kiosk (the default)")
    check = commands.add_parser("check-config", help="validate a config file and exit")
    check.add_argument("file", type=Path)
    preview = commands.add_parser(
        "print-preview", help="write a sample printout's ESC/POS bytes and PNG preview"
    )
    from kiosk import print_preview

    print_preview.add_arguments(preview)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    setup_logging(args.log_level)
    from kiosk.config import ConfigError, load_config

    if args.command == "check-config":
        try:
            config = load_config(args.file)
        except ConfigError as exc:
            print(exc, file=sys.stderr)
            return 2
        print(f"{args.file}: OK (config_version {config.config_version}, kiosk {config.kiosk.id})")
        return 0
    if args.command == "print-preview":
        from kiosk import print_preview

        return print_preview.run(args)

    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    return run_kiosk(config)


def run_kiosk(config: KioskConfig) -> int:
    from kiosk.printing.escpos_cache import use_cache

    use_cache(config.kiosk.state_dir / "cache")  # before anything imports escpos
    from kiosk.app import Kiosk
    from kiosk.ui.run import run_ui

    try:
        kiosk = Kiosk(config)
    except Exception as exc:
        # Hardware or settings the config names but the machine lacks: say which, don't trace.
        log.error("kiosk could not start: %s", exc)
        return 3
    try:
        kiosk.start()
        run_ui(kiosk)
    finally:
        kiosk.close()
    return kiosk.exit_code  # non-zero after a restart asked for by staff: systemd restarts us


if __name__ == "__main__":
    sys.exit(main())
