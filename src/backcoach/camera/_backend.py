"""The pose-model seam: RGB frames in, 33 body landmarks out.

`PoseBackend` is what the rest of the camera package needs from a pose model; `BlazePoseBackend`
is MediaPipe 0.10.21's BlazePose (`solutions.pose`, video mode: the person found in one frame is
tracked into the next, the detector runs again only when the track is lost). Its models ship
inside the wheel, so nothing is downloaded at run time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

import numpy as np
import numpy.typing as npt

from backcoach.camera._deps import require_mediapipe
from backcoach.camera._quiet import native_logs_filtered

FloatArray = npt.NDArray[np.float32]
ImageArray = npt.NDArray[np.uint8]
Complexity = Literal["lite", "full", "heavy"]
_COMPLEXITY = {"lite": 0, "full": 1, "heavy": 2}


@dataclass(frozen=True, slots=True)
class PoseResult:
    """One frame's landmarks: `points[33, 4]` (x, y normalised to the frame, z, visibility)
    and, when the model gives them, `world[33, 3]` in metres around the hips."""

    points: FloatArray
    world: FloatArray | None = None

    def __post_init__(self) -> None:
        if self.points.shape != (33, 4):
            raise ValueError(f"points must have shape (33, 4), got {self.points.shape}")
        if self.world is not None and self.world.shape != (33, 3):
            raise ValueError(f"world must have shape (33, 3), got {self.world.shape}")


class PoseBackend(Protocol):
    """A pose model that follows one person through consecutive frames.

    `process` takes an RGB uint8[h, w, 3] frame (frames in time order; `t_ms` is its time in
    milliseconds, increasing) and returns the landmarks, or None when nobody is found.
    `model` names the model for a track's provenance (`source.model`).
    """

    model: str

    def process(self, rgb: ImageArray, t_ms: int) -> PoseResult | None: ...

    def close(self) -> None: ...


class BlazePoseBackend:
    """BlazePose through MediaPipe 0.10.21 `solutions.pose` in video (tracking) mode.

    `complexity`: "full" ships in the wheel; "lite" and "heavy" need their model file present in
    MediaPipe's folder (they are not downloaded). `static=True` treats every frame on its own
    (detector every time): slower, used to look for a second person.
    """

    def __init__(
        self,
        complexity: Complexity = "full",
        *,
        static: bool = False,
        smooth: bool = True,
        min_detection: float = 0.5,
        min_tracking: float = 0.5,
    ) -> None:
        pose = require_mediapipe()
        self.model = f"blazepose-{complexity}"
        with native_logs_filtered():
            self._pose = pose.Pose(
                static_image_mode=static,
                model_complexity=_COMPLEXITY[complexity],
                smooth_landmarks=smooth,
                enable_segmentation=False,
                min_detection_confidence=min_detection,
                min_tracking_confidence=min_tracking,
            )
            # The graph starts lazily: run it once now so its log lines are swallowed too.
            self._pose.process(np.zeros((64, 64, 3), dtype=np.uint8))
        self._closed = False

    def process(self, rgb: ImageArray, t_ms: int) -> PoseResult | None:
        """Landmarks of the tracked person in `rgb`, or None."""
        del t_ms  # solutions.pose keeps its own clock, one step per call
        result = self._pose.process(rgb)
        found = result.pose_landmarks
        if found is None:
            return None
        points = np.array([(p.x, p.y, p.z, p.visibility) for p in found.landmark], dtype=np.float32)
        world = None
        if result.pose_world_landmarks is not None:
            world = np.array(
                [(p.x, p.y, p.z) for p in result.pose_world_landmarks.landmark], dtype=np.float32
            )
        return PoseResult(points, world)

    def close(self) -> None:
        """Stop MediaPipe's graph (idempotent)."""
        if not self._closed:
            self._closed = True
            self._pose.close()

    def __enter__(self) -> BlazePoseBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
