"""``make demo``: the points API and the kiosk, both real, on this machine.

Starts ``pointsapi serve`` on a free loopback port with a fresh SQLite database full of demo
data, writes a kiosk config with simulated hardware pointed at it, and starts the kiosk.

* With a display: a kiosk window opens; the dev panel at the bottom plays the member's phone
  ("Scan Mei" holds up a demo member's current rotating code), card swipes and unknown codes.
* Without one: a scripted walkthrough runs offscreen (idle, scan, member screen, ...), saving a
  screenshot of each step to ``demo-out/`` and printing the paths.

The same ``DemoStack`` runs the end-to-end tests.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def wait_until(
    check: Callable[[], Any], *, timeout_s: float, what: str, interval_s: float = 0.05
) -> Any:
    deadline = time.monotonic() + timeout_s
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            result = check()
        except (httpx.HTTPError, ValueError, KeyError) as exc:
            last_error = exc
        else:
            if result:
                return result
        time.sleep(interval_s)
    raise TimeoutError(
        f"timed out after {timeout_s}s waiting for {what} (last error: {last_error})"
    )


@dataclass
class ApiServer:
    url: str
    db_url: str
    process: subprocess.Popen[bytes]
    demo: dict[str, Any]

    def stop(self) -> None:
        _terminate(self.process)


@dataclass
class KioskProcess:
    status_url: str
    config_path: Path
    process: subprocess.Popen[bytes]

    def status(self) -> dict[str, Any]:
        response = httpx.get(f"{self.status_url}/status", timeout=5)
        response.raise_for_status()
        result: dict[str, Any] = response.json()
        return result

    def action(self, endpoint: str, /, **body: Any) -> dict[str, Any]:
        response = httpx.post(f"{self.status_url}{endpoint}", json=body, timeout=15)
        if response.status_code != 200:
            raise RuntimeError(f"{endpoint} failed: {response.status_code} {response.text}")
        result: dict[str, Any] = response.json()
        return result

    def wait_for_screen(self, screen: str, timeout_s: float = 20) -> dict[str, Any]:
        def check() -> dict[str, Any] | None:
            status = self.status()
            return status if status.get("screen") == screen else None

        result: dict[str, Any] = wait_until(check, timeout_s=timeout_s, what=f"screen {screen!r}")
        return result

    def widgets(self) -> dict[str, Any]:
        """What is on screen: ``{"screen", "widgets": [...]}`` (see ``kiosk.ui.inspect``)."""
        response = httpx.get(f"{self.status_url}/dev/widgets", timeout=15)
        response.raise_for_status()
        result: dict[str, Any] = response.json()
        return result

    def find(self, action: str, timeout_s: float = 10) -> dict[str, Any]:
        """The enabled element that sends ``action``, once the screen shows one and takes
        taps."""

        def check() -> dict[str, Any] | None:
            screen = self.widgets()
            if not screen["taps_open"]:  # just changed: a tap now would be ignored
                return None
            found = [w for w in screen["widgets"] if w["action"] == action]
            return next((w for w in found if w["enabled"]), None)

        widget: dict[str, Any] = wait_until(check, timeout_s=timeout_s, what=f"a {action!r} button")
        return widget

    def tap(self, action: str) -> dict[str, Any]:
        """Tap the middle of the element that sends ``action``, as a finger would: a touch at
        those window coordinates through Kivy's input path (``/dev/tap``), not a call."""
        widget = self.find(action)
        self.action("/dev/tap", x=widget["x"] + widget["w"] / 2, y=widget["y"] + widget["h"] / 2)
        return widget

    def screenshot(self, path: Path) -> Path:
        return Path(self.action("/dev/screenshot", path=str(path.resolve()))["path"])

    def stop(self) -> int:
        if self.process.poll() is None:
            try:
                self.action("/dev/quit")
                self.process.wait(timeout=10)
            except (httpx.HTTPError, RuntimeError, subprocess.TimeoutExpired):
                _terminate(self.process)
        return self.process.returncode


