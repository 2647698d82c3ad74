"""The ``log`` sender: each message becomes one JSON line in a file (development and the demo).

The file stands in for the phone network, so it holds the full number and the code; it is the
outbox a developer reads, not a log (the API's logs never carry numbers or codes).
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from pointsapi.core.clock import Clock
from pointsapi.sms.port import OneTimeCode, SmsError


class LogSender:
    def __init__(self, path: Path, clock: Clock) -> None:
        self.path = path
        self._clock = clock
        self._lock = threading.Lock()

    def send_code(self, phone: str, message: OneTimeCode) -> None:
        line = json.dumps(
            {
                "at": self._clock.now().isoformat(),
                "to": phone,
                "code": message.code,
                "text": message.text,
            },
            ensure_ascii=False,
        )
        try:
            with self._lock, self.path.open("a", encoding="utf-8") as out:
                out.write(line + "\n")
        except OSError as exc:
            raise SmsError(f"cannot write the SMS log: {exc.strerror}") from exc


def read_messages(path: Path) -> list[dict[str, str]]:
    """Every message written so far (tests and the demo read codes back from here)."""
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]
