"""Per-frame measurements ("channels") computed from landmarks, vectorised over frames.

A channel is a function of the pixel landmarks of one side of the body: `CHANNELS[name](body, s)`
with `s` 0 for the left side and 1 for the right. The exercise specs name channels; the analyzer
combines the two sides as each spec says (the side in use, the moving leg, the resting leg or the
larger of the two).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from backcoach.motion._geometry import distance, elevation, joint_angle, to_pixels
from backcoach.motion._landmarks import Landmark

Array = npt.NDArray[np.float64]

LEFT, RIGHT = 0, 1
SIDE_NAMES = ("left", "right")

# Landmark index per (joint, side).
_J: dict[str, tuple[int, int]] = {
    "ear": (Landmark.LEFT_EAR, Landmark.RIGHT_EAR),
    "shoulder": (Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER),
    "elbow": (Landmark.LEFT_ELBOW, Landmark.RIGHT_ELBOW),
    "wrist": (Landmark.LEFT_WRIST, Landmark.RIGHT_WRIST),
    "hip": (Landmark.LEFT_HIP, Landmark.RIGHT_HIP),
    "knee": (Landmark.LEFT_KNEE, Landmark.RIGHT_KNEE),
    "ankle": (Landmark.LEFT_ANKLE, Landmark.RIGHT_ANKLE),
    "heel": (Landmark.LEFT_HEEL, Landmark.RIGHT_HEEL),
    "foot": (Landmark.LEFT_FOOT_INDEX, Landmark.RIGHT_FOOT_INDEX),
}


def joint_index(joint: str, side: int) -> int:
    """Landmark index of `joint` ('hip', 'knee'...) on `side` (0 left, 1 right)."""
    return int(_J[joint][side])


@dataclass(frozen=True, slots=True)
class Body:
    """Pixel landmarks of n frames: `px[n, 33, 2]` (y down) and `vis[n, 33]`."""

    px: Array
    vis: Array

    @classmethod
    def from_points(
        cls, points: npt.NDArray[np.floating[Any]], width: float, height: float
    ) -> Body:
        """Build from normalised `points[n, 33, 4]`."""
        return cls(
            px=to_pixels(points, width, height),
            vis=np.asarray(points[..., 3], dtype=np.float64),
        )

    def j(self, joint: str, side: int) -> Array:
        """Pixel positions [n, 2] of one joint."""
        return self.px[:, joint_index(joint, side)]


def _hip_angle(b: Body, s: int) -> Array:
    return joint_angle(b.j("shoulder", s), b.j("hip", s), b.j("knee", s))


def _knee_angle(b: Body, s: int) -> Array:
    return joint_angle(b.j("hip", s), b.j("knee", s), b.j("ankle", s))


def _trunk_lift(b: Body, s: int) -> Array:
    return elevation(b.j("hip", s), b.j("shoulder", s))


def _leg_elevation(b: Body, s: int) -> Array:
    return elevation(b.j("hip", s), b.j("ankle", s))


def _arm_elevation(b: Body, s: int) -> Array:
    return elevation(b.j("shoulder", s), b.j("wrist", s))


def _neck_angle(b: Body, s: int) -> Array:
    return joint_angle(b.j("ear", s), b.j("shoulder", s), b.j("hip", s))


def _heel_height(b: Body, s: int) -> Array:
    return -b.j("heel", s)[:, 1]


def _hip_height(b: Body, s: int) -> Array:
    return -b.j("hip", s)[:, 1]


def _leg_length(b: Body, s: int) -> Array:
    return distance(b.j("hip", s), b.j("knee", s)) + distance(b.j("knee", s), b.j("ankle", s))


def _torso_length(b: Body, s: int) -> Array:
    return distance(b.j("shoulder", s), b.j("hip", s))


def _thigh_elevation(b: Body, s: int) -> Array:
    return elevation(b.j("hip", s), b.j("knee", s))


CHANNELS: dict[str, Callable[[Body, int], Array]] = {
    "hip_angle": _hip_angle,
    "knee_angle": _knee_angle,
    "trunk_lift": _trunk_lift,
    "leg_elevation": _leg_elevation,
    "arm_elevation": _arm_elevation,
    "neck_angle": _neck_angle,
    "heel_height": _heel_height,
    "hip_height": _hip_height,
    "leg_length": _leg_length,
    "torso_length": _torso_length,
    "thigh_elevation": _thigh_elevation,
}
"""Every measurement a spec may name (angles in degrees, heights and lengths in pixels)."""
