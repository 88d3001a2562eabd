"""Reading frames from a video file or a camera, on a background thread, never hanging.

OpenCV decodes (it releases the GIL, so decoding overlaps the pose model's work) and turns
phone videos upright from their rotation metadata. The frame the pose model sees is shrunk
first: BlazePose works on 256x256 crops, so full-HD pixels only cost time. Every wait has a
timeout: a file or camera that stops delivering frames ends with a one-line error.
"""

from __future__ import annotations

import contextlib
import math
import os
import queue
import threading
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from backcoach.camera._deps import require_cv2
from backcoach.camera._errors import CameraOpenError, VideoError

ImageArray = npt.NDArray[np.uint8]

READ_TIMEOUT_S = 10.0
"""Longest wait for the next frame before a source counts as stalled."""
OPEN_TIMEOUT_S = 10.0
DEFAULT_FPS = 30.0
INFERENCE_LONG_SIDE = 640
"""Frames are shrunk to this longer side before the pose model (never enlarged)."""


@dataclass(frozen=True, slots=True)
class VideoInfo:
    """What a source delivers: upright frame size in pixels, nominal frame rate, frame count
    (None when unknown, as for a camera), the rotation applied (degrees clockwise) and a name."""

    name: str
    width: int
    height: int
    fps: float
    frames: int | None
    rotation: int = 0
    live: bool = False

    @property
    def duration_s(self) -> float | None:
        """Nominal length in seconds (None when the frame count is unknown)."""
        return None if self.frames is None else self.frames / self.fps


@dataclass(frozen=True, slots=True)
class Frame:
    """One decoded frame: `index` from 0, `t` seconds from the first frame, `rgb` the (shrunk)
    frame for the pose model, `bgr` the full upright frame when it was asked for, `captured`
    the monotonic clock when it was read (for latency)."""

    index: int
    t: float
    rgb: ImageArray
    bgr: ImageArray | None
    captured: float = 0.0


def inference_size(width: int, height: int, long_side: int | None) -> tuple[int, int]:
    """The (width, height) frames are shrunk to: longer side `long_side`, aspect kept."""
    if not long_side or max(width, height) <= long_side:
        return width, height
    scale = long_side / max(width, height)
    return max(16, round(width * scale)), max(16, round(height * scale))


