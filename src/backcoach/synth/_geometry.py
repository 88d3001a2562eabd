"""Small vectorised 2-D geometry in the body's sagittal plane (a: along the body, y: up)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


def unit(deg: FloatArray | float) -> FloatArray:
    """Unit vectors at `deg` degrees counter-clockwise from +a: shape (..., 2)."""
    r = np.radians(np.asarray(deg, dtype=np.float64))
    return np.stack([np.cos(r), np.sin(r)], axis=-1)


def rot(v: FloatArray, deg: FloatArray | float) -> FloatArray:
    """Rotate 2-D vectors counter-clockwise by `deg` degrees."""
    r = np.radians(np.asarray(deg, dtype=np.float64))
    c, s = np.cos(r), np.sin(r)
    return np.stack([c * v[..., 0] - s * v[..., 1], s * v[..., 0] + c * v[..., 1]], axis=-1)


def heading(v: FloatArray) -> FloatArray:
    """Direction of 2-D vectors in degrees, (-180, 180]."""
    out: FloatArray = np.degrees(np.arctan2(v[..., 1], v[..., 0]))
    return out


def normalise(v: FloatArray) -> FloatArray:
    n = np.linalg.norm(v, axis=-1, keepdims=True)
    out: FloatArray = v / np.maximum(n, 1e-12)
    return out


def angle_at(a: FloatArray, b: FloatArray, c: FloatArray) -> FloatArray:
    """The angle a-b-c at b, in degrees (0..180); works in 2-D or 3-D."""
    u = normalise(a - b)
    w = normalise(c - b)
    cos = np.clip(np.sum(u * w, axis=-1), -1.0, 1.0)
    out: FloatArray = np.degrees(np.arccos(cos))
    return out


def elevation(start: FloatArray, end: FloatArray) -> FloatArray:
    """Angle of the start->end line above the horizontal (negative below), whichever way it
    points along the body."""
    d = end - start
    out: FloatArray = np.degrees(np.arctan2(d[..., 1], np.abs(d[..., 0])))
    return out


def two_link(
    root: FloatArray, target: FloatArray, l1: float, l2: float, bend: float
) -> tuple[FloatArray, FloatArray]:
    """Middle joint and reached end of a two-segment chain aimed at `target`.

    `bend` (+1 or -1) picks the side the middle joint bends to (left of root->target when +1).
    An out-of-reach target is approached along the same line.
    """
    d = target - root
    dist = np.linalg.norm(d, axis=-1)
    u = d / np.maximum(dist, 1e-12)[..., None]
    dist = np.clip(dist, abs(l1 - l2) + 1e-6, l1 + l2 - 1e-6)
    a = (l1**2 - l2**2 + dist**2) / (2.0 * dist)
    h = np.sqrt(np.maximum(l1**2 - a**2, 0.0))
    perp = np.stack([-u[..., 1], u[..., 0]], axis=-1)
    mid = root + a[..., None] * u + (bend * h)[..., None] * perp
    end = root + dist[..., None] * u
    return mid, end


def minimum_jerk(x: FloatArray) -> FloatArray:
    """The minimum-jerk profile 0 -> 1 over x in [0, 1] (clipped outside)."""
    x = np.clip(x, 0.0, 1.0)
    return x**3 * (10.0 - 15.0 * x + 6.0 * x**2)


_TAU = np.linspace(0.0, 1.0, 4001)
_S = minimum_jerk(_TAU)


def minimum_jerk_tail(fraction_left: float) -> float:
    """Share of a minimum-jerk move spent within `fraction_left` of its end (0..1)."""
    if fraction_left >= 1.0:
        return 1.0
    if fraction_left <= 0.0:
        return 0.0
    tau = float(np.interp(1.0 - fraction_left, _S, _TAU))
    return 1.0 - tau
