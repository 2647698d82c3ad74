"""Logging to stderr in a form journald keeps well.

Under systemd (``JOURNAL_STREAM`` set) each line starts with a syslog priority prefix such as
``<4>`` and has no timestamp (journald adds its own); elsewhere lines carry a timestamp.
Personal data never goes into a log message: log codes and counts, not names, numbers or tokens.
"""

from __future__ import annotations

import logging
import os
import sys

_PRIORITY = {
    logging.DEBUG: 7,
    logging.INFO: 6,
    logging.WARNING: 4,
    logging.ERROR: 3,
    logging.CRITICAL: 2,
}


class _JournalFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        prefix = f"<{_PRIORITY.get(record.levelno, 6)}>"
        return "\n".join(prefix + line for line in super().format(record).splitlines())


def setup_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    if os.environ.get("JOURNAL_STREAM"):
        handler.setFormatter(_JournalFormatter("%(name)s: %(message)s"))
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Third-party chatter at INFO says nothing an operator needs.
    for noisy in ("httpx", "httpcore", "kivy", "PIL", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
