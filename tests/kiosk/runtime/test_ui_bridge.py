"""The UI bridge: other threads queue work for the UI thread; the UI's hooks are looked up there."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path

import pytest

from kiosk.runtime.ui_bridge import UiBridge


@pytest.fixture
def bridge() -> Iterator[UiBridge]:
    """A bridge with a stand-in frame loop draining its commands, as ``KioskApp`` does."""
    ui = UiBridge()
    stop = threading.Event()

    def frames() -> None:
        while not stop.is_set():
            try:
                command, future = ui.commands.get(timeout=0.01)
            except queue.Empty:
                continue
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(command())
                except Exception as exc:
                    future.set_exception(exc)

    thread = threading.Thread(target=frames, daemon=True)
    thread.start()
    yield ui
    stop.set()
    thread.join()


def test_run_returns_the_result_from_the_ui_thread(bridge: UiBridge) -> None:
    assert bridge.run(threading.current_thread, delay_frames=3) is not threading.current_thread()
    assert bridge.run(lambda: 42) == 42


def test_capture_uses_the_hook_the_ui_installed(bridge: UiBridge, tmp_path: Path) -> None:
    shots: list[Path] = []

    def screenshot(path: Path) -> Future[Path]:
        shots.append(path)
        done: Future[Path] = Future()
        done.set_result(path)
        return done

    bridge.screenshot = screenshot
    assert bridge.capture(tmp_path / "a.png") == tmp_path / "a.png"
    assert shots == [tmp_path / "a.png"]


def test_capture_without_a_ui_says_so(bridge: UiBridge, tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="no UI"):
        bridge.capture(tmp_path / "a.png")


def test_stop_calls_the_ui_hook_or_logs(bridge: UiBridge, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    bridge.stop()  # no UI yet: logged, nothing raised
    bridge.run(lambda: None)  # the frame after it
    assert "no UI is running to stop" in caplog.text
    stopped = threading.Event()
    bridge.stop_app = stopped.set
    bridge.stop()
    assert stopped.wait(5)
