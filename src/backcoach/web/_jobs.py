"""Video analyses as background jobs: one at a time on a worker thread of their own, the rest
waiting in order. A job outlives the request (and the page) that started it; the state of each is
kept in memory for the pages to poll, the result goes to the store."""

from __future__ import annotations

import itertools
import logging
import threading
import uuid
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from backcoach.errors import BackcoachError

if TYPE_CHECKING:
    from backcoach.storage import Store

log = logging.getLogger("backcoach.web")

JobState = Literal["queued", "running", "done", "failed"]
Step = Literal["waiting", "analysing", "replay", "finished"]

MAX_WAITING = 8
"""Jobs that may wait behind the running one; more are refused until some are done."""
KEEP_FINISHED = 100
"""Finished jobs remembered for polling (the oldest are forgotten first)."""
ANALYSIS_SHARE = 0.9
"""Part of the progress bar given to the analysis; writing the replay takes the rest."""


class JobsFullError(BackcoachError):
    """Too many videos are waiting already."""


class JobCancelledError(BackcoachError):
    """The server is stopping: the job was given up."""


@dataclass(frozen=True, slots=True)
class VideoRequest:
    """One uploaded video to analyse. `upload` is a temporary file the job removes when done."""

    upload: Path
    video_name: str
    exercise: str
    hold_s: float | None = None
    rest_s: float | None = None


@dataclass(frozen=True, slots=True)
class JobStatus:
    """Where a job stands (a snapshot: it does not change as the job goes on)."""

    id: str
    request: VideoRequest
    created_at: datetime
    state: JobState = "queued"
    step: Step = "waiting"
    frames_done: int = 0
    frames_total: int | None = None
    error: str | None = None
    analysis_id: int | None = None
    ahead: int = 0
    """Jobs before this one in the queue (the running one included)."""

    @property
    def percent(self) -> float | None:
        """How far along the whole job is, 0-100; None while the frame count is unknown."""
        if self.state == "done":
            return 100.0
        if self.state == "queued" or self.step == "waiting":
            return 0.0
        if not self.frames_total:
            return None
        part = min(1.0, self.frames_done / self.frames_total)
        if self.step == "analysing":
            return round(100 * ANALYSIS_SHARE * part, 1)
        return round(100 * (ANALYSIS_SHARE + (1 - ANALYSIS_SHARE) * part), 1)


Report = Callable[[Step, int, int | None], None]
"""What a runner calls as it goes: the step, frames done, frames in all (None: unknown)."""
Runner = Callable[[str, VideoRequest, Report], int]
"""Runs one job (its id, its request, the progress report) and returns the stored analysis id;
a `BackcoachError` fails the job with its one-line message."""


