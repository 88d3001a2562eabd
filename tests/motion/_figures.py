"""A tiny side-view stick figure for hand-built tracks (independent of `backcoach.synth`).

Joint directions are absolute angles in degrees in the sagittal plane: 0 points toward the
image's right, 90 straight up. The figure is drawn in metres and mapped to normalised image
coordinates; the left side faces the camera (nearer: smaller z, higher visibility).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from backcoach.motion import LANDMARK_NAMES, Landmark

TRUNK, THIGH, SHANK, UPPER_ARM, FOREARM, NECK = 0.52, 0.44, 0.44, 0.32, 0.27, 0.18


def u(deg: float) -> np.ndarray:
    r = np.radians(deg)
    return np.array([np.cos(r), np.sin(r)])


@dataclass(frozen=True)
class Leg:
    thigh: float  # direction hip -> knee
    shank: float  # direction knee -> ankle


@dataclass(frozen=True)
class Figure:
    """Directions of each segment; `hip` is where the hip joint sits (metres, y up)."""

    hip: tuple[float, float] = (0.0, 0.1)
    trunk: float = 180.0  # hip -> shoulder
    neck: float = 180.0  # shoulder -> ear
    legs: tuple[Leg, Leg] = field(default=(Leg(50.0, -50.0), Leg(50.0, -50.0)))
    arms: tuple[float, float] = (0.0, 0.0)  # shoulder -> wrist, straight arm
    face: float = 90.0  # ear -> nose direction

    def joints(self) -> dict[str, np.ndarray]:
        hip = np.array(self.hip)
        out: dict[str, np.ndarray] = {}
        sh = hip + TRUNK * u(self.trunk)
        ear = sh + NECK * u(self.neck)
        out["nose"] = ear + 0.1 * u(self.face)
        for name in ("eye_inner", "eye", "eye_outer"):
            out[f"left_{name}"] = out[f"right_{name}"] = ear + 0.07 * u(self.face)
        out["left_ear"] = out["right_ear"] = ear
        out["mouth_left"] = out["mouth_right"] = ear + 0.08 * u(self.face - 30)
        for k, side in enumerate(("left", "right")):
            leg = self.legs[k]
            knee = hip + THIGH * u(leg.thigh)
            ankle = knee + SHANK * u(leg.shank)
            foot_dir = leg.shank + 90.0
            out[f"{side}_hip"] = hip
            out[f"{side}_knee"] = knee
            out[f"{side}_ankle"] = ankle
            out[f"{side}_heel"] = ankle - 0.05 * u(foot_dir) + 0.03 * u(leg.shank)
            out[f"{side}_foot_index"] = ankle + 0.18 * u(foot_dir)
            out[f"{side}_shoulder"] = sh
            elbow = sh + UPPER_ARM * u(self.arms[k])
            wrist = elbow + FOREARM * u(self.arms[k])
            out[f"{side}_elbow"] = elbow
            out[f"{side}_wrist"] = wrist
            for f in ("pinky", "index", "thumb"):
                out[f"{side}_{f}"] = wrist + 0.06 * u(self.arms[k])
        return out


def frame(
    fig: Figure,
    *,
    width: int = 1280,
    height: int = 720,
    metres_across: float = 2.6,
    centre: tuple[float, float] = (0.5, 0.6),
    near: str = "left",
) -> np.ndarray:
    """Normalised [33, 4] points of the figure (x right, y down), left side nearer."""
    j = fig.joints()
    px_per_m = width / metres_across
    pts = np.zeros((33, 4))
    for i, name in enumerate(LANDMARK_NAMES):
        x, y = j[name]
        pts[i, 0] = centre[0] + x * px_per_m / width
        pts[i, 1] = centre[1] - y * px_per_m / height
        is_near = name.startswith(near)
        is_far = name.startswith("left" if near == "right" else "right")
        pts[i, 2] = -0.05 if is_near else 0.05 if is_far else 0.0
        pts[i, 3] = 0.6 if is_far else 0.98
    return pts


def bridge(hip_angle: float) -> Figure:
    """Lying on the back, head left, knees bent, feet on the floor; the hips lift so that the
    shoulder-hip-knee angle is `hip_angle`."""
    # The thigh keeps pointing up-right at 50 deg; the trunk tilts down toward the shoulders.
    thigh = 50.0
    trunk = thigh + hip_angle  # shoulder direction measured the other way round
    shoulder = np.array([-TRUNK, 0.1])  # stays on the floor: the hips rise
    hip = shoulder - TRUNK * u(trunk)
    return Figure(
        hip=(float(hip[0]), float(hip[1])),
        trunk=trunk,
        neck=trunk,
        legs=(Leg(thigh, -50.0), Leg(thigh, -50.0)),
    )


def crunch(lift: float, neck_flex: float = 0.0) -> Figure:
    """Lying on the back, head left; the trunk rises `lift` degrees; the head bends forward by
    `neck_flex` degrees relative to the trunk."""
    trunk = 180.0 - lift
    return Figure(trunk=trunk, neck=trunk - neck_flex, legs=(Leg(50.0, -50.0), Leg(50.0, -50.0)))


def knee_to_chest(left: float, right: float, right_heel_lift: float = 0.0) -> Figure:
    """Lying on the back, head left: shoulder-hip-knee angles of each leg (130 = foot on the
    floor). `right_heel_lift` lifts the right (resting) leg's shank by that many degrees."""
    legs = []
    for ang, lift in ((left, 0.0), (right, right_heel_lift)):
        thigh = 180.0 - ang
        legs.append(Leg(thigh, -50.0 + lift))
    return Figure(trunk=180.0, neck=180.0, legs=(legs[0], legs[1]))