class Source:
    """An opened OpenCV capture with its `info`; `frames()` reads it on a background thread."""

    def __init__(
        self, capture: Any, info: VideoInfo, first: ImageArray | None, *, rotate: bool = False
    ) -> None:
        self._cap = capture
        self.info = info
        self._first = first
        self._manual_rotate = rotate
        self.frames_read = 0
        self.stopped_early = False

    def frames(
        self,
        *,
        long_side: int | None = INFERENCE_LONG_SIDE,
        keep_bgr: bool = False,
        prefetch: int = 8,
        timeout_s: float = READ_TIMEOUT_S,
        latest_only: bool = False,
        pace: float | None = None,
    ) -> Generator[Frame, None, None]:
        """Decoded frames in order. `latest_only` (live cameras) keeps just the newest frame,
        so a slow consumer sees fresh frames rather than a growing backlog. `pace` replays a
        file as if it were a camera, `pace` times faster than real time."""
        cv2 = require_cv2()
        size = inference_size(self.info.width, self.info.height, long_side)
        out: queue.Queue[Frame | BaseException | None] = queue.Queue(
            maxsize=1 if latest_only else max(1, prefetch)
        )
        stop = threading.Event()
        rotate = _manual_rotation(cv2, self.info.rotation) if self._manual_rotate else None

        def prepare(index: int, t: float, bgr: ImageArray, captured: float) -> Frame:
            if rotate is not None:
                bgr = cv2.rotate(bgr, rotate)
            small = bgr
            if (bgr.shape[1], bgr.shape[0]) != size:
                small = cv2.resize(bgr, size, interpolation=cv2.INTER_AREA)
            rgb = cv2.cvtColor(small, cv2.COLOR_BGR2RGB)
            return Frame(index, t, rgb, bgr if keep_bgr else None, captured)

        def put(item: Frame | BaseException | None) -> bool:
            while not stop.is_set():
                if latest_only and isinstance(item, Frame):
                    with contextlib.suppress(queue.Empty):
                        out.get_nowait()
                try:
                    out.put(item, timeout=0.1)
                    return True
                except queue.Full:
                    continue
            return False

        def run() -> None:
            try:
                index = 0
                clock = _Clock(self.info.fps, self.info.live)
                started = time.monotonic()
                first = self._first
                self._first = None
                while not stop.is_set():
                    if first is not None:
                        ok, bgr = True, first
                        first = None
                    else:
                        ok, bgr = self._cap.read()
                    if not ok or bgr is None:
                        break
                    t = clock.time(index, self._cap.get(cv2.CAP_PROP_POS_MSEC))
                    if pace:
                        wait = started + t / pace - time.monotonic()
                        if wait > 0:
                            time.sleep(wait)
                    captured = time.monotonic()
                    if not put(prepare(index, t, bgr, captured)):
                        return
                    index += 1
                    self.frames_read = index
                put(None)
            except BaseException as exc:  # handed to the consumer, raised there
                put(exc)
            finally:
                self._cap.release()

        thread = threading.Thread(target=run, name="backcoach-video-reader", daemon=True)
        thread.start()
        try:
            while True:
                try:
                    item = out.get(timeout=timeout_s)
                except queue.Empty:
                    stop.set()
                    raise self._stalled(timeout_s) from None
                if item is None:
                    break
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            stop.set()
            thread.join(timeout=1.0)
        frames = self.info.frames
        if frames is not None and not self.info.live and self.frames_read < 0.95 * frames - 1:
            self.stopped_early = True

    def _stalled(self, timeout_s: float) -> Exception:
        if self.info.live:
            return CameraOpenError(
                f"the camera stopped sending frames (nothing for {timeout_s:g} s)"
            )
        return VideoError(
            f"{self.info.name}: no frame for {timeout_s:g} s after frame {self.frames_read}; "
            "the file may be damaged"
        )

    def close(self) -> None:
        """Release the capture when `frames()` was never run."""
        if self._first is not None:
            self._first = None
        self._cap.release()


class _Clock:
    """Frame times: the container's timestamps where they are sane, else index / fps; for a
    camera, the wall clock at capture."""

    def __init__(self, fps: float, live: bool) -> None:
        self.fps = fps
        self.live = live
        self.origin: float | None = None
        self.last = -math.inf

    def time(self, index: int, pos_msec: float) -> float:
        if self.live:
            now = time.monotonic()
            if self.origin is None:
                self.origin = now
            t = now - self.origin
        else:
            nominal = index / self.fps
            t = nominal
            if math.isfinite(pos_msec) and pos_msec > 0:
                if self.origin is None:
                    self.origin = pos_msec / 1000.0 - nominal
                candidate = pos_msec / 1000.0 - self.origin
                # Trust container time only when it stays near the nominal clock.
                if abs(candidate - nominal) < 2.0:
                    t = candidate
        t = max(t, self.last if math.isfinite(self.last) else 0.0)
        self.last = t
        return round(t, 4)


def _manual_rotation(cv2: Any, degrees: int) -> int | None:
    return {
        90: cv2.ROTATE_90_CLOCKWISE,
        180: cv2.ROTATE_180,
        270: cv2.ROTATE_90_COUNTERCLOCKWISE,
    }.get(degrees % 360)


def _rotated_size(width: int, height: int, degrees: int) -> tuple[int, int]:
    return (height, width) if degrees % 180 == 90 else (width, height)