def _terminate(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _pointsapi(*args: str) -> list[str]:
    return [sys.executable, "-m", "pointsapi.cli", *args]


def start_api(state_dir: Path, *, log_to: Path) -> ApiServer:
    """A fresh database with demo data, served on a free loopback port."""
    db_path = state_dir / "points.db"
    db_path.unlink(missing_ok=True)
    db_url = f"sqlite:///{db_path}"
    subprocess.run(_pointsapi("migrate", "--db", db_url), check=True, capture_output=True)
    loaded = subprocess.run(
        _pointsapi("demo-data", "--db", db_url), check=True, capture_output=True, text=True
    )
    demo = json.loads(loaded.stdout)
    port = free_port()
    with log_to.open("ab") as log:  # the child keeps its own copy of the descriptor
        process = subprocess.Popen(
            _pointsapi("serve", "--db", db_url, "--host", "127.0.0.1", "--port", str(port)),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    server = ApiServer(url=url, db_url=db_url, process=process, demo=demo)

    def up() -> bool:
        if process.poll() is not None:  # it will not come up: say so now, not at the deadline
            raise RuntimeError(f"the points API exited with {process.returncode}; see {log_to}")
        return httpx.get(f"{url}/healthz", timeout=2).is_success

    try:
        # A generous deadline: it costs nothing when the API is up in a second, and a loaded
        # machine (CI, a fresh root's first start with a cold disk cache) may need it.
        wait_until(up, timeout_s=120, what="the points API to start")
    except BaseException:
        server.stop()
        raise
    return server


def kiosk_config(
    state_dir: Path,
    api: ApiServer,
    status_port: int,
    *,
    language: str = "en",
    debounce_s: float = 3.0,
) -> str:
    """The kiosk's TOML config for simulated hardware against ``api``."""
    members = api.demo["members"]
    dev_members = "\n".join(
        f'[[dev.members]]\nlabel = "{m["display_name"]}"\nmember_token = "{m["member_token"]}"\n'
        f'card_number = "{m["card_number"]}"\n'
        for m in members
    )
    return f"""\
config_version = "demo"

[kiosk]
id = "{api.demo.get("kiosk_id", "demo-kiosk")}"
language = "{language}"
state_dir = "{state_dir / "kiosk"}"

[api]
base_url = "{api.url}"
token = "{api.demo["kiosk_token"]}"
timeout_s = 3.0
probe_interval_s = 2.0

[status]
port = {status_port}

[scanning]
debounce_s = {debounce_s}

[camera]
backend = "simulated"

[card_reader]
backend = "simulated"

[printer]
backend = "simulated"
simulated_dir = "{state_dir / "printer"}"
paper_width_mm = 58

[gpio]
backend = "mock"
paper_low = {{ pin = 5 }}
staff_key = {{ pin = 13 }}
help = {{ pin = 19 }}

[dev]
enabled = true

{dev_members}"""


def start_kiosk(
    state_dir: Path,
    api: ApiServer,
    *,
    log_to: Path,
    language: str = "en",
    offscreen: bool = True,
    debounce_s: float = 3.0,
) -> KioskProcess:
    status_port = free_port()
    config_path = state_dir / "kiosk.toml"
    config = kiosk_config(state_dir, api, status_port, language=language, debounce_s=debounce_s)
    config_path.write_text(config, encoding="utf-8")
    env = dict(os.environ, KIVY_NO_ARGS="1", PYTHONUNBUFFERED="1")
    if offscreen:
        env["SDL_VIDEODRIVER"] = "offscreen"
        env.pop("DISPLAY", None)
        env.pop("WAYLAND_DISPLAY", None)
    with log_to.open("ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "--config", str(config_path)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
        )
    kiosk = KioskProcess(f"http://127.0.0.1:{status_port}", config_path, process)

    def up() -> bool:
        if process.poll() is not None:
            raise RuntimeError(f"the kiosk exited with {process.returncode}; see {log_to}")
        return bool(kiosk.status())

    try:
        wait_until(up, timeout_s=60, what="the kiosk's status endpoint")
    except BaseException:
        kiosk.stop()
        raise
    return kiosk


@contextmanager
def demo_stack(
    state_dir: Path, *, language: str = "en", offscreen: bool = True, debounce_s: float = 3.0
) -> Iterator[tuple[ApiServer, KioskProcess]]:
    state_dir.mkdir(parents=True, exist_ok=True)
    log = state_dir / "demo.log"
    api = start_api(state_dir, log_to=log)
    try:
        kiosk = start_kiosk(
            state_dir,
            api,
            log_to=log,
            language=language,
            offscreen=offscreen,
            debounce_s=debounce_s,
        )
        try:
            yield api, kiosk
        finally:
            kiosk.stop()
    finally:
        api.stop()


def kiosk_members(kiosk: KioskProcess) -> list[str]:
    """The dev members in the kiosk's config (labels), as the dev panel lists them."""
    config = tomllib.loads(kiosk.config_path.read_text(encoding="utf-8"))
    return [member["label"] for member in config.get("dev", {}).get("members", [])]


def walkthrough(kiosk: KioskProcess, out: Path) -> list[Path]:
    """The scripted visit: each step waits for the screen, then captures it."""
    shots: list[Path] = []

    def shot(name: str) -> None:
        shots.append(kiosk.screenshot(out / f"{len(shots) + 1:02d}-{name}.png"))

    wait_until(
        lambda: kiosk.status()["api"]["reachable"], timeout_s=20, what="the API to be reachable"
    )
    kiosk.wait_for_screen("idle")
    shot("idle")
    # Two members: each sees the screen in their own language (English, then Chinese).
    for index in range(min(2, len(kiosk_members(kiosk)))):
        kiosk.action("/dev/scan-member", index=index)
        status = kiosk.wait_for_screen("member")
        kiosk.action("/dev/clear-camera")
        shot(f"member-{status['language']}")
        kiosk.action("/dev/press", button="done")
        kiosk.wait_for_screen("idle")
    kiosk.action("/dev/show-code", text="HELLO-KIOSK")
    kiosk.wait_for_screen("error")
    kiosk.action("/dev/clear-camera")
    shot("unrecognised-code")
    kiosk.action("/dev/press", button="done")
    kiosk.wait_for_screen("idle")
    return shots


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiosk.dev.demo", description=__doc__)
    parser.add_argument("--out", type=Path, default=REPO / "demo-out")
    parser.add_argument("--language", choices=("en", "zh"), default="en")
    parser.add_argument(
        "--headless", action="store_true", help="run the scripted walkthrough even with a display"
    )
    args = parser.parse_args(argv)
    # A SIGTERM (systemd, timeout, a closed terminal) unwinds like Ctrl+C, so the API and the
    # kiosk started here are stopped too, not left running.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    out: Path = args.out
    state = out / "state"
    shutil.rmtree(state, ignore_errors=True)
    offscreen = args.headless or not has_display()
    print(f"demo: starting the points API and the kiosk ({'offscreen' if offscreen else 'window'})")
    with demo_stack(state, language=args.language, offscreen=offscreen) as (api, kiosk):
        print(f"demo: points API at {api.url}; kiosk status at {kiosk.status_url}/status")
        if not offscreen:
            print("demo: use the dev panel at the bottom of the window; close it to stop")
            kiosk.process.wait()
            return 0
        shots = walkthrough(kiosk, out)
    print("demo: screenshots")
    for path in shots:
        print(f"  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
