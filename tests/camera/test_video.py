"""Reading videos: bad files fail with one clear line, phone rotation is honoured, nothing hangs."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from backcoach.camera import CameraOpenError, VideoError, open_camera, open_video
from backcoach.camera._video import Source, VideoInfo, inference_size
from tests.camera import _videos
from tests.camera._videos import needs_camera, needs_videos


def _write(
    path: Path, frames: int, size: tuple[int, int] = (160, 120), fourcc: str = "mp4v"
) -> Path:
    import cv2

    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*fourcc), 15.0, size)
    assert writer.isOpened()
    for i in range(frames):
        image = np.full((size[1], size[0], 3), (i * 7) % 255, dtype=np.uint8)
        writer.write(image)
    writer.release()
    return path


def _one_line(exc: pytest.ExceptionInfo[BaseException]) -> str:
    message = str(exc.value)
    assert "\n" not in message and message
    return message


def _file(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


BAD_INPUTS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "missing": (lambda d: d / "missing.mp4", "no such file"),
    "folder": (lambda d: d, "is a folder"),
    "empty": (lambda d: _file(d / "empty.mp4", b""), "empty (0 bytes)"),
    "text": (lambda d: _file(d / "notes.mp4", b"not a video at all\n" * 50), "not a video"),
    "no-frames": (lambda d: _write(d / "none.mp4", 0), "not a video"),
}


@needs_camera
@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_unreadable_input_is_one_line_error(tmp_path: Path, case: str) -> None:
    make, expected = BAD_INPUTS[case]
    with pytest.raises(VideoError) as exc:
        open_video(make(tmp_path))
    assert expected in _one_line(exc)


@needs_camera
def test_truncated_mp4_without_its_index_cannot_be_read(tmp_path: Path) -> None:
    whole = _write(tmp_path / "whole.mp4", 30).read_bytes()
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(VideoError) as exc:
        open_video(cut)
    assert "cut.mp4" in _one_line(exc)


@needs_camera
def test_truncated_video_reads_what_is_there_and_says_so(tmp_path: Path) -> None:
    whole = _write(tmp_path / "whole.avi", 60, fourcc="MJPG").read_bytes()
    cut = tmp_path / "cut.avi"
    cut.write_bytes(whole[: len(whole) // 2])
    source = open_video(cut)
    frames = list(source.frames(long_side=None))
    assert 10 < len(frames) < 60
    assert source.stopped_early


@needs_camera
def test_frames_come_in_time_order_and_shrunk_for_the_model(tmp_path: Path) -> None:
    source = open_video(_write(tmp_path / "v.mp4", 20, size=(1280, 720)))
    assert (source.info.width, source.info.height, source.info.frames) == (1280, 720, 20)
    frames = list(source.frames(long_side=640, keep_bgr=True))
    assert [f.index for f in frames] == list(range(20))
    t = [f.t for f in frames]
    assert t[0] == 0.0 and all(b > a for a, b in itertools.pairwise(t))
    assert t[-1] == pytest.approx(19 / 15.0, abs=1e-3)
    assert frames[0].rgb.shape == (360, 640, 3)
    assert frames[0].bgr is not None and frames[0].bgr.shape == (720, 1280, 3)


@pytest.mark.parametrize(
    ("size", "long_side", "expected"),
    [
        ((1280, 720), 640, (640, 360)),
        ((720, 1280), 640, (360, 640)),
        ((480, 360), 640, (480, 360)),
        ((1920, 1080), None, (1920, 1080)),
    ],
)
def test_inference_size_keeps_the_aspect_and_never_enlarges(
    size: tuple[int, int], long_side: int | None, expected: tuple[int, int]
) -> None:
    assert inference_size(*size, long_side) == expected


@needs_videos
def test_phone_rotation_metadata_is_honoured() -> None:
    source = open_video(_videos.rotated())
    assert source.info.rotation == 90
    # Stored on its side (240x320 in the file), shown upright like the original 480x360 clip.
    assert (source.info.width, source.info.height) == _videos.SIZE
    first = next(iter(source.frames(long_side=None, keep_bgr=True)))
    assert first.bgr is not None
    original = open_video(_videos.video("glute_bridge"))
    reference = next(iter(original.frames(long_side=None, keep_bgr=True))).bgr
    assert reference is not None and first.bgr.shape == reference.shape
    diff = np.abs(first.bgr.astype(int) - reference.astype(int)).mean()
    assert diff < 8  # the same picture, up to re-encoding


class _StuckCapture:
    """A capture whose reads block (a broken driver or a stalled network file)."""

    def __init__(self) -> None:
        self.release_called = threading.Event()
        self._gate = threading.Event()

    def read(self) -> tuple[bool, None]:
        self._gate.wait(5.0)
        return False, None

    def get(self, prop: int) -> float:
        return 0.0

    def release(self) -> None:
        self.release_called.set()
        self._gate.set()


@needs_camera
@pytest.mark.parametrize("live", [False, True], ids=["file", "camera"])
def test_a_source_that_stops_sending_frames_ends_with_an_error(live: bool) -> None:
    first = np.zeros((48, 64, 3), dtype=np.uint8)
    info = VideoInfo("stuck.mp4", 64, 48, 15.0, 100, live=live)
    source = Source(_StuckCapture(), info, first)
    frames = source.frames(long_side=None, timeout_s=0.3)
    assert next(frames).index == 0
    error = CameraOpenError if live else VideoError
    with pytest.raises(error) as exc:
        next(frames)
    assert "stopped sending frames" in _one_line(exc) or "no frame for" in _one_line(exc)


@needs_camera
def test_a_camera_that_does_not_exist_is_one_line_error() -> None:
    with pytest.raises(CameraOpenError) as exc:
        open_camera(97)
    assert "camera 97" in _one_line(exc)