def open_video(path: str | os.PathLike[str], *, timeout_s: float = OPEN_TIMEOUT_S) -> Source:
    """Open a video file for reading; `VideoError` with a one-line reason when it cannot be."""
    cv2 = require_cv2()
    p = Path(path)
    name = str(p)
    if not p.exists():
        raise VideoError(f"no such file: {name}")
    if p.is_dir():
        raise VideoError(f"{name} is a folder, not a video")
    if not os.access(p, os.R_OK):
        raise VideoError(f"permission denied reading {name}")
    if p.stat().st_size == 0:
        raise VideoError(f"{name} is empty (0 bytes)")
    ms = int(timeout_s * 1000)
    params = [cv2.CAP_PROP_OPEN_TIMEOUT_MSEC, ms, cv2.CAP_PROP_READ_TIMEOUT_MSEC, ms]
    cap = _with_timeout(
        lambda: cv2.VideoCapture(name, cv2.CAP_FFMPEG, params),
        timeout_s,
        VideoError(f"{name}: opening the video took longer than {timeout_s:g} s"),
    )
    if not cap.isOpened():
        cap.release()
        raise VideoError(f"{name}: not a video that can be read (damaged, or not a video file)")
    cap.set(cv2.CAP_PROP_ORIENTATION_AUTO, 1)
    ok, first = _with_timeout(
        cap.read, timeout_s, VideoError(f"{name}: no frame after {timeout_s:g} s")
    )
    if not ok or first is None:
        cap.release()
        raise VideoError(f"{name}: the video has no frames that can be read (empty or damaged)")
    rotation = int(cap.get(cv2.CAP_PROP_ORIENTATION_META) or 0) % 360
    auto = bool(cap.get(cv2.CAP_PROP_ORIENTATION_AUTO))
    height, width = first.shape[:2]
    manual = rotation in (90, 180, 270) and not auto
    if manual:
        width, height = _rotated_size(width, height, rotation)
    fps = float(cap.get(cv2.CAP_PROP_FPS) or 0.0)
    if not (math.isfinite(fps) and 1.0 <= fps <= 240.0):
        fps = DEFAULT_FPS
    count = cap.get(cv2.CAP_PROP_FRAME_COUNT)
    frames = int(count) if math.isfinite(count) and count > 0 else None
    return Source(
        cap, VideoInfo(p.name, width, height, fps, frames, rotation), first, rotate=manual
    )


def open_camera(
    index: int, *, timeout_s: float = OPEN_TIMEOUT_S, width: int = 1280, height: int = 720
) -> Source:
    """Open camera `index` (0 is the first); `CameraOpenError` when it cannot be used."""
    cv2 = require_cv2()
    where = f"camera {index}"
    if os.name == "posix" and not Path(f"/dev/video{index}").exists():
        raise CameraOpenError(
            f"{where} cannot be opened: there is no /dev/video{index} "
            "(is a camera plugged in and allowed?)"
        )

    def start() -> Any:
        cap = cv2.VideoCapture(index)
        if cap.isOpened():
            cap.set(cv2.CAP_PROP_FRAME_WIDTH, width)
            cap.set(cv2.CAP_PROP_FRAME_HEIGHT, height)
            cap.set(cv2.CAP_PROP_BUFFERSIZE, 1)
        return cap

    cap = _with_timeout(
        start, timeout_s, CameraOpenError(f"{where} did not open within {timeout_s:g} s")
    )
    if not cap.isOpened():
        cap.release()
        raise CameraOpenError(f"{where} cannot be opened (in use by another program, or no access)")
    ok, first = _with_timeout(
        cap.read, timeout_s, CameraOpenError(f"{where} sent no picture within {timeout_s:g} s")
    )
    if not ok or first is None:
        cap.release()
        raise CameraOpenError(f"{where} opened but sent no picture")
    h, w = first.shape[:2]
    fps = float(cap.get(cv2.CAP_PROP_FPS) or 0.0)
    if not (math.isfinite(fps) and 1.0 <= fps <= 240.0):
        fps = DEFAULT_FPS
    return Source(cap, VideoInfo(where, w, h, fps, None, 0, live=True), first)


def _with_timeout(fn: Callable[[], Any], timeout_s: float, error: Exception) -> Any:
    """Run a call that may block forever (a broken file or driver) on a helper thread."""
    box: list[Any] = []

    def run() -> None:
        try:
            box.append(("ok", fn()))
        except BaseException as exc:  # re-raised in the caller
            box.append(("err", exc))

    thread = threading.Thread(target=run, name="backcoach-video-open", daemon=True)
    thread.start()
    thread.join(timeout_s)
    if not box:
        raise error
    kind, value = box[0]
    if kind == "err":
        raise value
    return value
