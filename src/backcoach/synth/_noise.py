"""What a real pose model adds: jitter, lost frames, lost people, left/right mix-ups."""

from __future__ import annotations

import numpy as np

from backcoach.synth._geometry import BoolArray, FloatArray
from backcoach.synth._landmarks import LEFT_RIGHT_PAIRS, LEG_PAIRS


def _smooth_noise(rng: np.random.Generator, shape: tuple[int, ...], window: int) -> FloatArray:
    """Unit-variance noise correlated over about `window` frames."""
    white = rng.normal(size=(shape[0] + window, *shape[1:]))
    c = np.cumsum(white, axis=0)
    avg = (c[window:] - c[:-window]) / window
    return np.asarray(avg * np.sqrt(window), dtype=np.float64)


def jitter(
    points: FloatArray,
    world: FloatArray,
    sigma: float,
    width: int,
    height: int,
    rng: np.random.Generator,
) -> None:
    """Add per-landmark noise in place: `sigma` is a share of the frame's longer side.

    points: (N, 33, 4) x, y, z, visibility; world: (N, 33, 3) metres. Hidden points shake more.
    """
    if sigma <= 0:
        return
    shape = points.shape[:2]
    px = sigma * max(width, height)
    scale = 1.0 + 1.5 * (1.0 - points[..., 3])
    for k, size in enumerate((px / width, px / height, 3.0 * px / width)):
        noise = 0.85 * rng.normal(size=shape) + 0.5 * _smooth_noise(rng, shape, 6)
        points[..., k] += size * scale * noise
    metres = sigma * 1.5
    for k, size in enumerate((metres, metres, 3.0 * metres)):
        world[..., k] += (
            size * scale * (0.85 * rng.normal(size=shape) + 0.5 * _smooth_noise(rng, shape, 6))
        )
    points[..., 3] = np.clip(points[..., 3] + 0.04 * _smooth_noise(rng, shape, 10), 0.02, 0.999)


def kept_frames(n: int, rate: float, rng: np.random.Generator) -> BoolArray:
    """Frames that survive: singles and short bursts dropped, about `rate` of them overall."""
    keep = np.ones(n, dtype=bool)
    if rate <= 0 or n < 3:
        return keep
    keep &= rng.random(n) >= 0.7 * rate
    bursts = rng.poisson(0.3 * rate * n / 3.0)
    for _ in range(bursts):
        i = int(rng.integers(1, n - 1))
        keep[i : i + int(rng.integers(2, 5))] = False
    keep[0] = True
    return keep


def runs(
    t: FloatArray,
    count: int,
    lo_s: float,
    hi_s: float,
    within: tuple[float, float],
    rng: np.random.Generator,
) -> list[BoolArray]:
    """`count` masks of frames in runs lasting lo_s..hi_s, inside the `within` time span."""
    masks = []
    a, b = within
    for _ in range(count):
        length = float(rng.uniform(lo_s, hi_s))
        if b - a <= length:
            break
        t0 = float(rng.uniform(a, b - length))
        masks.append((t >= t0) & (t < t0 + length))
    return masks


def swap_sides(points: FloatArray, world: FloatArray, mask: BoolArray, legs_only: bool) -> None:
    """Exchange left and right labels in the masked frames, as a pose model does on side views."""
    pairs = LEG_PAIRS if legs_only else LEFT_RIGHT_PAIRS
    for i, j in pairs:
        for arr in (points, world):
            left = arr[mask, i].copy()
            arr[mask, i] = arr[mask, j]
            arr[mask, j] = left
