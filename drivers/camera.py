"""Cameras: where greyscale frames for the decoder come from.

The port is three calls and a health report: ``start()``, ``frame()`` (the newest frame as a
greyscale ``H x W`` uint8 array, or ``None`` when there is nothing new), ``stop()``.

Backends, chosen by name in config:

* ``picamera2`` - a Raspberry Pi camera module through picamera2 (``apt install
  python3-picamera2`` on Raspberry Pi OS; a venv made with ``--system-site-packages``). The camera
  delivers a low-resolution YUV420 stream and ``frame()`` returns the Y plane of it as a view:
  luminance *is* the greyscale image a decoder wants, so there is no colour conversion and no copy
  on our side (picamera2's ``capture_array`` itself copies the frame out of the camera's DMA
  buffer once, so that the buffer can go straight back to the camera).
* ``simulated`` - replays image files (a list, or every image in a folder, sorted) as frames, and
  lets a test, the demo or the dev panel hold a picture in front of the "camera" with
  :meth:`SimulatedCamera.show` until :meth:`SimulatedCamera.clear`.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from drivers.health import DriverHealth

if TYPE_CHECKING:
    import numpy.typing as npt
    from PIL.Image import Image as PILImage

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff"})


class CameraSettings(BaseModel):
    """``[camera]`` in the kiosk config."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    backend: Literal["picamera2", "simulated"] = "simulated"
    #: Size of the frames handed to the decoder (picamera2: the lores stream).
    width: int = Field(default=640, ge=64, le=4096)
    height: int = Field(default=480, ge=64, le=4096)
    fps: float = Field(default=15.0, gt=0, le=120)

    # --- picamera2 ---
    camera_num: int = Field(default=0, ge=0)
    #: Continuous autofocus where the module has it (Camera Module 3); ignored by fixed-focus ones.
    autofocus: bool = True
    #: Fixed focus instead, in dioptres (1 / metres): a kiosk knows how far away a phone is held.
    #: Takes precedence over ``autofocus`` when set, on modules with a focus motor.
    lens_position: float | None = Field(default=None, ge=0, le=32)
    hflip: bool = False
    vflip: bool = False
    #: Seconds ``frame()`` waits for the camera before reporting a stall (health goes bad).
    frame_timeout_s: float = Field(default=2.0, gt=0)

    # --- simulated ---
    #: Image files and/or folders to replay in order (a folder contributes its images, sorted).
    images: list[Path] = Field(default_factory=list)
    loop: bool = True


class CameraUnavailable(RuntimeError):
    """The library the configured camera backend needs is not installed."""


class Camera(Protocol):
    def start(self) -> None: ...

    def frame(self) -> npt.NDArray[np.uint8] | None:
        """The newest greyscale frame (H x W, uint8), or ``None`` when there is nothing new."""
        ...

    def stop(self) -> None: ...

    def health(self) -> DriverHealth: ...


def to_grey(image: Path | npt.NDArray[Any] | PILImage) -> npt.NDArray[np.uint8]:
    """A picture as a read-only greyscale uint8 array (what the camera port delivers)."""
    if isinstance(image, np.ndarray):
        array = image
        if array.ndim == 3:
            # RGB(A) to luma with the ITU-R BT.601 weights, like the camera's Y plane.
            rgb = array[..., :3].astype(np.float32)
            array = rgb @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
        if array.ndim != 2:
            raise ValueError(f"expected an H x W or H x W x 3 image, got shape {image.shape}")
        # Always a copy: the caller keeps its array, and ours is frozen below.
        grey = np.array(np.clip(array, 0, 255), dtype=np.uint8)
    else:
        from PIL import Image  # only the simulated camera needs Pillow

        if isinstance(image, Path):
            with Image.open(image) as opened:
                grey = np.asarray(opened.convert("L"), dtype=np.uint8)
        else:
            grey = np.asarray(image.convert("L"), dtype=np.uint8)
    grey = np.ascontiguousarray(grey)
    grey.flags.writeable = False
    return grey


def image_files(sources: list[Path]) -> list[Path]:
    """Expand folders into their image files (sorted, recursively); keep files as given."""
    files: list[Path] = []
    for source in sources:
        if source.is_dir():
            files.extend(sorted(p for p in source.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES))
        else:
            files.append(source)
    return files


class SimulatedCamera:
    """Replays image files as frames; ``show()`` holds a picture in front of it. Thread-safe."""

    def __init__(self, settings: CameraSettings) -> None:
        self._settings = settings
        self._files = image_files(settings.images)
        missing = [str(p) for p in self._files if not p.is_file()]
        if missing:
            raise FileNotFoundError(f"simulated camera: no such image file(s): {missing}")
        self._lock = threading.Lock()
        self._shown: npt.NDArray[np.uint8] | None = None
        self._next = 0
        self._running = False
        self._frames = 0

    def start(self) -> None:
        with self._lock:
            self._running = True

    def stop(self) -> None:
        with self._lock:
            self._running = False

    def show(self, image: Path | npt.NDArray[Any] | PILImage) -> None:
        """Hold ``image`` in front of the camera: every frame shows it until :meth:`clear`."""
        grey = to_grey(image)  # converted outside the lock: the scanner thread never waits on it
        with self._lock:
            self._shown = grey

    def clear(self) -> None:
        with self._lock:
            self._shown = None

    def frame(self) -> npt.NDArray[np.uint8] | None:
        with self._lock:
            if not self._running:
                return None
            if self._shown is not None:
                self._frames += 1
                return self._shown
            if not self._files:
                return None
            if self._next >= len(self._files):
                if not self._settings.loop:
                    return None
                self._next = 0
            path = self._files[self._next]
            self._next += 1
            self._frames += 1
        return to_grey(path)

    def health(self) -> DriverHealth:
        with self._lock:
            state = "running" if self._running else "stopped"
            return DriverHealth(
                ok=self._running, state=state, detail=f"simulated, {self._frames} frames"
            )


