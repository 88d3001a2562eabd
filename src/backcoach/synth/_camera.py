"""From the 2-D sagittal skeleton to 33 landmarks in 3-D, and through a pinhole camera."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from backcoach.synth._body import Body
from backcoach.synth._geometry import FloatArray, normalise, rot
from backcoach.synth._landmarks import INDEX, LANDMARKS
from backcoach.synth._models import SIDES, Skeleton

_HALF_FOV_DEG = 32.5  # a phone's main camera, along the frame's longer side


def landmarks_3d(body: Body, sk: Skeleton, posture: int, lateral: dict[str, float]) -> FloatArray:
    """All 33 landmarks as (a, y, s) with s toward the body's left: shape (N, 33, 3)."""
    n = sk["ear"].shape[0]
    out = np.zeros((n, len(LANDMARKS), 3))
    widths = {
        "shoulder": body.shoulder_hw,
        "elbow": body.shoulder_hw + 0.02,
        "wrist": body.shoulder_hw + 0.01,
        "hip": body.hip_hw,
        "knee": body.hip_hw + 0.015,
        "ankle": body.hip_hw + 0.02,
        "heel": body.hip_hw + 0.02,
        "toe": body.hip_hw + 0.04,
    }
    widths.update(lateral)

    def put(name: str, point: FloatArray, s: float) -> None:
        out[:, INDEX[name], :2] = point
        out[:, INDEX[name], 2] = s

    hd = sk["head_dir"]
    ant = rot(hd, posture * 90.0)
    ear, fwd = sk["ear"], body.head_fwd
    put("nose", ear + fwd * ant - 0.015 * hd, 0.0)
    for side, sign in (("left", 1.0), ("right", -1.0)):
        put(f"{side}_ear", ear, sign * 0.075)
        put(f"{side}_eye_inner", ear + 0.85 * fwd * ant + 0.025 * hd, sign * 0.016)
        put(f"{side}_eye", ear + 0.8 * fwd * ant + 0.03 * hd, sign * 0.032)
        put(f"{side}_eye_outer", ear + 0.72 * fwd * ant + 0.03 * hd, sign * 0.046)
        put(f"mouth_{side}", ear + 0.85 * fwd * ant - 0.055 * hd, sign * 0.024)
        for part, name in (
            ("shoulder", "shoulder"),
            ("elbow", "elbow"),
            ("wrist", "wrist"),
            ("hip", "hip"),
            ("knee", "knee"),
            ("ankle", "ankle"),
            ("heel", "heel"),
            ("toe", "foot_index"),
        ):
            put(f"{side}_{name}", sk[f"{part}_{side}"], sign * widths[part])
        wrist = sk[f"wrist_{side}"]
        along = normalise(wrist - sk[f"elbow_{side}"])
        w = sign * widths["wrist"]
        put(f"{side}_index", wrist + 0.45 * body.hand * along, w - sign * 0.015)
        put(f"{side}_pinky", wrist + 0.4 * body.hand * along, w + sign * 0.025)
        put(f"{side}_thumb", wrist + 0.25 * body.hand * along, w - sign * 0.035)
    return out


def to_world(points: FloatArray, shift: FloatArray, facing: str, posture: int) -> FloatArray:
    """Body (a, y, s) to room coordinates (X, Y up, Z toward a pure side camera)."""
    h = 1.0 if facing == "right" else -1.0
    world = np.empty_like(points)
    world[..., 0] = h * (points[..., 0] + shift[:, None])
    world[..., 1] = points[..., 1]
    world[..., 2] = h * posture * points[..., 2]
    return world


@dataclass(frozen=True)
class Camera:
    position: FloatArray
    forward: FloatArray
    right: FloatArray
    down: FloatArray
    focal_px: float
    width: int
    height: int

    @classmethod
    def side_view(
        cls,
        target: FloatArray,
        *,
        distance: float,
        yaw_deg: float,
        height: float,
        width_px: int,
        height_px: int,
    ) -> Camera:
        """A level camera `distance` metres from `target`, turned `yaw_deg` off the side view."""
        yaw = np.radians(yaw_deg)
        position = np.array([target[0] + distance * np.sin(yaw), height, distance * np.cos(yaw)])
        look = np.array([target[0], height, 0.0]) - position
        forward = look / np.linalg.norm(look)
        up = np.array([0.0, 1.0, 0.0])
        right = np.cross(forward, up)
        right /= np.linalg.norm(right)
        focal = max(width_px, height_px) / (2.0 * np.tan(np.radians(_HALF_FOV_DEG)))
        return cls(position, forward, right, -up, float(focal), width_px, height_px)

    def camera_coords(self, world: FloatArray) -> FloatArray:
        """(right, down, depth) in metres."""
        rel = world - self.position
        return np.stack([rel @ self.right, rel @ self.down, rel @ self.forward], axis=-1)

    def project(self, cam: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Normalised x, y and BlazePose-style z (relative to the hips' mid-point, x's scale)."""
        depth = np.maximum(cam[..., 2], 0.05)
        x = (self.width / 2.0 + self.focal_px * cam[..., 0] / depth) / self.width
        y = (self.height / 2.0 + self.focal_px * cam[..., 1] / depth) / self.height
        hips = 0.5 * (depth[:, INDEX["left_hip"]] + depth[:, INDEX["right_hip"]])[:, None]
        z = self.focal_px * (depth - hips) / (hips * self.width)
        return x, y, z


def visibility(cam: FloatArray, x: FloatArray, y: FloatArray, body: Body) -> FloatArray:
    """High for the near side, 0.3-0.7 for the far side, lower where a near limb covers it."""
    depth = cam[..., 2]
    hips = 0.5 * (depth[:, INDEX["left_hip"]] + depth[:, INDEX["right_hip"]])[:, None]
    rel = np.clip((depth - hips) / max(body.hip_hw * 1.6, 0.05), -1.0, 1.3)
    vis = 0.74 - 0.24 * rel
    for side_a, side_b in ((SIDES[0], SIDES[1]), (SIDES[1], SIDES[0])):
        for i, name in enumerate(LANDMARKS):
            if not name.startswith(side_a):
                continue
            j = INDEX[name.replace(side_a, side_b, 1)]
            farther = depth[:, i] > depth[:, j]
            gap = np.hypot(x[:, i] - x[:, j], (y[:, i] - y[:, j]) * 0.6)
            cover = 0.15 * np.exp(-(gap**2) / (2 * 0.03**2))
            vis[:, i] -= np.where(farther, cover, 0.0)
    outside = (x < -0.02) | (x > 1.02) | (y < -0.02) | (y > 1.02)
    vis = np.where(outside, vis * 0.5, vis)
    return np.clip(vis, 0.05, 0.995)
