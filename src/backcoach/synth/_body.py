"""A stick body with realistic segment proportions and small per-seed variation."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Body:
    """Segment lengths in metres (joint centre to joint centre unless noted)."""

    height: float
    trunk: float  # hip joint to shoulder joint
    neck: float  # shoulder joint to ear, along the head's axis
    head_fwd: float  # ear to nose, forward
    thigh: float
    shank: float
    foot: float  # heel to toe tip
    ankle_h: float  # ankle joint above the sole
    heel_back: float  # heel behind the ankle joint
    upper_arm: float
    forearm: float
    hand: float
    hip_hw: float  # half the distance between the hip joints
    shoulder_hw: float
    hip_r: float  # hip joint above the floor when lying on the back
    shoulder_r: float  # shoulder joint above the floor when lying on the back
    knee_r: float  # knee joint above the floor when kneeling

    @property
    def leg(self) -> float:
        """Hip to ankle with the knee straight."""
        return self.thigh + self.shank

    @property
    def arm(self) -> float:
        return self.upper_arm + self.forearm


# Shares of standing height (after common anthropometric tables, rounded).
_SHARES = {
    "trunk": 0.288,
    "neck": 0.110,
    "head_fwd": 0.055,
    "thigh": 0.245,
    "shank": 0.246,
    "foot": 0.152,
    "ankle_h": 0.039,
    "heel_back": 0.028,
    "upper_arm": 0.186,
    "forearm": 0.146,
    "hand": 0.108,
    "hip_hw": 0.050,
    "shoulder_hw": 0.105,
    "hip_r": 0.055,
    "shoulder_r": 0.050,
    "knee_r": 0.032,
}


def sample_body(rng: np.random.Generator) -> Body:
    """A body 1.55-1.95 m tall whose proportions vary by a few percent."""
    height = float(rng.uniform(1.55, 1.95))
    values = {
        name: height * share * float(np.clip(rng.normal(1.0, 0.025), 0.94, 1.06))
        for name, share in _SHARES.items()
    }
    return Body(height=height, **values)
