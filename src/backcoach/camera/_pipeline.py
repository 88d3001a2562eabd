"""Video in, landmarks out, frame by frame in constant memory.

Decoding runs on its own thread (see `_video`); the pose model runs on one or more worker
threads, each with its own tracker (MediaPipe releases the GIL while it computes, so two
trackers use two cores). With several workers, frames are dealt round-robin and put back in
order, so the output is one frame per input frame, in time order, whatever the worker count.
"""

from __future__ import annotations

import contextlib
import os
import queue
import threading
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from backcoach.camera._backend import BlazePoseBackend, PoseBackend, PoseResult
from backcoach.camera._errors import CameraError
from backcoach.camera._landmarks import INDEX
from backcoach.camera._quiet import native_logs_filtered
from backcoach.camera._video import INFERENCE_LONG_SIDE, Frame, Source, inference_size

FloatArray = npt.NDArray[np.float32]
ImageArray = npt.NDArray[np.uint8]
BackendFactory = Callable[[], PoseBackend]
Progress = Callable[[int, int | None], None]
"""Called after each frame with (frames done, frames in all or None when unknown)."""

INFERENCE_TIMEOUT_S = 60.0
PEOPLE_CHECK_EVERY_S = 3.0
"""How often (video time) to look for a second person beside the one being tracked."""
PARALLEL_MIN_FRAMES = 300
"""Below this many frames one tracker is faster than starting a second one."""

_BODY = [INDEX[n] for n in ("left_shoulder", "right_shoulder", "left_hip", "right_hip")]


@dataclass(frozen=True, slots=True)
class PoseFrame:
    """One frame's result: `points[33, 4]` and `world[33, 3]` (None when nobody was found)
    and, when images were asked for, the full upright frame `bgr`."""

    index: int
    t: float
    points: FloatArray | None
    world: FloatArray | None = None
    bgr: ImageArray | None = None
    captured: float = 0.0
    """The monotonic clock when the frame was read (latency = now - captured)."""


def default_workers(frames: int | None) -> int:
    """Trackers to run: two on a multi-core machine for videos long enough to repay it."""
    cores = os.cpu_count() or 1
    if cores < 2 or (frames is not None and frames < PARALLEL_MIN_FRAMES):
        return 1
    return 2


@dataclass
class _PeopleCheck:
    """Looks now and then for another person once the tracked one is masked out."""

    every_s: float
    checks: int = 0
    seen: int = 0
    next_t: float = 0.0
    _detector: PoseBackend | None = field(default=None, repr=False)

    def maybe(self, frame: Frame, points: FloatArray | None) -> None:
        if self.every_s <= 0 or points is None or frame.t < self.next_t:
            return
        self.next_t = frame.t + self.every_s
        h, w = frame.rgb.shape[:2]
        xy = points[:, :2] * np.array([w, h], dtype=np.float32)
        lo, hi = xy.min(axis=0), xy.max(axis=0)
        pad = 0.15 * (hi - lo) + 8
        x0, y0 = (np.maximum(lo - pad, 0)).astype(int)
        x1, y1 = (np.minimum(hi + pad, [w, h])).astype(int)
        masked = frame.rgb.copy()
        masked[y0:y1, x0:x1] = 127
        if self._detector is None:
            self._detector = BlazePoseBackend(static=True, min_detection=0.6)
        other = self._detector.process(masked, 0)
        self.checks += 1
        if other is not None and float(other.points[_BODY, 3].mean()) > 0.6:
            self.seen += 1

    @property
    def warning(self) -> str | None:
        if self.seen >= 2 and self.seen >= 0.3 * self.checks:
            return (
                "more than one person in view: followed the one found first; "
                "film one person at a time for reliable counts"
            )
        return None

    def close(self) -> None:
        if self._detector is not None:
            self._detector.close()


class _Tracker:
    """One pose model fed frames in order, with strictly increasing timestamps."""

    def __init__(self, backend: PoseBackend) -> None:
        self.backend = backend
        self._last_ms = -1

    def infer(self, frame: Frame) -> PoseResult | None:
        t_ms = max(int(frame.t * 1000), self._last_ms + 1)
        self._last_ms = t_ms
        return self.backend.process(frame.rgb, t_ms)


