"""The simulated camera (replay + show), and the picamera2 camera against a stand-in module."""

from __future__ import annotations

import sys
import threading
import types
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image
from pydantic import ValidationError

from drivers.camera import (
    CameraSettings,
    CameraUnavailable,
    Picamera2Camera,
    SimulatedCamera,
    open_camera,
    to_grey,
)
from tests.drivers.scanimages import on_frame, qr


def _write(path: Path, value: int, size: tuple[int, int] = (48, 64)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(np.full(size, value, dtype=np.uint8)).save(path)
    return path


def _values(camera: SimulatedCamera, n: int) -> list[int | None]:
    out: list[int | None] = []
    for _ in range(n):
        frame = camera.frame()
        out.append(None if frame is None else int(frame[0, 0]))
    return out


def test_replays_a_folder_in_order_and_loops(tmp_path: Path) -> None:
    _write(tmp_path / "b.png", 20)
    _write(tmp_path / "a.png", 10)
    _write(tmp_path / "sub" / "c.jpg", 30)
    (tmp_path / "a.txt").write_text("not an image")
    camera = open_camera(CameraSettings(backend="simulated", images=[tmp_path]))
    assert isinstance(camera, SimulatedCamera)
    assert camera.frame() is None  # not started
    camera.start()
    values = _values(camera, 7)
    assert values[:3] == [10, 20, values[2]] and values[2] is not None and 25 <= values[2] <= 35
    assert values[3:6] == values[:3]


def test_replay_without_loop_ends(tmp_path: Path) -> None:
    camera = SimulatedCamera(
        CameraSettings(
            images=[_write(tmp_path / "x.png", 99), _write(tmp_path / "y.png", 5)], loop=False
        )
    )
    camera.start()
    assert _values(camera, 4) == [99, 5, None, None]


def test_frames_are_greyscale_uint8_and_read_only(tmp_path: Path) -> None:
    rgb = np.zeros((30, 40, 3), dtype=np.uint8)
    rgb[..., 1] = 255  # pure green: luma 0.587 * 255
    Image.fromarray(rgb).save(tmp_path / "green.png")
    camera = SimulatedCamera(CameraSettings(images=[tmp_path / "green.png"]))
    camera.start()
    frame = camera.frame()
    assert frame is not None
    assert frame.dtype == np.uint8 and frame.shape == (30, 40)
    assert int(frame[0, 0]) in (149, 150)
    with pytest.raises(ValueError):
        frame[0, 0] = 1


def test_show_holds_a_picture_until_clear(tmp_path: Path) -> None:
    camera = SimulatedCamera(CameraSettings(images=[_write(tmp_path / "x.png", 7)]))
    camera.start()
    code = on_frame(qr("M1:100001:48213377"))
    camera.show(code)
    first, second = camera.frame(), camera.frame()
    assert first is not None and second is not None
    assert np.array_equal(first, code) and np.array_equal(second, code)
    code[:] = 0  # the caller's array is theirs: the camera kept a copy
    frame = camera.frame()
    assert frame is not None and frame.max() == 255
    camera.clear()
    assert _values(camera, 1) == [7]


def test_show_takes_paths_arrays_and_pil_images(tmp_path: Path) -> None:
    camera = SimulatedCamera(CameraSettings())
    camera.start()
    assert camera.frame() is None  # nothing to replay, nothing shown
    for picture in (
        _write(tmp_path / "p.png", 42),
        np.full((48, 64), 42, dtype=np.uint8),
        np.full((48, 64, 3), 42, dtype=np.uint8),
        Image.new("RGB", (64, 48), (42, 42, 42)),
    ):
        camera.show(picture)
        frame = camera.frame()
        assert frame is not None and frame.shape == (48, 64) and int(frame[10, 10]) == 42


def test_show_is_safe_from_another_thread() -> None:
    camera = SimulatedCamera(CameraSettings())
    camera.start()
    pictures = [np.full((48, 64), v, dtype=np.uint8) for v in range(0, 250, 10)]
    done = threading.Event()

    def presenter() -> None:
        for picture in pictures:
            camera.show(picture)
        done.set()

    thread = threading.Thread(target=presenter)
    thread.start()
    seen = set()
    while not done.is_set():
        frame = camera.frame()
        if frame is not None:
            assert len(np.unique(frame)) == 1  # never half of one picture and half of another
            seen.add(int(frame[0, 0]))
    thread.join()
    assert seen <= {int(p[0, 0]) for p in pictures}


def test_health_and_stop(tmp_path: Path) -> None:
    camera = SimulatedCamera(CameraSettings(images=[_write(tmp_path / "x.png", 1)]))
    assert camera.health().ok is False
    camera.start()
    camera.frame()
    health = camera.health()
    assert health.ok and health.state == "running" and "1 frames" in health.detail
    camera.stop()
    assert camera.frame() is None
    assert camera.health().state == "stopped"


def test_missing_image_files_are_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"nope\.png"):
        SimulatedCamera(CameraSettings(images=[tmp_path / "nope.png"]))


def test_settings_are_validated() -> None:
    with pytest.raises(ValidationError):
        CameraSettings(backend="webcam")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        CameraSettings(fps=0)
    with pytest.raises(ValidationError):
        CameraSettings(unknown_option=1)  # type: ignore[call-arg]
    assert (CameraSettings().width, CameraSettings().height, CameraSettings().fps) == (640, 480, 15)


