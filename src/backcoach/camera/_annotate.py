"""Annotated replays: the skeleton, the measured angle, the rep counter, the hold timer and the
fault cues drawn on each frame (OpenCV), written as MP4 on a background thread."""

from __future__ import annotations

import os
import queue
import threading
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from backcoach.camera._board import Board
from backcoach.camera._deps import require_cv2
from backcoach.camera._errors import CameraError
from backcoach.camera._landmarks import BONES, INDEX

ImageArray = npt.NDArray[np.uint8]

_NEAR = (60, 220, 255)  # BGR: the side being measured
_FAR = (200, 160, 90)
_JOINT = (255, 255, 255)
_LOW_VISIBILITY = 0.5
_COLOURS = {"cue": (255, 255, 255), "fault": (80, 80, 255), "warning": (60, 200, 255)}
_LIMB_JOINTS = ("shoulder", "elbow", "wrist", "hip", "knee", "ankle", "heel", "foot_index")
_SIDE_JOINTS = (
    frozenset(INDEX[f"left_{j}"] for j in _LIMB_JOINTS),
    frozenset(INDEX[f"right_{j}"] for j in _LIMB_JOINTS),
)


def draw_skeleton(
    cv2: Any, image: ImageArray, points: npt.NDArray[np.floating[Any]], side: int, scale: float
) -> None:
    """Bones and joints; the measured side bright, the other side muted, unsure joints thin."""
    h, w = image.shape[:2]
    xy = np.round(np.asarray(points)[:, :2] * [w, h]).astype(int)
    vis = np.asarray(points)[:, 3]
    lw = max(1, round(3 * scale))
    near = _SIDE_JOINTS[side]
    for a, b in BONES:
        colour = _NEAR if (a in near or b in near) else _FAR
        thick = lw if min(vis[a], vis[b]) >= _LOW_VISIBILITY else max(1, lw // 2)
        cv2.line(image, tuple(xy[a]), tuple(xy[b]), colour, thick, cv2.LINE_AA)
    for i in _SIDE_JOINTS[0] | _SIDE_JOINTS[1]:
        if vis[i] >= _LOW_VISIBILITY:
            cv2.circle(image, tuple(xy[i]), lw + 1, _JOINT, -1, cv2.LINE_AA)


def _text(
    cv2: Any,
    image: ImageArray,
    text: str,
    org: tuple[int, int],
    scale: float,
    colour: tuple[int, int, int],
) -> None:
    thick = max(1, round(2 * scale))
    cv2.putText(
        image, text, org, cv2.FONT_HERSHEY_SIMPLEX, 0.6 * scale, (0, 0, 0), thick + 2, cv2.LINE_AA
    )
    cv2.putText(image, text, org, cv2.FONT_HERSHEY_SIMPLEX, 0.6 * scale, colour, thick, cv2.LINE_AA)


def draw_board(
    cv2: Any, image: ImageArray, board: Board, points: npt.NDArray[np.floating[Any]] | None
) -> ImageArray:
    """Draw the skeleton and the coaching panel on `image` (in place) and return it."""
    h, w = image.shape[:2]
    scale = max(0.5, min(w, h) / 480.0)
    if points is not None:
        draw_skeleton(cv2, image, points, board.angle_side, scale)
        if board.angle is not None:
            side = "left" if board.angle_side == 0 else "right"
            j = np.asarray(points)[INDEX[f"{side}_{board.signal_joint}"]]
            org = (int(j[0] * w + 12 * scale), int(j[1] * h - 12 * scale))
            _text(cv2, image, f"{board.signal_label} {board.angle:.0f} deg", org, scale, _NEAR)
    line = round(26 * scale)
    x, y = round(10 * scale), round(10 * scale)
    panel = [
        (board.spec.exercise.value.replace("_", " "), (255, 255, 255)),
        (board.rep_text(), (255, 255, 255)),
        (board.hold_text(), (120, 255, 120) if board.phase == "holding" else (230, 230, 230)),
    ]
    if not board.person:
        panel.append(("No person seen", _COLOURS["warning"]))
    messages = board.current_messages()[:3]
    rows = len(panel) + len(messages)
    overlay = image[y : y + rows * line + round(10 * scale), x : x + round(300 * scale)]
    overlay[:] = (overlay * 0.45).astype(np.uint8)
    for k, (text, colour) in enumerate(panel):
        _text(cv2, image, text, (x + round(8 * scale), y + (k + 1) * line), scale, colour)
    for k, m in enumerate(messages):
        row = len(panel) + k + 1
        _text(cv2, image, m.text, (x + round(8 * scale), y + row * line), scale, _COLOURS[m.kind])
    return image


class ReplayWriter:
    """Writes annotated frames to an MP4 on its own thread (encoding overlaps the analysis)."""

    def __init__(self, path: str | os.PathLike[str], fps: float, width: int, height: int) -> None:
        cv2 = require_cv2()
        self.path = Path(path)
        if self.path.suffix.lower() not in (".mp4", ".m4v", ".mov"):
            raise CameraError(f"{self.path}: the annotated replay must be an .mp4 file")
        if not self.path.parent.is_dir():
            raise CameraError(f"{self.path.parent}: no such folder for the annotated replay")
        self._tmp = self.path.with_name(self.path.stem + ".part" + self.path.suffix)
        fourcc = cv2.VideoWriter_fourcc(*"mp4v")
        self._writer = cv2.VideoWriter(str(self._tmp), fourcc, float(fps), (width, height))
        if not self._writer.isOpened():
            raise CameraError(f"{self.path}: cannot write a video there")
        self._size = (width, height)
        self._queue: queue.Queue[ImageArray | None] = queue.Queue(maxsize=8)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="backcoach-replay", daemon=True)
        self._thread.start()
        self.frames = 0

    def _run(self) -> None:
        try:
            while (image := self._queue.get()) is not None:
                self._writer.write(image)
        except BaseException as exc:  # reported by close()
            self._error = exc

    def write(self, image: ImageArray) -> None:
        """Queue one BGR frame of the video's size."""
        if self._error is not None:
            raise CameraError(f"{self.path}: writing the replay failed ({self._error})")
        self._queue.put(image)
        self.frames += 1

    def close(self, *, keep: bool = True) -> Path | None:
        """Finish the file (or drop it when `keep` is false); the path written, if any."""
        self._queue.put(None)
        self._thread.join()
        self._writer.release()
        if self._error is not None or not keep or self.frames == 0:
            self._tmp.unlink(missing_ok=True)
            if self._error is not None:
                raise CameraError(f"{self.path}: writing the replay failed ({self._error})")
            return None
        self._tmp.replace(self.path)
        return self.path
