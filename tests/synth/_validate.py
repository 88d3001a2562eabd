"""An independent reader-side check of the pose-track v1 contract (not the analyzer's reader)."""

from __future__ import annotations

import math
from typing import Any

BLAZEPOSE_33 = [
    "nose", "left_eye_inner", "left_eye", "left_eye_outer", "right_eye_inner", "right_eye",
    "right_eye_outer", "left_ear", "right_ear", "mouth_left", "mouth_right", "left_shoulder",
    "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_pinky",
    "right_pinky", "left_index", "right_index", "left_thumb", "right_thumb", "left_hip",
    "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle", "left_heel",
    "right_heel", "left_foot_index", "right_foot_index",
]  # fmt: skip


def _finite(values: list[Any], n: int) -> bool:
    return (
        isinstance(values, list)
        and len(values) == n
        and all(isinstance(v, (int, float)) and math.isfinite(v) for v in values)
    )


def problems(doc: dict[str, Any]) -> list[str]:
    """Every contract rule the document breaks, each naming the frame where there is one."""
    found = []
    if doc.get("format") != "pose-track":
        found.append("format is not 'pose-track'")
    if doc.get("version") != 1:
        found.append("unknown version")
    for key in ("fps", "width", "height"):
        value = doc.get(key)
        if not isinstance(value, (int, float)) or not value > 0:
            found.append(f"{key} missing or not positive")
    if doc.get("landmarks") != BLAZEPOSE_33:
        found.append("landmarks are not the 33 BlazePose names")
    frames = doc.get("frames")
    if not isinstance(frames, list):
        return [*found, "frames is not a list"]
    last = -math.inf
    for i, frame in enumerate(frames):
        t = frame.get("t")
        if not isinstance(t, (int, float)) or not math.isfinite(t):
            found.append(f"frame {i}: bad t")
            continue
        if t < last:
            found.append(f"frame {i}: time goes backwards")
        last = t
        points = frame.get("points", "missing")
        if points is None:
            continue
        if not isinstance(points, list) or len(points) != 33:
            found.append(f"frame {i}: not 33 points")
            continue
        if not all(_finite(p, 4) for p in points):
            found.append(f"frame {i}: a point is not 4 finite numbers")
        elif not all(0.0 <= p[3] <= 1.0 for p in points):
            found.append(f"frame {i}: visibility outside 0..1")
        world = frame.get("world")
        if world is not None and (
            not isinstance(world, list) or len(world) != 33 or not all(_finite(w, 3) for w in world)
        ):
            found.append(f"frame {i}: world is not 33 finite x, y, z")
    return found