def test_to_grey_rejects_odd_shapes() -> None:
    with pytest.raises(ValueError, match="shape"):
        to_grey(np.zeros((2, 2, 2, 2), dtype=np.uint8))


# --- picamera2 (not installable here: a stand-in module records what the driver asks for) -----


def test_picamera2_missing_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "picamera2", None)  # makes `import picamera2` fail
    with pytest.raises(CameraUnavailable, match="python3-picamera2"):
        open_camera(CameraSettings(backend="picamera2"))


class StandInPicamera2:
    """Records configuration; delivers YUV420 frames with rows padded to a 704-byte stride."""

    instances: list[StandInPicamera2] = []  # noqa: RUF012 - test bookkeeping

    def __init__(self, camera_num: int) -> None:
        self.camera_num = camera_num
        self.camera_controls: dict[str, Any] = {"AfMode": (0, 2, 0), "LensPosition": (0, 15, 1)}
        self.controls: dict[str, Any] = {}
        self.config: dict[str, Any] = {}
        self.calls: list[str] = []
        self.timeout = False
        width, height = 640, 480
        self.buffer = np.full((height * 3 // 2, 704), 128, dtype=np.uint8)
        self.buffer[:height, :width] = np.arange(width, dtype=np.uint8)[None, :]
        StandInPicamera2.instances.append(self)

    def create_video_configuration(self, **kwargs: Any) -> dict[str, Any]:
        return dict(kwargs)

    def configure(self, config: dict[str, Any]) -> None:
        self.config = config

    def set_controls(self, controls: dict[str, Any]) -> None:
        self.controls.update(controls)

    def start(self) -> None:
        self.calls.append("start")

    def capture_array(self, name: str = "main", wait: float | None = None) -> Any:
        assert name == "lores" and wait is not None
        if self.timeout:
            raise TimeoutError
        return self.buffer

    def stop(self) -> None:
        self.calls.append("stop")

    def close(self) -> None:
        self.calls.append("close")


@pytest.fixture
def picamera2_module(monkeypatch: pytest.MonkeyPatch) -> type[StandInPicamera2]:
    module = types.ModuleType("picamera2")
    module.Picamera2 = StandInPicamera2  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "picamera2", module)
    StandInPicamera2.instances = []
    return StandInPicamera2


def test_picamera2_reads_the_y_plane_of_the_lores_stream_without_copying(
    picamera2_module: type[StandInPicamera2],
) -> None:
    camera = open_camera(CameraSettings(backend="picamera2", fps=20))
    assert isinstance(camera, Picamera2Camera)
    camera.start()
    camera.start()  # a second start (app, then scanner) must not open the camera twice
    assert len(picamera2_module.instances) == 1
    cam = picamera2_module.instances[0]
    assert cam.config["lores"] == {"size": (640, 480), "format": "YUV420"}
    assert cam.config["controls"] == {"FrameRate": 20}
    assert cam.controls == {"AfMode": 2}  # continuous autofocus on a module that has it
    frame = camera.frame()
    assert frame is not None
    assert frame.shape == (480, 640) and frame.dtype == np.uint8
    assert np.shares_memory(frame, cam.buffer)  # a view of the camera's buffer
    assert int(frame[0, 200]) == 200
    assert camera.health().ok
    camera.stop()
    assert cam.calls == ["start", "stop", "close"]
    assert camera.frame() is None and camera.health().state == "stopped"


def test_picamera2_fixed_focus_and_modules_without_autofocus(
    picamera2_module: type[StandInPicamera2],
) -> None:
    camera = open_camera(CameraSettings(backend="picamera2", lens_position=4.0))
    camera.start()
    assert picamera2_module.instances[0].controls == {"AfMode": 0, "LensPosition": 4.0}
    camera.stop()

    class FixedFocus(StandInPicamera2):
        def __init__(self, camera_num: int) -> None:
            super().__init__(camera_num)
            self.camera_controls = {}

    sys.modules["picamera2"].Picamera2 = FixedFocus  # type: ignore[attr-defined]
    camera = open_camera(CameraSettings(backend="picamera2"))
    camera.start()
    assert picamera2_module.instances[-1].controls == {}
    camera.stop()


def test_picamera2_stall_shows_in_health(picamera2_module: type[StandInPicamera2]) -> None:
    camera = open_camera(CameraSettings(backend="picamera2"))
    camera.start()
    picamera2_module.instances[0].timeout = True
    assert camera.frame() is None
    health = camera.health()
    assert not health.ok and health.state == "stalled" and "1 timeouts" in health.detail
    picamera2_module.instances[0].timeout = False
    assert camera.frame() is not None
    assert camera.health().ok
    camera.stop()


def test_picamera2_start_failure_shows_in_health(picamera2_module: type[StandInPicamera2]) -> None:
    class Broken(StandInPicamera2):
        def start(self) -> None:
            raise RuntimeError("Camera __init__ sequence did not complete")

    sys.modules["picamera2"].Picamera2 = Broken  # type: ignore[attr-defined]
    camera = open_camera(CameraSettings(backend="picamera2"))
    with pytest.raises(RuntimeError):
        camera.start()
    health = camera.health()
    assert not health.ok and health.state == "error" and "did not complete" in health.detail
    assert picamera2_module.instances[0].calls == ["close"]  # released for a retry
