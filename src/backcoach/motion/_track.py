"""A pose track in memory (`PoseTrack`) and its pose-track v1 document form.

`track_from_dict` checks a document exactly as the pose-track contract asks and names the
problem (and the frame) in a `TrackError`; `track_to_dict` writes it back. No file I/O here:
`backcoach.trackfile` reads and writes files.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeGuard

import numpy as np
import numpy.typing as npt

from backcoach.errors import BackcoachError
from backcoach.motion._landmarks import LANDMARK_NAMES, NUM_LANDMARKS

FORMAT = "pose-track"
VERSION = 1

FloatArray = npt.NDArray[np.floating[Any]]


class TrackError(BackcoachError, ValueError):
    """A pose track that cannot be used: the message names the problem and the frame."""


@dataclass(frozen=True, eq=False)
class PoseTrack:
    """One person's landmarks, frame by frame, checked at construction.

    - `t`: float64[n], seconds from the start, finite and non-decreasing.
    - `points`: float[n, 33, 4] of `x, y, z, visibility` (x, y normalised to the frame); a
      frame without a person is a row of NaN, any other frame is all finite.
    - `world`: optional float[n, 33, 3], metres (NaN rows where absent).
    - `fps`, `width`, `height`: positive; `width`/`height` turn x, y into true angles.
    - `source`: free-form provenance.
    """

    t: npt.NDArray[np.float64]
    points: FloatArray
    fps: float
    width: float
    height: float
    world: FloatArray | None = None
    source: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        t = np.asarray(self.t, dtype=np.float64)
        points = np.asarray(self.points)
        if points.dtype not in (np.float32, np.float64):
            points = points.astype(np.float64)
        object.__setattr__(self, "t", t)
        object.__setattr__(self, "points", points)
        if t.ndim != 1:
            raise TrackError(f"times must be one-dimensional, got shape {t.shape}")
        n = t.shape[0]
        if points.shape != (n, NUM_LANDMARKS, 4):
            raise TrackError(
                f"points must have shape ({n}, {NUM_LANDMARKS}, 4), got {points.shape}"
            )
        if not np.all(np.isfinite(t)):
            raise TrackError(f"frame {int(np.argmin(np.isfinite(t)))}: time is not a finite number")
        backwards = np.flatnonzero(np.diff(t) < 0)
        if backwards.size:
            i = int(backwards[0]) + 1
            raise TrackError(
                f"frame {i}: time {t[i]:g} s goes back before the previous frame's {t[i - 1]:g} s"
            )
        finite = np.isfinite(points).reshape(n, -1)
        partial = np.flatnonzero(finite.any(axis=1) & ~finite.all(axis=1))
        if partial.size:
            raise TrackError(f"frame {int(partial[0])}: non-finite number in points")
        if self.world is not None:
            world = np.asarray(self.world)
            if world.dtype not in (np.float32, np.float64):
                world = world.astype(np.float64)
            object.__setattr__(self, "world", world)
            if world.shape != (n, NUM_LANDMARKS, 3):
                raise TrackError(
                    f"world must have shape ({n}, {NUM_LANDMARKS}, 3), got {world.shape}"
                )
            wfinite = np.isfinite(world).reshape(n, -1)
            wpartial = np.flatnonzero(wfinite.any(axis=1) & ~wfinite.all(axis=1))
            if wpartial.size:
                raise TrackError(f"frame {int(wpartial[0])}: non-finite number in world")
        for name in ("fps", "width", "height"):
            value = getattr(self, name)
            if not _positive_number(value):
                raise TrackError(f"{name} must be a positive number, got {value!r}")
            object.__setattr__(self, name, float(value))
        object.__setattr__(self, "source", dict(self.source))

    @property
    def n_frames(self) -> int:
        """Number of frames, with or without a person."""
        return int(self.t.shape[0])

    @property
    def has_pose(self) -> npt.NDArray[np.bool_]:
        """bool[n]: the frames where a person was found."""
        return np.asarray(np.isfinite(self.points[:, 0, 0]))

    @property
    def duration_s(self) -> float:
        """Seconds from the first to the last frame (0 for fewer than two frames)."""
        return float(self.t[-1] - self.t[0]) if self.n_frames > 1 else 0.0


def _positive_number(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return math.isfinite(value) and value > 0


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _frame_rows(frame_index: int, rows: object, width: int, what: str) -> list[list[float]]:
    """Check one frame's `points` or `world` list; return it as floats."""
    if not isinstance(rows, list):
        raise TrackError(f"frame {frame_index}: {what} must be a list or null")
    if len(rows) != NUM_LANDMARKS:
        raise TrackError(f"frame {frame_index}: expected {NUM_LANDMARKS} {what}, got {len(rows)}")
    out: list[list[float]] = []
    for j, row in enumerate(rows):
        if not isinstance(row, list) or len(row) != width:
            raise TrackError(
                f"frame {frame_index}: {what} {j} ({LANDMARK_NAMES[j]}) must be a list of "
                f"{width} numbers"
            )
        for value in row:
            if not _is_number(value):
                raise TrackError(
                    f"frame {frame_index}: {what} {j} ({LANDMARK_NAMES[j]}) holds {value!r}, "
                    "not a number"
                )
            if not math.isfinite(value):
                raise TrackError(f"frame {frame_index}: non-finite number in {what}")
        out.append([float(v) for v in row])
    return out