class VideoJobs:
    """The queue and the worker: `submit` a video, poll `status`; `close` on shutdown.

    The worker thread starts with the first job. A runner's progress report is also where a
    job is stopped when the server closes (it raises `JobCancelledError`).
    """

    def __init__(
        self,
        runner: Runner,
        now: Callable[[], datetime],
        *,
        max_waiting: int = MAX_WAITING,
        keep_finished: int = KEEP_FINISHED,
    ) -> None:
        self._runner = runner
        self._now = now
        self._max_waiting = max_waiting
        self._keep_finished = keep_finished
        self._jobs: OrderedDict[str, JobStatus] = OrderedDict()
        self._waiting: deque[str] = deque()
        self._running: str | None = None
        self._closing = False
        self._lock = threading.Condition()
        self._thread: threading.Thread | None = None
        self._serial = itertools.count(1)

    def submit(self, request: VideoRequest) -> JobStatus:
        """Queue a video; `JobsFullError` when too many are waiting (the upload is then the
        caller's to remove)."""
        with self._lock:
            if self._closing:
                raise JobCancelledError("the server is stopping: try again when it is back")
            if len(self._waiting) >= self._max_waiting:
                n = len(self._waiting)
                raise JobsFullError(
                    f"{n} video{' is' if n == 1 else 's are'} waiting to be analysed already: "
                    "send this one when they are done"
                )
            job_id = f"{next(self._serial)}-{uuid.uuid4().hex[:12]}"
            self._jobs[job_id] = JobStatus(job_id, request, self._now())
            self._waiting.append(job_id)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._work, name="backcoach-video-jobs", daemon=True
                )
                self._thread.start()
            self._lock.notify_all()
            return self._snapshot(job_id)

    def status(self, job_id: str) -> JobStatus | None:
        """The job's state now, or None for a job this server does not know."""
        with self._lock:
            return self._snapshot(job_id) if job_id in self._jobs else None

    def close(self, timeout_s: float = 30.0) -> None:
        """Stop: the running job is given up at its next frame, waiting ones are dropped (their
        uploads removed), and the worker is waited for."""
        with self._lock:
            self._closing = True
            dropped = [self._jobs[j].request.upload for j in self._waiting]
            for job_id in self._waiting:
                self._finish(job_id, "failed", error="the server stopped before this video's turn")
            self._waiting.clear()
            self._lock.notify_all()
            thread = self._thread
        for upload in dropped:
            upload.unlink(missing_ok=True)
        if thread is not None:
            thread.join(timeout_s)

    # -- the worker ------------------------------------------------------------------------------

    def _snapshot(self, job_id: str) -> JobStatus:
        job = self._jobs[job_id]
        if job.state != "queued":
            return job
        ahead = list(self._waiting).index(job_id) + (self._running is not None)
        return replace(job, ahead=ahead)

    def _update(self, job_id: str, **changes: object) -> None:
        with self._lock:
            self._jobs[job_id] = replace(self._jobs[job_id], **changes)  # type: ignore[arg-type]

    def _finish(self, job_id: str, state: JobState, **changes: object) -> None:
        self._jobs[job_id] = replace(
            self._jobs[job_id],
            state=state,
            step="finished",
            **changes,  # type: ignore[arg-type]
        )
        finished = [j for j, s in self._jobs.items() if s.state in ("done", "failed")]
        for old in finished[: max(0, len(finished) - self._keep_finished)]:
            del self._jobs[old]

    def _work(self) -> None:
        while True:
            with self._lock:
                while not self._waiting and not self._closing:
                    self._lock.wait()
                if self._closing:
                    return
                job_id = self._waiting.popleft()
                self._running = job_id
                self._jobs[job_id] = replace(self._jobs[job_id], state="running", step="analysing")
                request = self._jobs[job_id].request

            def report(step: Step, done: int, total: int | None, job_id: str = job_id) -> None:
                if self._closing:
                    raise JobCancelledError("the server stopped while this video was analysed")
                self._update(job_id, step=step, frames_done=done, frames_total=total)

            outcome: dict[str, object]
            try:
                analysis_id = self._runner(job_id, request, report)
                outcome = {"state": "done", "analysis_id": analysis_id}
            except BackcoachError as exc:
                outcome = {"state": "failed", "error": str(exc).splitlines()[0]}
            except Exception as exc:  # the job fails, the worker goes on with the next one
                log.exception("video analysis %s failed", job_id)
                outcome = {
                    "state": "failed",
                    "error": f"internal error: {type(exc).__name__} (please report it)",
                }
            finally:
                request.upload.unlink(missing_ok=True)
            with self._lock:
                state = outcome.pop("state")
                self._finish(job_id, state, **outcome)  # type: ignore[arg-type]
                self._running = None


# -- the video runner ------------------------------------------------------------------------------

REPLAY_LONG_SIDE = 960
"""Replays are shrunk to at most this many pixels on their long side: enough on any screen, and
quick to encode."""
REPLAY_FORMATS = (("webm", "VP80", "video/webm"),)
"""What the replay is re-encoded to, in order of preference: the installed OpenCV's FFmpeg writes
VP8 WebM (Chromium, Firefox and Safari play it) but no H.264. Its own MPEG-4 Part 2 (mp4v), which
browsers do not play, is kept as a last resort."""
FALLBACK_FORMAT = ("mp4", "video/mp4")
STALE_AFTER_S = 6 * 3600.0
"""Temporary files older than this in the analyses folder are from a server that stopped short."""
INCOMING = ".incoming"


def replay_file(folder: Path, analysis_id: int) -> tuple[Path, str] | None:
    """The annotated replay kept for an analysis, with its media type, if there is one."""
    for suffix, media_type in (*((f, m) for f, _, m in REPLAY_FORMATS), FALLBACK_FORMAT):
        path = folder / f"{analysis_id}.{suffix}"
        if path.is_file():
            return path, media_type
    return None


