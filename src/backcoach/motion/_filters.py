"""Signal conditioning: causal and zero-phase smoothing, short-gap filling, noise estimation."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]


class CausalLowPass:
    """Causal smoothing for one scalar signal: two one-pole low-pass stages in cascade.

    The cutoff (Hz) may change from frame to frame (the analyzer lowers it when the signal is
    noisier). Works on plain floats: it runs once per frame.
    """

    __slots__ = ("_t", "_y1", "_y2", "cutoff_hz", "max_step_s")

    def __init__(self, cutoff_hz: float = 1.5, max_step_s: float = 0.1) -> None:
        self.cutoff_hz = cutoff_hz
        self.max_step_s = max_step_s
        self._t: float | None = None
        self._y1 = 0.0
        self._y2 = 0.0

    def reset(self) -> None:
        """Forget the past (after a long gap)."""
        self._t = None

    def __call__(self, t: float, x: float) -> float:
        if self._t is None:
            self._t, self._y1, self._y2 = t, x, x
            return x
        dt = t - self._t
        if dt <= 0.0:
            return self._y2
        self._t = t
        # After a gap, one frame must not count for the whole gap: smooth as for a short step.
        dt = min(dt, self.max_step_s)
        a = 1.0 / (1.0 + 1.0 / (2.0 * math.pi * self.cutoff_hz * dt))
        self._y1 += a * (x - self._y1)
        self._y2 += a * (self._y1 - self._y2)
        return self._y2

    @staticmethod
    def noise_gain(cutoff_hz: float, fps: float) -> float:
        """Share of white noise's standard deviation left after the two stages."""
        a = 1.0 / (1.0 + fps / (2.0 * math.pi * cutoff_hz))
        b = 1.0 - a
        # Impulse response of two equal poles: h[k] = a^2 (k + 1) b^k; sum of squares:
        return math.sqrt(a**4 * (1.0 + b * b) / (1.0 - b * b) ** 3)


def gaussian_smooth(x: npt.ArrayLike, sigma: float) -> Array:
    """Zero-phase Gaussian smoothing over samples (sigma in samples); NaN samples are skipped
    and stay NaN."""
    arr = np.asarray(x, dtype=np.float64)
    if sigma <= 0 or arr.size < 3:
        return arr.copy()
    radius = max(1, math.ceil(3.0 * sigma))
    k = np.exp(-0.5 * (np.arange(-radius, radius + 1) / sigma) ** 2)
    valid = np.isfinite(arr)
    filled = np.where(valid, arr, 0.0)
    n = arr.size
    num = np.convolve(filled, k, mode="full")[radius : radius + n]
    den = np.convolve(valid.astype(np.float64), k, mode="full")[radius : radius + n]
    with np.errstate(invalid="ignore", divide="ignore"):
        out = num / den
    out[~valid] = np.nan
    return np.asarray(out, dtype=np.float64)


def fill_short_gaps(t: Array, values: Array, max_gap_s: float) -> Array:
    """Linearly interpolate NaN runs (rows) whose bracketing frames are at most `max_gap_s`
    apart; longer gaps and the ends stay NaN. `values` is [n] or [n, k] (a row is valid when
    its first column is finite)."""
    out = np.array(values, dtype=np.float64, copy=True)
    col = out if out.ndim == 1 else out[:, 0]
    valid = np.isfinite(col)
    if valid.all() or not valid.any():
        return out
    idx = np.flatnonzero(valid)
    gaps = np.flatnonzero(np.diff(idx) > 1)
    for g in gaps:
        a, b = int(idx[g]), int(idx[g + 1])
        ta, tb = float(t[a]), float(t[b])
        if tb - ta > max_gap_s or tb <= ta:
            continue
        w = (t[a + 1 : b] - ta) / (tb - ta)
        if out.ndim == 1:
            out[a + 1 : b] = out[a] + (out[b] - out[a]) * w
        else:
            out[a + 1 : b] = out[a] + (out[b] - out[a]) * w[:, None]
    return out


class GapFiller:
    """Streaming twin of `fill_short_gaps`: holds frames without a value until the gap closes
    (then interpolates them) or grows longer than `max_gap_s` (then lets them through as NaN)."""

    def __init__(self, max_gap_s: float) -> None:
        self.max_gap_s = max_gap_s
        self._last: tuple[float, Array] | None = None
        self._held: list[tuple[float, Array]] = []
        self._open = False  # a long gap: NaN rows pass straight through

    def push(self, t: float, row: Array) -> list[tuple[float, Array]]:
        """Feed one frame's row; returns the rows now ready, in order."""
        if np.isfinite(row[0]):
            out: list[tuple[float, Array]] = []
            if self._held and self._last is not None:
                ta, ra = self._last
                if t - ta <= self.max_gap_s and t > ta:
                    for th, _ in self._held:
                        w = (th - ta) / (t - ta)
                        out.append((th, ra + (row - ra) * w))
                else:
                    out.extend(self._held)
            elif self._held:
                out.extend(self._held)
            self._held = []
            self._open = False
            self._last = (t, row)
            out.append((t, row))
            return out
        if self._open or self._last is None:
            return [(t, row)]
        self._held.append((t, row))
        if t - self._last[0] > self.max_gap_s:
            self._open = True
            held, self._held = self._held, []
            return held
        return []

    def flush(self) -> list[tuple[float, Array]]:
        """At the end of the stream: the frames still held, as NaN."""
        held, self._held = self._held, []
        return held
