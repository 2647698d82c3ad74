"""The one place that wires the kiosk together: config -> drivers, client, core, status, UI.

Start-up order matters: everything that can fail because of configuration or hardware is opened
before the window appears, so a broken camera or printer is a clear log line (and a health entry),
not a half-drawn screen. Shutdown runs in reverse and never raises.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from drivers.camera import Camera, SimulatedCamera, open_camera
from drivers.cardreader import SimulatedCardReader, open_card_reader
from drivers.decoder import open_decoder
from drivers.gpio import KioskGpio, open_gpio
from drivers.health import DriverHealth
from drivers.printer import Printer, SimulatedPrinter, open_printer
from kiosk import __version__
from kiosk.client import ApiError, PointsClient
from kiosk.client.api import new_idempotency_key
from kiosk.config import KioskConfig
from kiosk.controller import Controller, GpioInput
from kiosk.core.alerts import KioskEvent
from kiosk.core.events import (
    BackPressed,
    CheckInPressed,
    ConfirmPressed,
    DonePressed,
    Event,
    OddsPressed,
    PinDigit,
    PinSubmitted,
    PrinterChanged,
    RewardChosen,
    RewardsPressed,
    Scanned,
    SpinPressed,
    WheelPressed,
)
from kiosk.core.payloads import classify
from kiosk.core.session import Session, Timeouts
from kiosk.core.staff import HealthReport, StaffMode
from kiosk.core.staff import Timeouts as StaffTimeouts
from kiosk.journal import PrintJournal
from kiosk.printing.builder import JobBuilder
from kiosk.printing.service import PrintService
from kiosk.scanning import Scanner
from kiosk.staff_runner import StaffApiClient, StaffRunner, gather_health
from kiosk.staff_status import staff_press, staff_summary
from kiosk.status import ActionError, StatusServer
from kiosk.voucher_printing import VoucherPrinter, api_notifier

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
        self.ui_commands: queue.SimpleQueue[tuple[Callable[[], Any], Future[Any]]] = (
            queue.SimpleQueue()
        )
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
        self.print_service = PrintService(
            self.printer,
            self.journal,
            JobBuilder(config.printer.capabilities, config.printing),
        )
        self.print_service.notify = api_notifier(self.client, self.print_service)
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
            config.card_reader, lambda payload: self.controller.post(Scanned(payload))
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
        self.status = StatusServer(
            config.status.host, config.status.port, self.snapshot, self._actions()
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
        """Kiosk events (paper, door, help, gift stock) to the API, off the UI thread."""
        occurred_at = datetime.now(UTC).isoformat()
        bodies = [event.body(occurred_at) for event in events]

        def send() -> None:
            for body in bodies:
                try:
                    self.client.call(
                        "POST", "/v1/kiosk/events", json=body, idempotency_key=new_idempotency_key()
                    )
                except ApiError as exc:
                    # Logged, not queued: the paper watcher and the inputs report the state again
                    # on their next change, and the status endpoint always shows it.
                    log.warning("kiosk event %s not reported: %s", body["kind"], exc.code)

        self.workers.submit(send)

    def check_paper(self) -> None:
        self.workers.submit(self._check_paper_once)

    def set_led(self, status: str) -> None:
        self.gpio.set_status(status)  # type: ignore[arg-type]  # the controller's LED words

    def request_restart(self) -> None:
        """Staff asked for a restart: leave with a non-zero code; systemd starts us again."""
        log.warning("restart requested by staff")
        self.exit_code = 75  # EX_TEMPFAIL
        from kivy.app import App

        self.run_on_ui(lambda: App.get_running_app().stop(), wait=False)

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

    # --- dev actions (simulated hardware only) --------------------------------------------------

    def _actions(self) -> dict[str, Callable[[Mapping[str, Any]], Mapping[str, Any]]]:
        if not self.config.dev.enabled:
            return {}
        return {
            "/dev/show-image": lambda d: self.dev_show_image(Path(_text(d, "path"))),
            "/dev/show-code": lambda d: self.dev_show_code(
                _text(d, "text"), inverted=bool(d.get("inverted"))
            ),
            "/dev/scan-member": lambda d: self.dev_scan_member(_index(d)),
            "/dev/clear-camera": lambda _: self.dev_clear_camera(),
            "/dev/card": lambda d: self.dev_swipe_card(_text(d, "line")),
            "/dev/press": lambda d: self.dev_press(_text(d, "button"), d.get("code")),
            "/dev/printer": self.dev_printer_faults,
            "/dev/gpio": lambda d: self.dev_gpio(_text(d, "input"), bool(d.get("active"))),
            "/dev/staff": lambda d: self.dev_staff(_text(d, "press"), d),
            "/dev/screenshot": lambda d: self.dev_screenshot(Path(_text(d, "path"))),
            "/dev/quit": lambda _: self.dev_quit(),
        }

    def simulated_camera(self) -> SimulatedCamera:
        if not isinstance(self.camera, SimulatedCamera):
            raise ActionError("the camera is not simulated")
        return self.camera

    def dev_show_image(self, path: Path) -> Mapping[str, Any]:
        if not path.is_file():
            raise ActionError(f"no image file at {path}")
        self.simulated_camera().show(path)
        return {"shown": str(path)}

    def dev_show_code(self, text: str, *, inverted: bool = False) -> Mapping[str, Any]:
        from kiosk.devtools import phone_screen_frame

        self.simulated_camera().show(phone_screen_frame(text, inverted=inverted))
        return {"shown": "qr"}

    def dev_scan_member(self, index: int) -> Mapping[str, Any]:
        """Act as a demo member's phone: fetch the current code and hold it up to the camera."""
        from kiosk.devtools import fetch_member_code

        members = self.config.dev.members
        if not 0 <= index < len(members):
            raise ActionError(f"index must be 0..{len(members) - 1}")
        token = members[index].member_token
        if token is None:
            raise ActionError("that dev member has no member_token")
        code = fetch_member_code(self.config.api.base_url, token.get_secret_value())
        self.dev_show_code(code)
        return {"shown": "member code"}

    def dev_clear_camera(self) -> Mapping[str, Any]:
        self.simulated_camera().clear()
        return {"cleared": True}

    def dev_swipe_card(self, line: str) -> Mapping[str, Any]:
        """Swipe a card through the simulated reader, or (no reader configured) post what a
        reader would: the classified line."""
        if isinstance(self.card_reader, SimulatedCardReader):
            self.card_reader.swipe(line)
        else:
            self.controller.post(Scanned(classify(line)))
        return {"swiped": True}

    def dev_printer_faults(self, faults: Mapping[str, Any]) -> Mapping[str, Any]:
        """Paper out, offline, jams... on the simulated printer: ``{"paper_out": true}``."""
        if not isinstance(self.printer, SimulatedPrinter):
            raise ActionError("the printer is not simulated")
        try:
            self.printer.set_faults(**{str(k): bool(v) for k, v in faults.items()})
        except AttributeError as exc:
            raise ActionError(str(exc)) from exc
        return {"faults": dict(faults)}

    def dev_gpio(self, name: str, active: bool) -> Mapping[str, Any]:
        """Drive a simulated GPIO input (paper_low, door_open, staff_key, help)."""
        try:
            self.gpio.simulate_input(name, active)
        except (ValueError, KeyError, RuntimeError) as exc:
            raise ActionError(str(exc)) from exc
        return {"input": name, "active": active}

    def dev_staff(self, press: str, data: Mapping[str, Any]) -> Mapping[str, Any]:
        """Press a staff-mode button remotely (the keypad, tabs, paper replaced, ...)."""
        try:
            events = staff_press(press, data)
        except ValueError as exc:
            raise ActionError(str(exc)) from exc
        for event in events:
            self.controller.post(event)
        return {"pressed": press}

    def dev_press(self, button: str, code: object = None) -> Mapping[str, Any]:
        """Press an on-screen button remotely: posts the same event the button posts."""
        events: dict[str, Event] = {
            "done": DonePressed(),
            "back": BackPressed(),
            "check_in": CheckInPressed(),
            "rewards": RewardsPressed(),
            "confirm": ConfirmPressed(),
            "wheel": WheelPressed(),
            "spin": SpinPressed(),
            "odds": OddsPressed(),
        }
        if button == "choose":
            if not isinstance(code, str):
                raise ActionError("'choose' needs the reward's 'code'")
            self.controller.post(RewardChosen(code))
        elif button == "pin":
            # Types a whole PIN on the keypad, then OK: what a member's fingers do.
            if not isinstance(code, str) or not code.isdigit():
                raise ActionError("'pin' needs the digits as 'code'")
            for digit in code:
                self.controller.post(PinDigit(digit))
            self.controller.post(PinSubmitted())
        elif button in events:
            self.controller.post(events[button])
        else:
            raise ActionError(f"no button {button!r}; one of {sorted(events)}, 'choose' or 'pin'")
        return {"pressed": button}

    def dev_screenshot(self, path: Path) -> Mapping[str, Any]:
        from kiosk.ui.app import take_screenshot  # UI import only when a UI is running

        if path.suffix.lower() != ".png":
            raise ActionError("give 'path' ending in .png")
        # A few frame-clock ticks later the window shows the current state: capture then.
        written = self.run_on_ui(lambda: take_screenshot(path), delay_frames=2)
        return {"path": str(written)}

    def dev_quit(self) -> Mapping[str, Any]:
        from kivy.app import App

        self.run_on_ui(lambda: App.get_running_app().stop(), wait=False)
        return {"quitting": True}

    def run_on_ui(self, fn: Callable[[], Any], *, delay_frames: int = 0, wait: bool = True) -> Any:
        """Run ``fn`` on the UI thread (after ``delay_frames`` frames) and return its result."""
        future: Future[Any] = Future()

        def later(remaining: int) -> Any:
            if remaining <= 0:
                return fn()
            inner: Future[Any] = Future()
            self.ui_commands.put((lambda: later(remaining - 1), inner))
            return inner

        self.ui_commands.put((lambda: later(delay_frames), future))
        if not wait:
            return None
        result = future.result(timeout=10)
        while isinstance(result, Future):  # unwrap the frame-delay chain
            result = result.result(timeout=10)
        return result


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise ActionError(f"give '{key}' as a non-empty string")
    return value


def _index(data: Mapping[str, Any]) -> int:
    value = data.get("index", 0)
    if not isinstance(value, int) or isinstance(value, bool):
        raise ActionError("'index' must be a whole number")
    return value


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