def incoming_folder(folder: Path) -> Path:
    """Where uploads wait for their turn (made when needed)."""
    incoming = folder / INCOMING
    incoming.mkdir(parents=True, exist_ok=True)
    return incoming


def remove_stale(folder: Path, now_s: float) -> int:
    """Remove the temporary files a stopped server left behind; how many were removed."""
    removed = 0
    for place in (folder, folder / INCOMING):
        if not place.is_dir():
            continue
        for path in place.iterdir():
            if path.name.startswith(".") and path.is_file():
                try:
                    if now_s - path.stat().st_mtime > STALE_AFTER_S:
                        path.unlink()
                        removed += 1
                except OSError:
                    pass
    return removed


def _even(n: float) -> int:
    return max(2, int(n) // 2 * 2)


def write_browser_replay(source: Path, stem: Path, report: Report) -> Path:
    """Re-encode the annotated replay `source` (mp4v) for browsers, next to `stem`; the path
    written. Frames are shrunk to `REPLAY_LONG_SIDE`; `report` hears ("replay", done, total)."""
    from backcoach.camera import CameraError
    from backcoach.camera._deps import require_cv2

    cv2 = require_cv2()
    capture = cv2.VideoCapture(str(source))
    try:
        fps = float(capture.get(cv2.CAP_PROP_FPS) or 0.0) or 15.0
        count = int(capture.get(cv2.CAP_PROP_FRAME_COUNT) or 0)
        total = count if count > 0 else None
        ok, frame = capture.read()
        if not ok:
            raise CameraError("the annotated replay could not be read back")
        height, width = frame.shape[:2]
        scale = min(1.0, REPLAY_LONG_SIDE / max(width, height))
        size = (_even(width * scale), _even(height * scale))
        for suffix, fourcc, _ in REPLAY_FORMATS:
            target = stem.with_name(f"{stem.name}.{suffix}")
            part = stem.with_name(f"{stem.name}.part.{suffix}")
            writer = cv2.VideoWriter(str(part), cv2.VideoWriter_fourcc(*fourcc), fps, size)
            if writer.isOpened():
                break
            writer.release()
            part.unlink(missing_ok=True)
        else:
            target = stem.with_name(f"{stem.name}.{FALLBACK_FORMAT[0]}")
            source.replace(target)
            return target
        done = 0
        try:
            while ok:
                if size != (width, height):
                    frame = cv2.resize(frame, size, interpolation=cv2.INTER_AREA)
                writer.write(frame)
                done += 1
                if done % 15 == 0:
                    report("replay", done, total)
                ok, frame = capture.read()
        except BaseException:
            writer.release()
            part.unlink(missing_ok=True)
            raise
        writer.release()
        part.replace(target)
        report("replay", done, done)
        return target
    finally:
        capture.release()


def video_runner(store: Store, now: Callable[[], datetime], folder: Path) -> Runner:
    """The runner behind the web's video uploads: `analyze_video` with an annotated replay, the
    replay re-encoded for browsers and kept as `<folder>/<analysis id>.webm`, the analysis
    stored (source 'video')."""

    def run(job_id: str, request: VideoRequest, report: Report) -> int:
        from backcoach.camera import CameraError, analyze_video

        folder.mkdir(parents=True, exist_ok=True)
        annotated = folder / f".{job_id}.mp4"
        stem = folder / f".{job_id}-replay"
        replay: Path | None = None
        try:
            try:
                result = analyze_video(
                    request.upload,
                    request.exercise,
                    hold_s=request.hold_s,
                    rest_s=request.rest_s,
                    annotate=annotated,
                    progress=lambda done, total: report("analysing", done, total),
                )
                if annotated.is_file():
                    replay = write_browser_replay(annotated, stem, report)
            except CameraError as exc:
                text = str(exc).replace(str(request.upload), request.video_name)
                raise CameraError(text) from exc
            stored = store.add_analysis(
                result.to_dict(),
                source="video",
                created_at=now(),
                video_name=request.video_name,
            )
            if replay is not None:
                replay.replace(folder / f"{stored.id}{replay.suffix}")
                replay = None
            return stored.id
        finally:
            annotated.unlink(missing_ok=True)
            if replay is not None:
                replay.unlink(missing_ok=True)

    return run