class _Worker(_Tracker):
    """A tracker on its own thread: frames in through `inbox`, results out through `outbox`."""

    def __init__(self, backend: PoseBackend) -> None:
        super().__init__(backend)
        self.inbox: queue.Queue[Frame | None] = queue.Queue(maxsize=4)
        self.outbox: queue.Queue[tuple[Frame, PoseResult | None] | BaseException] = queue.Queue()
        self.thread = threading.Thread(target=self._run, name="backcoach-pose", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            while (frame := self.inbox.get()) is not None:
                self.outbox.put((frame, self.infer(frame)))
        except BaseException as exc:  # re-raised by the consumer
            self.outbox.put(exc)

    def take(self) -> tuple[Frame, PoseResult | None]:
        try:
            item = self.outbox.get(timeout=INFERENCE_TIMEOUT_S)
        except queue.Empty:
            raise CameraError(
                f"the pose model gave no answer for {INFERENCE_TIMEOUT_S:g} s"
            ) from None
        if isinstance(item, BaseException):
            raise item
        return item

    def stop(self) -> None:
        with contextlib.suppress(queue.Full):
            self.inbox.put(None, timeout=1.0)


class LandmarkStream:
    """Landmarks of one person, frame by frame, from an opened video `source`.

    Iterate it once (it yields `PoseFrame`s in time order); `width`/`height` are the analysed
    frames' pixels, `fps` the nominal rate, `model` the pose model's name. `warnings` fills in
    while it runs (a second person, a video that ends early); `frames_done` and
    `frames_with_pose` count as it goes. Use it as a context manager to release everything.
    """

    def __init__(
        self,
        source: Source,
        *,
        backend: BackendFactory | None = None,
        workers: int | None = None,
        long_side: int | None = INFERENCE_LONG_SIDE,
        keep_images: bool = False,
        progress: Progress | None = None,
        people_check_s: float = PEOPLE_CHECK_EVERY_S,
        latest_only: bool = False,
        pace: float | None = None,
    ) -> None:
        self.source = source
        self.info = source.info
        self.width, self.height = inference_size(self.info.width, self.info.height, long_side)
        self.fps = self.info.fps
        self._factory: BackendFactory = backend or BlazePoseBackend
        self._workers = max(
            1, workers if workers is not None else default_workers(self.info.frames)
        )
        self._long_side = long_side
        self._keep = keep_images
        self._progress = progress
        self._people = _PeopleCheck(people_check_s)
        self._latest_only = latest_only
        self._pace = pace
        self.warnings: list[str] = []
        self.frames_done = 0
        self.frames_with_pose = 0
        self.model = ""
        self._started = False
        self._backends: list[PoseBackend] = []

    def __enter__(self) -> LandmarkStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the model(s) and release the source."""
        for b in self._backends:
            b.close()
        self._backends = []
        self._people.close()
        if not self._started:
            self.source.close()

    def __iter__(self) -> Iterator[PoseFrame]:
        if self._started:
            raise RuntimeError("a LandmarkStream can be iterated only once")
        self._started = True
        with native_logs_filtered():
            self._backends = [self._factory() for _ in range(self._workers)]
            self.model = self._backends[0].model
            frames = self.source.frames(
                long_side=self._long_side,
                keep_bgr=self._keep,
                latest_only=self._latest_only,
                pace=self._pace,
            )
            try:
                if self._workers == 1:
                    yield from self._serial(frames)
                else:
                    yield from self._parallel(frames)
            finally:
                frames.close()
                self.close()
        if self.source.stopped_early and self.info.frames:
            self.warnings.append(
                f"the video ended after {self.frames_done} of its {self.info.frames} frames: "
                "the file may be truncated"
            )
        people = self._people.warning
        if people:
            self.warnings.append(people)

    def _serial(self, frames: Iterator[Frame]) -> Iterator[PoseFrame]:
        worker = _Tracker(self._backends[0])
        for frame in frames:
            yield self._emit(frame, worker.infer(frame))

    def _parallel(self, frames: Iterator[Frame]) -> Iterator[PoseFrame]:
        workers = [_Worker(b) for b in self._backends]
        pending: deque[_Worker] = deque()
        try:
            for frame in frames:
                w = workers[frame.index % len(workers)]
                w.inbox.put(frame)
                pending.append(w)
                while len(pending) > 2 * len(workers):
                    yield self._emit(*pending.popleft().take())
            while pending:
                yield self._emit(*pending.popleft().take())
        finally:
            for w in workers:
                w.stop()
            for w in workers:
                w.thread.join(timeout=5.0)

    def _emit(self, frame: Frame, result: PoseResult | None) -> PoseFrame:
        points = None if result is None else result.points
        self._people.maybe(frame, points)
        self.frames_done += 1
        if points is not None:
            self.frames_with_pose += 1
        if self._progress is not None:
            self._progress(self.frames_done, self.info.frames)
        return PoseFrame(
            frame.index,
            frame.t,
            points,
            None if result is None else result.world,
            frame.bgr,
            frame.captured,
        )
