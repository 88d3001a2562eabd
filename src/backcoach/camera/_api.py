"""The camera package's entry points: video -> landmarks, video -> track, video -> analysis."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

import numpy as np

from backcoach.camera._board import Board
from backcoach.camera._pipeline import BackendFactory, LandmarkStream, Progress
from backcoach.camera._video import INFERENCE_LONG_SIDE, open_video
from backcoach.motion import Analysis, PoseTrack, Prescription, StreamingAnalyzer, spec_for

__all__ = ["analyze_video", "iter_video_landmarks", "track_from_video"]


def iter_video_landmarks(
    path: str | os.PathLike[str],
    *,
    backend: BackendFactory | None = None,
    workers: int | None = None,
    long_side: int | None = INFERENCE_LONG_SIDE,
    keep_images: bool = False,
    progress: Progress | None = None,
) -> LandmarkStream:
    """Open a video and stream its landmarks: iterate the result for `PoseFrame`s
    (`.t`, `.points` [33, 4] or None, `.world`), in time order, in constant memory.

    Raises `VideoError` (one line) when the file cannot be read. `backend` makes the pose model
    (default BlazePose full); `workers` trackers run in parallel (default: 2 on a multi-core
    machine for longer videos); frames are shrunk to `long_side` pixels before the model.
    """
    return LandmarkStream(
        open_video(path),
        backend=backend,
        workers=workers,
        long_side=long_side,
        keep_images=keep_images,
        progress=progress,
    )


def _source(stream: LandmarkStream, path: str | os.PathLike[str]) -> dict[str, Any]:
    info = stream.info
    source: dict[str, Any] = {"kind": "video", "name": Path(path).name, "model": stream.model}
    if info.rotation:
        source["rotation"] = info.rotation
    source["video_size"] = [info.width, info.height]
    if stream.warnings:
        source["warnings"] = list(stream.warnings)
    return source


def track_from_video(
    path: str | os.PathLike[str],
    *,
    progress: Progress | None = None,
    backend: BackendFactory | None = None,
    workers: int | None = None,
    long_side: int | None = INFERENCE_LONG_SIDE,
) -> PoseTrack:
    """The pose track (pose-track v1 in memory) of a whole video.

    Camera warnings (a second person, a truncated file) are kept in `source["warnings"]`.
    """
    times: list[float] = []
    points: list[np.ndarray[Any, Any]] = []
    world: list[np.ndarray[Any, Any]] = []
    absent = np.full((33, 4), np.nan, dtype=np.float32)
    absent_w = np.full((33, 3), np.nan, dtype=np.float32)
    with iter_video_landmarks(
        path, backend=backend, workers=workers, long_side=long_side, progress=progress
    ) as stream:
        for frame in stream:
            times.append(frame.t)
            points.append(absent if frame.points is None else frame.points)
            world.append(absent_w if frame.world is None or frame.points is None else frame.world)
    n = len(times)
    pts = np.round(np.stack(points).astype(np.float64), 5) if n else np.zeros((0, 33, 4))
    wld = np.round(np.stack(world).astype(np.float64), 4) if n else np.zeros((0, 33, 3))
    has_world = bool(n) and bool(np.isfinite(wld[:, 0, 0]).any())
    return PoseTrack(
        t=np.asarray(times, dtype=np.float64),
        points=pts,
        fps=stream.fps,
        width=stream.width,
        height=stream.height,
        world=wld if has_world else None,
        source=_source(stream, path),
    )


def analyze_video(
    path: str | os.PathLike[str],
    exercise: str,
    *,
    hold_s: float | None = None,
    rest_s: float | None = None,
    annotate: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
    backend: BackendFactory | None = None,
    workers: int | None = None,
    long_side: int | None = INFERENCE_LONG_SIDE,
) -> Analysis:
    """Analyse a recorded set straight from its video, in one streaming pass.

    Memory stays flat however long the video. `annotate` writes a replay (MP4) with the
    skeleton, the measured angle, the rep counter, the hold timer and fault cues drawn on it.
    Camera warnings (a second person, a truncated file) join the analysis' warnings.
    """
    from backcoach.camera._annotate import ReplayWriter, draw_board

    spec = spec_for(exercise)
    prescribed = Prescription.default(spec.exercise, hold_s=hold_s, rest_s=rest_s)
    stream = iter_video_landmarks(
        path,
        backend=backend,
        workers=workers,
        long_side=long_side,
        keep_images=annotate is not None,
        progress=progress,
    )
    with stream:
        analyzer = StreamingAnalyzer(
            spec.exercise, prescribed, width=stream.width, height=stream.height, fps=stream.fps
        )
        writer = None
        board = None
        if annotate is not None:
            from backcoach.camera._deps import require_cv2

            cv2 = require_cv2()
            writer = ReplayWriter(annotate, stream.fps, stream.info.width, stream.info.height)
            board = Board(spec, prescribed, stream.width, stream.height)
        ok = False
        try:
            for frame in stream:
                events = analyzer.push(frame.t, frame.points)
                if writer is not None and board is not None and frame.bgr is not None:
                    board.update(frame.t, frame.points, events, analyzer.side)
                    writer.write(draw_board(cv2, frame.bgr, board, frame.points))
            ok = True
        finally:
            if writer is not None:
                writer.close(keep=ok)
        result = analyzer.finish()
    if stream.warnings:
        result = dataclasses.replace(result, warnings=(*result.warnings, *stream.warnings))
    return result