def knee_to_chest_left(angle: float) -> Figure:
    """`knee_to_chest` with the left leg moving and the right foot on the floor."""
    return knee_to_chest(angle, 130.0)


def wall_sit(knee: float) -> Figure:
    """Back to a wall facing right; `knee` is the hip-knee-ankle angle (180 standing)."""
    thigh = -90.0 + (180.0 - knee)
    return Figure(
        hip=(0.0, 0.9),
        trunk=90.0,
        neck=90.0,
        face=0.0,
        legs=(Leg(thigh, -90.0), Leg(thigh, -90.0)),
        arms=(-90.0, -90.0),
    )


def bird_dog(left_leg: float, right_leg: float, arm: float = -90.0) -> Figure:
    """On hands and knees facing left; `*_leg` is the hip->ankle elevation (-45: knee under the
    hip, shin on the floor; 0: leg straight and level); `arm` is the raised arm's elevation
    (-90 hanging, 0 level), the other arm hangs."""
    legs = tuple(Leg(2.0 * e, 0.0) for e in (left_leg, right_leg))
    return Figure(
        hip=(0.3, 0.46),
        trunk=180.0,
        neck=180.0,
        face=-90.0,
        legs=(legs[0], legs[1]),
        arms=(-90.0, 180.0 - arm),
    )


def track_doc(
    frames: Sequence[np.ndarray | None], fps: float = 30.0, width: int = 1280, height: int = 720
) -> dict:
    """A pose-track v1 document from frames (None: no person)."""
    return {
        "format": "pose-track",
        "version": 1,
        "fps": fps,
        "width": width,
        "height": height,
        "landmarks": list(LANDMARK_NAMES),
        "source": {"kind": "test"},
        "frames": [
            {"t": i / fps, "points": None if f is None else np.asarray(f).tolist()}
            for i, f in enumerate(frames)
        ],
    }


def profile(segments: Sequence[tuple[float, float]], fps: float = 30.0) -> np.ndarray:
    """A signal that moves linearly between levels: [(level, seconds to reach it), ...]; a
    zero-second first entry sets the start; (level, s) with the same level holds it."""
    out: list[float] = []
    level = segments[0][0]
    for target, secs in segments:
        n = max(1, round(secs * fps))
        out.extend(level + (target - level) * (np.arange(1, n + 1) / n))
        level = target
    return np.array(out)


def reps_profile(
    start: float,
    peak: float,
    *,
    reps: int,
    move: float = 1.0,
    hold: float = 3.0,
    rest: float = 3.0,
    lead: float = 2.0,
) -> np.ndarray:
    """`reps` excursions start -> peak (held) -> start, with rests between."""
    segs: list[tuple[float, float]] = [(start, lead)]
    for _ in range(reps):
        segs += [(peak, move), (peak, hold), (start, move), (start, rest)]
    return profile(segs)


__all__ = ["Figure", "Landmark", "Leg", "replace"]
