"""Angles between landmarks, measured in true pixel proportions.

Normalised x and y stretch differently on a non-square frame, so every helper first scales x by the
frame width and y by its height. y points down in the image; the helpers report "up" as positive.
All functions are vectorised: any leading shape, the last axis holds x, y (extra columns ignored).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]


def to_pixels(points: npt.ArrayLike, width: float, height: float) -> Array:
    """x, y of `points[..., :2]` in pixels (y still pointing down)."""
    p = np.asarray(points, dtype=np.float64)[..., :2]
    return np.asarray(p * np.array([width, height]), dtype=np.float64)


def joint_angle(a: npt.NDArray[Any], b: npt.NDArray[Any], c: npt.NDArray[Any]) -> Array:
    """Angle a-b-c at `b` in degrees (0..180), for pixel coordinates."""
    u = a[..., :2] - b[..., :2]
    v = c[..., :2] - b[..., :2]
    cross = u[..., 0] * v[..., 1] - u[..., 1] * v[..., 0]
    dot = u[..., 0] * v[..., 0] + u[..., 1] * v[..., 1]
    return np.asarray(np.degrees(np.arctan2(np.abs(cross), dot)), dtype=np.float64)


def elevation(a: npt.NDArray[Any], b: npt.NDArray[Any]) -> Array:
    """Angle of the line a->b above the horizontal in degrees (-90..90; below is negative).

    Which way the person faces does not matter: only the horizontal distance counts.
    """
    dx = np.abs(b[..., 0] - a[..., 0])
    up = a[..., 1] - b[..., 1]
    return np.asarray(np.degrees(np.arctan2(up, dx)), dtype=np.float64)


def distance(a: npt.NDArray[Any], b: npt.NDArray[Any]) -> Array:
    """Euclidean distance between pixel points."""
    d = a[..., :2] - b[..., :2]
    return np.asarray(np.hypot(d[..., 0], d[..., 1]), dtype=np.float64)
