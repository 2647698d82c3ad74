"""The one place that wires the kiosk together: config -> drivers, client, core, status, UI.

Start-up order matters: everything that can fail because of configuration or hardware is opened
before the window appears, so a broken camera or printer is a clear log line (and a health entry),
not a half-drawn screen. Shutdown runs in reverse and never raises.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from datetime import UTC, datetime
from typing import Any

from drivers.camera import Camera, open_camera
from drivers.cardreader import open_card_reader
from drivers.decoder import open_decoder
from drivers.gpio import KioskGpio, open_gpio
from drivers.health import DriverHealth
from drivers.printer import Printer, open_printer
from kiosk import __version__
from kiosk.client import ApiError, PointsClient
from kiosk.client.staff import StaffApiClient
from kiosk.config import KioskConfig
from kiosk.core.alerts import KioskEvent
from kiosk.core.events import PrinterChanged, Scanned
from kiosk.core.payloads import classify
from kiosk.core.session import Session, Timeouts
from kiosk.core.staff import HealthReport, StaffMode
from kiosk.core.staff import Timeouts as StaffTimeouts
from kiosk.dev.controls import DevControls
from kiosk.printing.builder import JobBuilder
from kiosk.printing.journal import PrintJournal
from kiosk.printing.service import PrintService
from kiosk.printing.vouchers import VoucherPrinter, api_notifier
from kiosk.runtime.controller import Controller
from kiosk.runtime.health import gather_health
from kiosk.runtime.outbox import Outbox
from kiosk.runtime.ports import GpioInput, QueuedEvent
from kiosk.runtime.scanning import Scanner
from kiosk.runtime.staff_effects import StaffRunner
from kiosk.runtime.status import StatusServer
from kiosk.runtime.summaries import staff_summary
from kiosk.runtime.ui_bridge import UiBridge

log = logging.getLogger(__name__)

PAPER_CHECK_S = 5.0  # how often the printer is asked about its paper


class Kiosk:
    """Everything the kiosk runs, opened from a config and closed in reverse order."""

    def __init__(self, config: KioskConfig) -> None:
        self.config = config
        self.started_at = time.monotonic()
        self.state_dir = config.kiosk.state_dir
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self._closers: list[tuple[str, Callable[[], None]]] = []
        self._stop = threading.Event()
        self.ui_bridge = UiBridge()
        self.workers = ThreadPoolExecutor(max_workers=4, thread_name_prefix="kiosk-io")
        self._closers.append(("workers", lambda: self.workers.shutdown(wait=False)))

        self.client = PointsClient(
            config.api.base_url, config.api.read_token(), timeout_s=config.api.timeout_s
        )
        self._closers.append(("api client", self.client.close))
        self.store_names: dict[str, str] = {}

        self.camera: Camera = open_camera(config.camera)
        self.decoder = open_decoder(config.decoder)
        self.gpio: KioskGpio = open_gpio(config.gpio)
        self._closers.append(("gpio", self.gpio.close))
        self.printer: Printer = open_printer(
            config.printer,
            meter_path=self.state_dir / "paper-used.json",
            paper_low=self.gpio.paper_low_source,
        )
        self._closers.append(("printer", self.printer.close))
        # Every voucher is journaled (SQLite, WAL, synced) before a byte goes to the printer.
        self.journal = PrintJournal(self.state_dir / "print-journal.sqlite3")
        self._closers.append(("print journal", self.journal.close))
        self.outbox = Outbox(self.state_dir / "outbox.sqlite3")
        self._closers.append(("outbox", self.outbox.close))
        self.print_service = PrintService(
            self.printer,
            self.journal,
            JobBuilder(config.printer.capabilities, config.printing),
        )
        self.print_service.notify = api_notifier(self.client.voucher_printed, self.print_service)
        self.voucher_printer = VoucherPrinter(
            self.print_service,
            config.kiosk.id,
            after_print=self._notify_printed_soon,
        )

        session = Session(
            default_language=config.kiosk.language,
            timeouts=Timeouts(
                inactivity=config.session.inactivity_timeout_s,
                error=config.session.error_display_s,
                request=config.session.identify_timeout_s,
            ),
        )
        self.scanner = Scanner(
            self.camera,
            self.decoder,
            lambda payload: self.controller.post(
                Scanned(payload, seen_at=self.scanner.frame_delivered_at)
            ),
            debounce_s=config.scanning.debounce_s,
            fps=config.camera.fps,
        )
        self.card_reader = open_card_reader(
            config.card_reader, lambda line: self.controller.post(Scanned(classify(line)))
        )
        self.staff = StaffMode(
            StaffTimeouts(inactivity=config.staff.inactivity_s, login=config.staff.login_timeout_s)
        )
        self.staff_runner = StaffRunner(
            post=lambda event: self.controller.post(event),  # noqa: PLW0108 - made below
            submit=self.workers.submit,
            api=StaffApiClient(self.client.call),
            print_service=self.print_service,
            roll_length_mm=config.printer.roll_length_mm,
            health=self._health_report,
            restart=self.request_restart,
            kiosk_id=config.kiosk.id,
            outbox=self.outbox,
        )
        self.controller = Controller(
            session,
            self.client,
            self.workers,
            scanner=self.scanner,
            feedback=self.gpio,
            printer=self.voucher_printer,
            staff=self.staff,
            staff_effects=self.staff_runner,
            ports=self,
        )
        # GPIO edges arrive on gpiozero's thread: they only post an event.
        self.gpio.set_input_handler(
            lambda name, active: self.controller.post(GpioInput(name, active))
        )
        self.exit_code = 0
        self.dev = (
            DevControls(self, members=config.dev.members, api_base_url=config.api.base_url)
            if config.dev.enabled
            else None
        )
        self.status = StatusServer(
            config.status.host,
            config.status.port,
            self.snapshot,
            self.dev.actions() if self.dev is not None else {},
            self.dev.queries() if self.dev is not None else {},
        )

    # --- lifecycle ------------------------------------------------------------------------------

    def start(self) -> None:
        self.camera.start()
        self._closers.append(("camera", self.camera.stop))
        self.scanner.start()
        self._closers.append(("scanner", self.scanner.stop))
        self.card_reader.start()
        self._closers.append(("card reader", self.card_reader.stop))
        # Levels at start-up are no edge: say them once (a door already open, a key turned).
        for name, active in self.gpio.input_states().items():
            if active:
                self.controller.post(GpioInput(name, active))
        self.status.start()
        self._closers.append(("status server", self.status.stop))
        for name, loop in (("api-probe", self._probe_loop), ("paper-watch", self._paper_loop)):
            threading.Thread(target=loop, name=name, daemon=True).start()
        log.info(
            "kiosk %s started (app %s, config %s), status on %s:%d",
            self.config.kiosk.id,
            __version__,
            self.config.config_version,
            self.config.status.host,
            self.status.port,
        )

    def close(self) -> None:
        self._stop.set()
        for name, close in reversed(self._closers):
            try:
                close()
            except Exception:
                log.exception("closing %s failed", name)
        self._closers.clear()

    def _probe_loop(self) -> None:
        """Keep the API's reachability fresh for the idle screen and the status endpoint."""
        while not self._stop.is_set():
            self.controller.probe_api()
            if not self.store_names and self.controller.api.reachable:
                with suppress(ApiError, KeyError, TypeError, AttributeError):
                    names = self.client.me()["store"]["name"]
                    self.store_names.update({str(k): str(v) for k, v in names.items()})
            self._stop.wait(self.config.api.probe_interval_s)

    def _notify_printed_soon(self) -> None:
        self.workers.submit(self.print_service.notify_pending)

    def _paper_loop(self) -> None:
        """Finish jobs a power cut interrupted, then keep the session told about the paper."""
        try:
            self.print_service.resume()
        except Exception:
            log.exception("resuming interrupted print jobs failed")
        while not self._stop.is_set():
            self._check_paper_once()
            if self.controller.api.reachable:
                self.print_service.notify_pending()
                self._flush_outbox()
            self._stop.wait(PAPER_CHECK_S)

    def _check_paper_once(self) -> None:
        try:
            state = self.print_service.paper_state()  # blocking printer I/O: not on the UI
        except Exception:
            log.exception("paper check failed")
            self.controller.post(PrinterChanged(False, "printer_not_responding"))
        else:
            self.controller.post(PrinterChanged(state.can_print, state.reason))

    # --- ports the controller uses ---------------------------------------------------------------

    def report(self, events: list[KioskEvent]) -> None:
        """Kiosk events (paper, door, help, gift stock) for the API: queued durably at once,
        sent off the UI thread, kept until the API has them."""
        occurred_at = datetime.now(UTC).isoformat()
        for event in events:
            self.outbox.put("POST", "/v1/kiosk/events", event.body(occurred_at))
        self.workers.submit(self._flush_outbox)

    def _flush_outbox(self) -> None:
        try:
            self.outbox.flush(self.client.call)
        except Exception:
            log.exception("sending queued kiosk events failed")

    def check_paper(self) -> None:
        self.workers.submit(self._check_paper_once)

    def set_led(self, status: str) -> None:
        self.gpio.set_status(status)  # type: ignore[arg-type]  # the controller's LED words

    def request_restart(self) -> None:
        """Staff asked for a restart: leave with a non-zero code; systemd starts us again."""
        log.warning("restart requested by staff")
        self.exit_code = 75  # EX_TEMPFAIL
        self.ui_bridge.stop()

    def post(self, event: QueuedEvent) -> None:
        """Queue an event for the controller (any thread)."""
        self.controller.post(event)

    def _health_report(self) -> HealthReport:
        api = self.controller.api
        return gather_health(
            api_reachable=api.reachable,
            api_latency_ms=api.latency_ms,
            drivers={
                "camera": self.camera.health(),
                "scanner": self.scanner.health(),
                "card_reader": self.card_reader.health(),
                "printer": self.printer.health(),
                "gpio": self.gpio.health(),
            },
            config_version=self.config.config_version,
            app_version=__version__,
            started_monotonic=self.started_at,
            state_dir=self.state_dir,
        )

    # --- status ---------------------------------------------------------------------------------

    def snapshot(self) -> Mapping[str, Any]:
        api = self.controller.api
        now = time.monotonic()
        return {
            "kiosk_id": self.config.kiosk.id,
            "app_version": __version__,
            "config_version": self.config.config_version,
            "uptime_s": round(now - self.started_at, 1),
            **self.controller.screen_summary(),
            "staff": staff_summary(self.staff.state),
            "timings": self.controller.timings(),
            "api": {
                "reachable": api.reachable,
                "latency_ms": None if api.latency_ms is None else round(api.latency_ms, 1),
                "checked_s_ago": None if api.checked_at is None else round(now - api.checked_at, 1),
                "error": api.error,
            },
            "paper": _paper_of(self.printer),
            "print_queue": self.journal.counts(),
            "outbox": self.outbox.count(),
            "outbox_refused": self.outbox.refused_count(),
            "drivers": {
                name: _health_of(device)
                for name, device in (
                    ("camera", self.camera),
                    ("scanner", self.scanner),
                    ("card_reader", self.card_reader),
                    ("printer", self.printer),
                    ("gpio", self.gpio),
                )
            },
        }


def _paper_of(printer: Printer) -> dict[str, Any] | None:
    state = printer.last_paper_state()  # no I/O: the paper watcher asked the printer already
    if state is None:
        return None
    return {"can_print": state.can_print, "reason": state.reason, "level": str(state.level)}


def _health_of(device: object) -> dict[str, Any]:
    health = getattr(device, "health", None)
    if health is None:
        return {"ok": None, "state": "absent", "detail": ""}
    try:
        result = health()
    except Exception as exc:
        log.exception("health check failed")
        return {"ok": False, "state": "error", "detail": type(exc).__name__}
    if isinstance(result, DriverHealth):
        return result.as_dict()
    return dict(result)