def _stack(
    frames: Sequence[Mapping[str, Any]], key: str, width: int, what: str, n: int
) -> npt.NDArray[np.float64] | None:
    """All frames' `key` arrays as float64[n, 33, width], NaN where null; None if never given."""
    present = [i for i, f in enumerate(frames) if f.get(key) is not None]
    if not present:
        return None
    out = np.full((n, NUM_LANDMARKS, width), np.nan)
    values = [frames[i][key] for i in present]
    try:
        block = np.array(values)
        fast = block.shape == (len(present), NUM_LANDMARKS, width) and block.dtype.kind in "fiu"
    except (ValueError, TypeError):
        fast = False
    if fast and np.all(np.isfinite(block)):
        out[present] = block
        return out
    # The slow path finds and names the first bad frame.
    for i in present:
        out[i] = _frame_rows(i, frames[i][key], width, what)
    return out


def track_from_dict(doc: Mapping[str, Any]) -> PoseTrack:
    """Check a pose-track v1 document (parsed JSON) and build the `PoseTrack`.

    Raises `TrackError` naming the problem, and the frame index where there is one.
    """
    if not isinstance(doc, Mapping):
        raise TrackError("not a pose track: the document is not a JSON object")
    fmt = doc.get("format")
    if fmt != FORMAT:
        raise TrackError(f"not a pose track: format is {fmt!r}, expected {FORMAT!r}")
    version = doc.get("version")
    if version != VERSION or isinstance(version, bool):
        raise TrackError(
            f"unsupported pose-track version {version!r} (this reader knows {VERSION})"
        )
    for name in ("fps", "width", "height"):
        if name not in doc or doc[name] is None:
            raise TrackError(f"pose track has no {name}")
        if not _positive_number(doc[name]):
            raise TrackError(f"{name} must be a positive number, got {doc[name]!r}")
    landmarks = doc.get("landmarks")
    if not isinstance(landmarks, list) or [str(x).lower() for x in landmarks] != list(
        LANDMARK_NAMES
    ):
        raise TrackError(_landmark_problem(landmarks))
    frames = doc.get("frames")
    if not isinstance(frames, list):
        raise TrackError("pose track has no list of frames")
    times = np.empty(len(frames))
    previous = -math.inf
    for i, frame in enumerate(frames):
        if not isinstance(frame, Mapping):
            raise TrackError(f"frame {i}: not a JSON object")
        raw_t = frame.get("t")
        if not _is_number(raw_t):
            raise TrackError(f"frame {i}: time 't' is missing or not a number")
        t = float(raw_t)
        if not math.isfinite(t):
            raise TrackError(f"frame {i}: time is not a finite number")
        if t < previous:
            raise TrackError(
                f"frame {i}: time {t:g} s goes back before the previous {previous:g} s"
            )
        previous = t
        times[i] = t
        if "points" not in frame:
            raise TrackError(f"frame {i}: no 'points' (use null for a frame without a person)")
    n = len(frames)
    points = _stack(frames, "points", 4, "points", n)
    if points is None:
        points = np.full((n, NUM_LANDMARKS, 4), np.nan)
    world = _stack(frames, "world", 3, "world points", n)
    source = doc.get("source") or {}
    if not isinstance(source, Mapping):
        raise TrackError("source must be a JSON object")
    return PoseTrack(
        t=times,
        points=points,
        fps=doc["fps"],
        width=doc["width"],
        height=doc["height"],
        world=world,
        source=dict(source),
    )


def _landmark_problem(landmarks: object) -> str:
    if not isinstance(landmarks, list):
        return "pose track has no list of landmark names"
    if len(landmarks) != NUM_LANDMARKS:
        return f"expected the {NUM_LANDMARKS} BlazePose landmark names, got {len(landmarks)} names"
    for i, (got, want) in enumerate(zip(landmarks, LANDMARK_NAMES, strict=True)):
        if str(got).lower() != want:
            return f"landmark {i} is {got!r}, expected {want!r} (BlazePose order)"
    return "landmark names are not the BlazePose ones"  # pragma: no cover


def _plain(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def track_to_dict(track: PoseTrack) -> dict[str, Any]:
    """The pose-track v1 document for `track` (JSON-ready: plain lists and floats, null rows)."""
    has_pose = track.has_pose
    points = track.points.astype(np.float64).tolist()
    world_has = None
    world: list[Any] | None = None
    if track.world is not None:
        world_has = np.isfinite(track.world[:, 0, 0])
        world = track.world.astype(np.float64).tolist()
    frames: list[dict[str, Any]] = []
    for i in range(track.n_frames):
        frame: dict[str, Any] = {
            "t": float(track.t[i]),
            "points": points[i] if has_pose[i] else None,
        }
        if world is not None and world_has is not None and world_has[i]:
            frame["world"] = world[i]
        frames.append(frame)
    return {
        "format": FORMAT,
        "version": VERSION,
        "fps": track.fps,
        "width": _plain(track.width),
        "height": _plain(track.height),
        "landmarks": list(LANDMARK_NAMES),
        "source": dict(track.source),
        "frames": frames,
    }
