"""Hold timing under heavy noise: fit a smooth movement template to each ramp of a rep.

When the landmarks shake by more than the 3-degree hold band, timing the band crossings on the
smoothed signal is mostly timing noise. Each ramp of a rep (rise to the plateau, fall from it) is
then fitted with a minimum-jerk profile, the usual model of a deliberate human movement, between
the resting level and the plateau; the hold is the time that fitted curve stays within the band.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]

_DURATIONS = np.geomspace(0.25, 6.0, 28)
_SHIFTS = np.linspace(-0.4, 0.4, 17)


def minimum_jerk(x: Array) -> Array:
    """The minimum-jerk profile from 0 to 1 over x in 0..1 (clipped outside)."""
    x = np.clip(x, 0.0, 1.0)
    return np.asarray(x**3 * (10.0 - 15.0 * x + 6.0 * x * x), dtype=np.float64)


def _fraction_at(level: float) -> float:
    """x in 0..1 where the minimum-jerk profile reaches `level` (0..1)."""
    xs = np.linspace(0.0, 1.0, 2001)
    return float(np.interp(level, minimum_jerk(xs), xs))


def fit_ramp(
    t: Array, u: Array, base: float, top: float, t_mid: float, rising: bool
) -> tuple[float, float]:
    """Least-squares (mid time, duration) of one minimum-jerk ramp between `base` and `top`.

    `t_mid` is a first guess of when the ramp crosses half way; samples within 4 s of it count.
    """
    near = np.abs(t - t_mid) <= 4.0
    tt, uu = t[near], u[near]
    ok = np.isfinite(uu)
    tt, uu = tt[ok], uu[ok]
    if tt.size < 5 or top - base <= 0:
        return t_mid, 0.0
    mids = t_mid + _SHIFTS
    x = (tt[None, None, :] - mids[:, None, None]) / _DURATIONS[None, :, None] + 0.5
    s = minimum_jerk(x)
    if not rising:
        s = 1.0 - s
    model = base + (top - base) * s
    err = ((model - uu[None, None, :]) ** 2).sum(axis=-1)
    i, j = np.unravel_index(int(np.argmin(err)), err.shape)
    return float(mids[i]), float(_DURATIONS[j])


@dataclass(frozen=True, slots=True)
class FittedRep:
    """Times (s) on the fitted rep: leaves the start, enters the hold band, leaves it, is back."""

    start: float
    enter: float
    leave: float
    end: float

    @property
    def hold(self) -> float:
        return max(0.0, self.leave - self.enter)


def fit_rep(
    t: Array,
    u: Array,
    base: float,
    top: float,
    band: float,
    rise_mid: float,
    fall_mid: float,
    departure: float,
) -> FittedRep:
    """Fit the rise and the fall of a rep (u oriented so that the target is up; `rise_mid` and
    `fall_mid` are first guesses of the half-way crossings). Start and end are where the fitted
    curve is `departure` degrees from `base`; the hold is its time within `band` of `top`."""
    height = top - base
    if height <= band:
        return FittedRep(rise_mid, rise_mid, fall_mid, fall_mid)
    m1, d1 = fit_ramp(t, u, base, top, rise_mid, rising=True)
    m2, d2 = fit_ramp(t, u, base, top, fall_mid, rising=False)
    x3 = _fraction_at(1.0 - band / height)
    x0 = _fraction_at(min(departure / height, 0.5))
    return FittedRep(
        start=m1 + (x0 - 0.5) * d1,
        enter=m1 + (x3 - 0.5) * d1,
        leave=m2 + (0.5 - x3) * d2,
        end=m2 + (0.5 - x0) * d2,
    )


def plateau_level(t: Array, u: Array, rise_mid: float, fall_mid: float) -> float | None:
    """Median of the raw signal between the half-way crossings (away from the ramps), or None
    when there is too little of it."""
    margin = min(0.5, 0.25 * (fall_mid - rise_mid))
    inside = (t > rise_mid + margin) & (t < fall_mid - margin) & np.isfinite(u)
    if inside.sum() < 5:
        return None
    return float(np.median(u[inside]))
