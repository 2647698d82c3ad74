"""A small JSON endpoint on loopback: ``GET /status`` for health checks, tests and staff tools.

Optional POST actions (the dev panel's remote control, used by the demo walkthrough and the
end-to-end tests) are registered by the app only when simulated hardware is configured.
Runs on its own threads (stdlib ``ThreadingHTTPServer``): it must answer even when the UI is busy.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Mapping
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

log = logging.getLogger(__name__)

Snapshot = Callable[[], Mapping[str, Any]]
Action = Callable[[Mapping[str, Any]], Mapping[str, Any]]

MAX_BODY = 64 * 1024


class ActionError(Exception):
    """An action refused its input; the message goes back to the caller as a 400."""


class StatusServer:
    def __init__(
        self,
        host: str,
        port: int,
        snapshot: Snapshot,
        actions: Mapping[str, Action] | None = None,
        queries: Mapping[str, Snapshot] | None = None,
    ) -> None:
        handler = _handler_class(snapshot, dict(actions or {}), dict(queries or {}))
        self._httpd = ThreadingHTTPServer((host, port), handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, name="status-http", daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


def _handler_class(
    snapshot: Snapshot, actions: dict[str, Action], queries: dict[str, Snapshot]
) -> type[BaseHTTPRequestHandler]:
    gets = {**queries, "/status": snapshot}

    class Handler(BaseHTTPRequestHandler):
        server_version = "kiosk-status"

        def do_GET(self) -> None:
            query = gets.get(self.path.split("?")[0])
            if query is None:
                self._reply(HTTPStatus.NOT_FOUND, {"error": "not_found"})
                return
            try:
                body = dict(query())
            except ActionError as exc:
                self._reply(HTTPStatus.CONFLICT, {"error": "unavailable", "detail": str(exc)})
                return
            except Exception:
                log.exception("status query %s failed", self.path)
                self._reply(HTTPStatus.INTERNAL_SERVER_ERROR, {"error": "snapshot_failed"})
                return
            self._reply(HTTPStatus.OK, body)

        def do_POST(self) -> None:
            action = actions.get(self.path.split("?")[0])
            if action is None:
                self._reply(HTTPStatus.NOT_FOUND, {"error": "not_found"})
                return
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                self._reply(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, {"error": "too_large"})
                return
            try:
                data = json.loads(self.rfile.read(length) or b"{}")
                if not isinstance(data, dict):
                    raise ActionError("body must be a JSON object")
                result = dict(action(data))
            except (ValueError, ActionError) as exc:
                self._reply(HTTPStatus.BAD_REQUEST, {"error": "bad_request", "detail": str(exc)})
                return
            except Exception:
                log.exception("status action %s failed", self.path)
                self._reply(HTTPStatus.INTERNAL_SERVER_ERROR, {"error": "action_failed"})
                return
            self._reply(HTTPStatus.OK, result)

        def _reply(self, status: HTTPStatus, body: Mapping[str, Any]) -> None:
            data = json.dumps(body, ensure_ascii=False, default=str).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            log.debug("status %s", format % args)

    return Handler
