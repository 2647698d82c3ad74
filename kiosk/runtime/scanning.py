"""The scanning loop: camera frames -> decoder -> payload classification -> one callback.

A :class:`Scanner` runs on its own thread at the camera's frame rate, off the UI thread. It

* pauses without costing CPU (the thread blocks on an ``Event``; the camera is not read),
* reports a code held in front of the camera once: a text is reported again only after it has
  been out of sight for ``debounce_s`` (so a member holding up a phone for ten seconds is one
  scan, and the same code shown again later is a new one),
* survives anything the camera, decoder or callback throw: errors are counted and shown in
  :meth:`Scanner.health`, the thread carries on,
* keeps counters (frames, frames with a code, reports, last decode time) for the status page.

``on_payload`` runs on the scanner thread: it should only post the payload to the UI thread.
After :meth:`Scanner.pause` returns, ``on_payload`` is not called until :meth:`Scanner.resume`.
Decoded text never reaches a log (it may be personal data); only payload kinds do.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from drivers.camera import Camera
from drivers.decoder import Decoder
from drivers.health import DriverHealth
from kiosk.core.payloads import Payload, classify

log = logging.getLogger(__name__)

#: This many failed frames in a row and health reports the scanner as failing.
FAILING_AFTER = 10


@dataclass(frozen=True, slots=True)
class ScannerStats:
    state: str  # "stopped" | "scanning" | "paused"
    frames: int  # frames decoded
    frames_with_code: int
    reported: int  # payloads handed to on_payload (after debounce)
    errors: int  # camera, decoder and callback exceptions, all caught
    consecutive_errors: int
    last_error: str  # exception type and message of the last error, "" if none
    last_decode_ms: float | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class Scanner:
    def __init__(
        self,
        camera: Camera,
        decoder: Decoder,
        on_payload: Callable[[Payload], None],
        *,
        debounce_s: float = 3.0,
        fps: float = 15.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if debounce_s < 0:
            raise ValueError("debounce_s must be >= 0")
        if fps <= 0:
            raise ValueError("fps must be > 0")
        self._camera = camera
        self._decoder = decoder
        self._on_payload = on_payload
        self._debounce_s = debounce_s
        self._frame_interval = 1.0 / fps
        self._clock = clock
        # Set while scanning may run; cleared by pause(). The thread blocks on it when paused.
        self._resumed = threading.Event()
        self._resumed.set()
        self._stopping = threading.Event()
        # Held while a payload is reported, so pause() can promise "no report after I return".
        self._report_lock = threading.RLock()
        self._stats_lock = threading.Lock()
        self.frame_delivered_at: float | None = None
        self._thread: threading.Thread | None = None
        self._seen: dict[str, float] = {}  # text -> when last seen (scanner clock)
        self._frames = 0
        self._frames_with_code = 0
        self._reported = 0
        self._errors = 0
        self._consecutive_errors = 0
        self._last_error = ""
        self._last_decode_ms: float | None = None

    # --- lifecycle ------------------------------------------------------------------------------

    def start(self) -> None:
        """Start the camera and the scanning thread (no-op if already running)."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._camera.start()
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="scanner", daemon=True)
        self._thread.start()

    def stop(self, timeout: float | None = 5.0) -> None:
        """Stop the thread (waits for it) and the camera."""
        self._stopping.set()
        self._resumed.set()  # wake a paused thread so it can see it is stopping
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout)
            if thread.is_alive():
                log.error("scanner thread did not stop within %.1fs", timeout or 0.0)
        self._camera.stop()

    def pause(self) -> None:
        """Stop decoding until :meth:`resume`; the thread sleeps.

        Returns once no report can follow (a report in progress on the scanner thread finishes
        first).
        """
        with self._report_lock:
            self._resumed.clear()

    def resume(self) -> None:
        if not self._stopping.is_set():
            self._resumed.set()

    @property
    def paused(self) -> bool:
        return not self._resumed.is_set()

    def forget(self) -> None:
        """Forget the codes seen, so the code in front of the camera now is reported again."""
        with self._report_lock:
            self._seen.clear()

    # --- the loop -------------------------------------------------------------------------------

    def _run(self) -> None:
        while True:
            self._resumed.wait()
            if self._stopping.is_set():
                return
            started = time.monotonic()
            self.step()
            # Pace to the frame rate. picamera2's frame() already waits for the next frame, so
            # this only waits when frame() came back early (simulated camera, or no frame).
            remaining = self._frame_interval - (time.monotonic() - started)
            if remaining > 0 and self._stopping.wait(remaining):
                return

    def step(self) -> int:
        """One frame: read, decode, report. Returns how many payloads were reported.

        The thread calls this in a loop; tests call it directly to step frame by frame.
        """
        if self.paused:
            return 0
        try:
            grey = self._camera.frame()
        except Exception as exc:
            self._failed("camera", exc)
            return 0
        if grey is None:
            return 0
        # When the frame reached us: the start of the kiosk's scan-to-screen time, read by the
        # on_payload callback (which runs on this thread, for this frame).
        self.frame_delivered_at = time.monotonic()
        began = time.perf_counter()
        try:
            found = self._decoder.decode(grey)
        except Exception as exc:
            self._failed("decoder", exc)
            return 0
        elapsed_ms = (time.perf_counter() - began) * 1000.0
        with self._stats_lock:
            self._frames += 1
            self._frames_with_code += bool(found)
            self._consecutive_errors = 0
            self._last_decode_ms = elapsed_ms
        return self._report({d.text for d in found})

    def _report(self, texts: set[str]) -> int:
        reported = 0
        with self._report_lock:
            now = self._clock()
            # Drop codes out of sight for longer than the debounce window (keeps the dict small).
            self._seen = {t: s for t, s in self._seen.items() if now - s < self._debounce_s}
            for text in sorted(texts):
                recently_seen = text in self._seen
                self._seen[text] = now
                if recently_seen or self.paused:
                    continue
                payload = classify(text)
                try:
                    self._on_payload(payload)
                except Exception as exc:
                    # Type only: the app's exception message might quote what was scanned.
                    self._failed("on_payload", exc, with_message=False)
                    continue
                reported += 1
                log.info("scanned a %s", payload.kind)
        with self._stats_lock:
            self._reported += reported
        return reported

    def _failed(self, where: str, exc: Exception, *, with_message: bool = True) -> None:
        described = f"{where}: {type(exc).__name__}" + (f": {exc}" if with_message else "")
        with self._stats_lock:
            self._errors += 1
            self._consecutive_errors += 1
            self._last_error = described[:200]
        log.warning("scanner: %s", described[:200], exc_info=with_message)

    # --- reporting ------------------------------------------------------------------------------

    def stats(self) -> ScannerStats:
        thread = self._thread
        if thread is None or not thread.is_alive():
            state = "stopped"
        else:
            state = "paused" if self.paused else "scanning"
        with self._stats_lock:
            return ScannerStats(
                state=state,
                frames=self._frames,
                frames_with_code=self._frames_with_code,
                reported=self._reported,
                errors=self._errors,
                consecutive_errors=self._consecutive_errors,
                last_error=self._last_error,
                last_decode_ms=self._last_decode_ms,
            )

    def health(self) -> DriverHealth:
        s = self.stats()
        detail = f"{s.frames} frames, {s.reported} scans, {s.errors} errors"
        if s.last_error:
            detail += f"; last error {s.last_error}"
        if s.consecutive_errors >= FAILING_AFTER:
            return DriverHealth(ok=False, state="failing", detail=detail)
        return DriverHealth(ok=s.state != "stopped", state=s.state, detail=detail)