class Picamera2Camera:
    """A Pi camera module: the Y plane of a YUV420 lores stream, without conversion or copy."""

    def __init__(self, settings: CameraSettings) -> None:
        self._settings = settings
        self._camera: Any = None
        self._lock = threading.Lock()
        self._state = "stopped"
        self._detail = ""
        self._timeouts = 0

    @staticmethod
    def _import() -> Any:
        try:
            from picamera2 import Picamera2  # only on a Pi, imported lazily
        except ImportError as exc:
            raise CameraUnavailable(
                "camera backend 'picamera2' needs picamera2: on Raspberry Pi OS run "
                "'apt install python3-picamera2' and create the venv with "
                "--system-site-packages (it is not installable from PyPI on other machines)"
            ) from exc
        return Picamera2

    def start(self) -> None:
        """Open and start the camera; a no-op while it is running (the app and the scanner both
        call it)."""
        with self._lock:
            if self._camera is not None:
                return
        picamera2_class = self._import()
        s = self._settings
        size = (s.width, s.height)
        camera: Any = None
        try:
            camera = picamera2_class(s.camera_num)
            transform = self._transform()
            config = camera.create_video_configuration(
                # main is required; YUV420 at the same size keeps the ISP from making RGB we
                # never read.
                main={"size": size, "format": "YUV420"},
                lores={"size": size, "format": "YUV420"},
                controls={"FrameRate": s.fps},
                buffer_count=4,
                # queue=False: a capture waits for a fresh frame instead of handing out one
                # that has been sitting in the queue (the decoder wants the newest picture).
                queue=False,
                **({"transform": transform} if transform is not None else {}),
            )
            camera.configure(config)
            self._set_focus(camera)
            camera.start()
        except Exception as exc:
            with self._lock:
                self._state, self._detail = "error", f"start failed: {type(exc).__name__}: {exc}"
            if camera is not None:
                with contextlib.suppress(Exception):  # release it so a retry can open it
                    camera.close()
            raise
        with self._lock:
            self._camera = camera
            self._state, self._detail = "running", ""

    def _transform(self) -> Any:
        if not (self._settings.hflip or self._settings.vflip):
            return None
        # libcamera comes with picamera2 (apt); looked up by name as it has no type information.
        libcamera = importlib.import_module("libcamera")
        return libcamera.Transform(hflip=int(self._settings.hflip), vflip=int(self._settings.vflip))

    def _set_focus(self, camera: Any) -> None:
        available = getattr(camera, "camera_controls", {}) or {}
        if "AfMode" not in available:
            return  # fixed-focus module (Camera Module 2, HQ camera without motor)
        # libcamera AfModeEnum: Manual = 0, Auto = 1, Continuous = 2.
        if self._settings.lens_position is not None:
            camera.set_controls({"AfMode": 0, "LensPosition": self._settings.lens_position})
        elif self._settings.autofocus:
            camera.set_controls({"AfMode": 2})

    def frame(self) -> npt.NDArray[np.uint8] | None:
        with self._lock:
            camera = self._camera
        if camera is None:
            return None
        try:
            yuv = camera.capture_array("lores", wait=self._settings.frame_timeout_s)
        except TimeoutError:
            with self._lock:
                self._timeouts += 1
                self._state = "stalled"
                self._detail = f"no frame in {self._settings.frame_timeout_s}s"
            return None
        with self._lock:
            if self._state == "stalled":
                self._state, self._detail = "running", ""
        # YUV420 is planar: the first `height` rows are Y (rows may be padded to a stride wider
        # than `width`). Slicing is a view: no copy, no conversion.
        frame: npt.NDArray[np.uint8] = yuv[: self._settings.height, : self._settings.width]
        return frame

    def stop(self) -> None:
        with self._lock:
            camera, self._camera = self._camera, None
            self._state = "stopped"
        if camera is not None:
            try:
                camera.stop()
            finally:
                camera.close()

    def health(self) -> DriverHealth:
        with self._lock:
            detail = self._detail
            if self._timeouts:
                detail = f"{detail} ({self._timeouts} timeouts)".strip()
            return DriverHealth(ok=self._state == "running", state=self._state, detail=detail)


def open_camera(settings: CameraSettings) -> Camera:
    """The camera named in ``settings`` (not started)."""
    match settings.backend:
        case "picamera2":
            Picamera2Camera._import()  # fail at startup with the clear message, not on start()
            return Picamera2Camera(settings)
        case "simulated":
            return SimulatedCamera(settings)
    raise ValueError(f"unknown camera backend {settings.backend!r}")  # pragma: no cover
