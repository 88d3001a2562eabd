"""The rep state machine: one per analysis, fed one frame at a time by both the streaming and
the batch analyzer (the same code decides what a rep is, whichever way the frames arrive).

Per frame it sees the primary signal (degrees, NaN in a long gap), the moving leg (0 left, 1
right, NaN unknown) and the fault columns. It smooths the signal causally (a low-pass whose
cutoff drops as the noise grows) to decide when a rep starts and ends; when a rep is over it
measures it on a zero-phase smoothed copy of the buffered frames (hold, peak, start/end, faults),
which does not depend on how the frames came in.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from backcoach.motion import _events as ev
from backcoach.motion._channels import SIDE_NAMES
from backcoach.motion._filters import CausalLowPass, gaussian_smooth
from backcoach.motion._holdfit import FittedRep, fit_rep, plateau_level
from backcoach.motion._results import Peak, Prescription, Rep
from backcoach.motion._specs import ExerciseSpec, FaultRule

Array = npt.NDArray[np.float64]

_CALIBRATING, _IDLE, _ACTIVE, _RETURNING = 0, 1, 2, 3


@dataclass(frozen=True, slots=True)
class Tuning:
    """Timing constants of the state machine (seconds unless said otherwise)."""

    pre_s: float = 2.0
    """Frames kept from before a rep, to find where it left the start."""
    baseline_tau_s: float = 4.0
    """How slowly the resting baseline follows the signal toward the target."""
    baseline_fast_tau_s: float = 1.0
    """How fast it follows the signal away from the target."""
    settle_s: float = 1.5
    """After a rep drops below the exit level: longest wait for it to reach the start."""
    smooth_sigma_s: float = 0.1
    """Zero-phase smoothing (Gaussian sigma) used to measure a finished rep, at least..."""
    smooth_per_noise_s: float = 0.03
    """...this many seconds per degree of frame-to-frame noise..."""
    smooth_max_s: float = 0.4
    """...and at most this."""
    template_noise_deg: float = 0.8
    """Noise left after that smoothing above which holds are timed on fitted movement
    templates instead of band crossings (see `_holdfit`)."""
    departure_band: float = 2.0
    """Degrees from the resting level that count as 'at the start' (start_s / end_s)."""
    noise_tau_s: float = 8.0
    reset_gap_s: float = 3.0
    """A gap longer than this restarts the causal filter."""
    resume_s: float = 0.5
    """After a gap in a noisy signal, no rep may start for this long (the first frames back are
    the least sure)."""
    plateau_s: float = 0.3
    """The live hold countdown starts once the signal has stayed near its top this long."""
    max_cutoff_hz: float = 2.0
    """Causal smoothing of the live signal: this cutoff for a clean signal..."""
    cutoff_noise_deg: float = 3.0
    """...lowered to (this / frame noise in degrees) Hz for a noisier one..."""
    min_cutoff_hz: float = 0.6
    """...but never below this."""
    still_s: float = 0.7
    """Before the first rep, the body must keep this still for the baseline to be taken..."""
    still_band: float = 4.0
    """...moving less than this many degrees (or six times the noise)."""
    count_tolerance: float = 0.85
    """A rep needs this share of the min excursion, allowing for measurement error."""
    max_rep_s: float = 90.0
    """A movement that has not come back after this long is a change of resting position."""


@dataclass(frozen=True, slots=True)
class RuleInput:
    """Where a fault rule reads its data: column indexes in the frame rows (None: the peak)."""

    rule: FaultRule
    column: int | None
    per: int | None


@dataclass(frozen=True, slots=True)
class _Measured:
    start_s: float
    end_s: float
    hold_s: float
    peak: float
    side: str | None
    faults: tuple[str, ...]


class RepMachine:
    """Finds and measures reps in a stream of frames (see the module docstring)."""

    def __init__(
        self,
        spec: ExerciseSpec,
        prescribed: Prescription,
        rules: tuple[RuleInput, ...],
        fps: float,
        tuning: Tuning | None = None,
        *,
        posture: tuple[int, ...] = (),
    ) -> None:
        self.spec = spec
        self.posture = posture
        self.prescribed = prescribed
        self.rules = rules
        self.fps = fps
        self.tn = tuning or Tuning()
        self.reps: list[Rep] = []
        self.implausible_start = 0
        self._dir = spec.direction
        self._filter = CausalLowPass(self.tn.max_cutoff_hz)
        self._enter_level = spec.enter_level
        self._exit_level = spec.exit_level
        self._min_needed = spec.min_excursion * self.tn.count_tolerance
        self._fast = min(1.0, 1.0 / (self.tn.baseline_fast_tau_s * fps))
        self._slow = min(1.0, 1.0 / (self.tn.baseline_tau_s * fps))
        self._retune_every = 15
        self._since_retune = 0
        self._needed = self._min_needed
        self._sigma_live = 0.0
        self._gap = False
        self._resume_t = -math.inf
        self._holdoff = self.tn.resume_s
        self._state = _CALIBRATING
        self._base = 0.0
        self._pre_len = max(3, math.ceil(self.tn.pre_s * fps) + 1)
        self._still_len = max(3, round(self.tn.still_s * fps))
        self._recent: deque[float] = deque(maxlen=self._still_len)
        self._recent_raw: deque[float] = deque(maxlen=self._still_len)
        self._warm = 0
        self._bt: list[float] = []
        self._bv: list[float] = []
        self._bm: list[float] = []
        self._bc: list[tuple[float, ...]] = []
        self._entry = 0
        self._entry_t = 0.0
        self._return_t = 0.0
        self._return_i = 0
        self._ret_min = 0.0
        self._ret_min_i = 0
        self._umax = 0.0
        self._confirmed = False
        self._last_t: float | None = None
        self._prev_u: tuple[float, float] = (math.nan, math.nan)
        self._noise_abs = math.nan
        self._noise_n = 0
        self._prev_end: float | None = None
        self._top_since: float | None = None
        self._anchor = 0.0
        self._hold_t0: float | None = None
        self._countdown = -1
        self._cued: set[str] = set()

    # -- public ---------------------------------------------------------------------------
    @property
    def noise(self) -> float:
        """Frame-to-frame noise of the primary signal (degrees, one sigma; NaN until known)."""
        # mean |second difference| of white noise is sigma * sqrt(6) * sqrt(2 / pi)
        return self._noise_abs / 1.9544 if self._noise_n >= 10 else math.nan

    @property
    def idle(self) -> bool:
        """True between reps (a safe moment to change the side in use)."""
        return self._state in (_IDLE, _CALIBRATING)

    def min_excursion(self) -> float:
        """The movement a rep needs now: a third of the way to the target (less a tolerance
        for measuring), and clear of the noise left in the causally smoothed signal."""
        n = self.noise
        if not math.isfinite(n):
            return self._min_needed
        gain = CausalLowPass.noise_gain(self._filter.cutoff_hz, self.fps)
        return max(self._min_needed, self._capped(self.spec.noise_factor * n * gain))

    def _capped(self, floor: float) -> float:
        cap = self.spec.noise_cap
        return floor if cap is None else min(floor, cap * self.spec.excursion)

    def step(self, t: float, v: float, m: float, cols: tuple[float, ...]) -> list[ev.Event]:
        """Feed one frame (times non-decreasing); returns the events it causes."""
        self._bt.append(t)
        self._bv.append(v)
        self._bm.append(m)
        self._bc.append(cols)
        if math.isnan(v):  # NaN: nobody seen, and the gap is too long to bridge
            self._gap = True
            if self._last_t is not None and t - self._last_t > self.tn.reset_gap_s:
                self._filter.reset()
                self._recent.clear()
                self._recent_raw.clear()
            self._prev_u = (math.nan, math.nan)
            self._trim_idle()
            return []
        if self._gap:
            self._gap = False
            self._resume_t = t
        self._last_t = t
        u = self._dir * v
        self._update_noise(u)
        us = self._filter(t, u)
        events: list[ev.Event] = []
        state = self._state
        if state in (_IDLE, _CALIBRATING):
            if state == _CALIBRATING:
                self._calibrate(u, us)
            else:
                # Follow a move away from the target at once, but not the noise's low side.
                away = us < self._base - self._sigma_live
                self._base += (us - self._base) * (self._fast if away else self._slow)
                resumed = t - self._resume_t >= self._holdoff or self._sigma_live < 2.0
                if us - self._base >= self._enter_level and resumed:
                    self._enter(t, us)
            if len(self._bt) > 2 * self._pre_len:
                self._trim_idle()
        elif state == _ACTIVE:
            self._active(t, us, cols, events)
        else:
            rel = us - self._base
            if us < self._ret_min:
                self._ret_min, self._ret_min_i = us, len(self._bt) - 1
            if rel >= self._enter_level and us - self._ret_min >= 2.0 * self.spec.hysteresis:
                events.extend(self._finalize(self._ret_min_i + 1))
                self._enter(t, us)
            elif rel <= self.tn.departure_band or t - self._return_t >= self.tn.settle_s:
                events.extend(self._finalize(len(self._bt)))
                self._state = _IDLE
                self._trim_idle()
        return events

    def finish(self) -> list[ev.Event]:
        """End of the stream: measure a rep still in progress if it already counted."""
        if self._state == _RETURNING or (self._state == _ACTIVE and self._confirmed):
            if self._state == _ACTIVE:
                self._return_i = len(self._bt) - 1
            events = self._finalize(len(self._bt))
            self._state = _IDLE
            return events
        return []

    # -- internals ------------------------------------------------------------------------
    def _update_noise(self, u: float) -> None:
        a, b = self._prev_u
        self._prev_u = (b, u)
        if math.isnan(a) or math.isnan(b):
            return
        d2 = abs(u - 2.0 * b + a)
        if self._noise_n < 30:
            self._noise_n += 1
            prev = 0.0 if self._noise_n == 1 else self._noise_abs
            self._noise_abs = prev + (d2 - prev) / self._noise_n
            self._retune()
            return
        alpha = 1.0 / (self.tn.noise_tau_s * self.fps)
        self._noise_abs += alpha * (min(d2, 4.0 * self._noise_abs) - self._noise_abs)
        self._since_retune += 1
        if self._since_retune >= self._retune_every:
            self._retune()

    def _retune(self) -> None:
        """Follow the noise: the causal filter's cutoff and the excursion a rep needs."""
        self._since_retune = 0
        n = self.noise
        if math.isfinite(n):
            cutoff = self.tn.cutoff_noise_deg / max(n, 1e-6)
            self._filter.cutoff_hz = min(self.tn.max_cutoff_hz, max(self.tn.min_cutoff_hz, cutoff))
        self._needed = self.min_excursion()
        if math.isfinite(n):
            gain = CausalLowPass.noise_gain(self._filter.cutoff_hz, self.fps)
            self._sigma_live = 3.0 * n * gain

    def _calibrate(self, u: float, us: float) -> None:
        """Wait for the body to keep still before taking the resting baseline (the median of
        the raw signal over the still stretch, so the filter's start-up does not bias it)."""
        self._warm += 1
        if self._warm <= self._still_len:
            return  # let the causal filter and the noise estimate settle first
        self._recent.append(us)
        self._recent_raw.append(u)
        if len(self._recent) < self._still_len:
            return
        n = self.noise
        live = n * CausalLowPass.noise_gain(self._filter.cutoff_hz, self.fps)
        still = max(self.tn.still_band, 6.0 * live if math.isfinite(live) else 0.0)
        if max(self._recent) - min(self._recent) <= still:
            self._base = float(np.median(np.asarray(self._recent_raw)))
            self._state = _IDLE

    def _trim_idle(self) -> None:
        if self._state in (_IDLE, _CALIBRATING) and len(self._bt) > 2 * self._pre_len:
            keep = self._pre_len
            del self._bt[:-keep], self._bv[:-keep], self._bm[:-keep], self._bc[:-keep]

    def _enter(self, t: float, us: float) -> None:
        self._state = _ACTIVE
        self._entry = len(self._bt) - 1
        self._entry_t = t
        self._umax = us
        self._confirmed = False
        self._top_since = None
        self._hold_t0 = None
        self._countdown = -1
        self._cued = set()

    def _active(self, t: float, us: float, cols: tuple[float, ...], events: list[ev.Event]) -> None:
        rel = us - self._base
        self._umax = max(self._umax, us)
        if not self._confirmed and rel >= self._needed:
            if abs(self._dir * self._base - self.spec.start) > self.spec.start_tolerance:
                self.implausible_start += 1
                self._rebase()
                return
            self._confirmed = True
            events.append(ev.RepStarted(self._entry_t, len(self.reps) + 1))
        if self._confirmed:
            self._live_hold(t, us, cols, events)
        if rel <= self._exit_level:
            if self._confirmed:
                self._state = _RETURNING
                self._return_t = t
                self._return_i = len(self._bt) - 1
                self._ret_min, self._ret_min_i = us, self._return_i
            else:
                self._state = _IDLE
                self._trim_idle()
        elif t - self._entry_t > self.tn.max_rep_s:
            # Never came back: the person moved to a new resting position.
            self._rebase()

    def _rebase(self) -> None:
        self._state = _CALIBRATING
        self._recent.clear()
        self._recent_raw.clear()
        self._warm = 0
        self._trim_idle()

    def _live_hold(
        self, t: float, us: float, cols: tuple[float, ...], events: list[ev.Event]
    ) -> None:
        band = self.spec.hold_band
        at_top = us >= self._umax - band
        if not at_top or us > self._anchor + band / 2.0:
            # Still rising (or fallen off the top): the plateau starts again from here.
            self._top_since, self._anchor = (t, us) if at_top else (None, us)
        elif self._top_since is None:
            self._top_since, self._anchor = t, us
        if self._hold_t0 is None:
            if self._top_since is not None and t - self._top_since >= self.tn.plateau_s:
                self._hold_t0 = self._top_since
                value = self._dir * us
                in_zone = self._dir * (value - self.spec.zone_entry) >= 0
                events.append(ev.TargetReached(t, value, in_zone))
                events.append(ev.Cue(t, "Hold"))
                if not in_zone and self.spec.correction_cue:
                    events.append(ev.Cue(t, self.spec.correction_cue))
                self._countdown = math.ceil(self.prescribed.hold_s)
            return
        elapsed = t - self._hold_t0
        left = max(0, math.ceil(self.prescribed.hold_s - elapsed))
        if left < self._countdown:
            self._countdown = left
            events.append(ev.HoldCountdown(t, left))
            if 1 <= left <= 3:
                events.append(ev.Cue(t, str(left)))
            elif left == 0:
                events.append(ev.Cue(t, "And release"))
        if at_top and self._top_since is not None and t - self._top_since >= 1.0:
            self._live_faults(t, us, cols, events)

    def _live_faults(
        self, t: float, us: float, cols: tuple[float, ...], events: list[ev.Event]
    ) -> None:
        for ri in self.rules:
            rule = ri.rule
            if rule.cue is None or rule.code in self._cued or rule.stat == "rise":
                continue
            value = self._dir * us if ri.column is None else cols[ri.column]
            if not math.isnan(value) and rule.failed(value):
                self._cued.add(rule.code)
                events.append(ev.Cue(t, rule.cue))

    def _finalize(self, stop: int) -> list[ev.Event]:
        """Measure the rep in buffer[:stop]; keep what follows (and a little before) buffered."""
        t = np.asarray(self._bt[:stop], dtype=np.float64)
        v = np.asarray(self._bv[:stop], dtype=np.float64)
        m = np.asarray(self._bm[:stop], dtype=np.float64)
        cols = np.asarray(self._bc[:stop], dtype=np.float64).reshape(len(t), -1)
        measured = self._measure(t, v, m, cols, self._entry, min(self._return_i, stop - 1))
        cut = max(0, stop - self._pre_len)
        if measured is None:  # measured properly, the movement was too small to be a rep
            del self._bt[:cut], self._bv[:cut], self._bm[:cut], self._bc[:cut]
            return []
        faults = list(measured.faults)
        rest = None if self._prev_end is None else measured.start_s - self._prev_end
        if self.spec.rest_fault and rest is not None and rest < self.prescribed.rest_s - 1.0:
            faults.append("rest_too_short")
        self._prev_end = measured.end_s
        rep = Rep(
            index=len(self.reps) + 1,
            side=measured.side,
            start_s=measured.start_s,
            end_s=measured.end_s,
            hold_s=measured.hold_s,
            peak=Peak(self.spec.signal, measured.peak),
            faults=tuple(faults),
        )
        self.reps.append(rep)
        del self._bt[:cut], self._bv[:cut], self._bm[:cut], self._bc[:cut]
        return [ev.RepDone(float(t[-1]), rep)]

    def _measure(
        self, t: Array, v: Array, m: Array, cols: Array, entry: int, ret: int
    ) -> _Measured | None:
        spec = self.spec
        fps = self.fps
        us = gaussian_smooth(self._dir * v, self._smoothing_s() * fps)
        valid = np.isfinite(us)
        n = len(t)
        # The lowest point before the rise: the resting level (or the valley after a rep).
        lead = np.where(valid[: entry + 1], us[: entry + 1], np.inf)
        lo = int(np.argmin(lead)) if np.isfinite(lead).any() else 0
        half = max(1, int(fps / 2))
        around = us[max(0, lo - half) : min(entry, lo + half) + 1]
        around = around[np.isfinite(around)]
        base = float(np.median(around)) if around.size else self._base
        core = us[lo:n][valid[lo:n]]
        if core.size == 0:
            return _Measured(float(t[0]), float(t[-1]), 0.0, self._dir * self._umax, None, ())
        # The plateau: start from a high percentile, then take the median of the frames within
        # the band below it (twice), so neither noise nor a single spike sets the extreme.
        extreme = float(np.percentile(core, spec.extreme_percentile))
        for _ in range(2):
            extreme = float(np.median(core[core >= extreme - spec.hold_band]))
        if extreme - base < max(self._min_needed, self.noise_floor()):
            return None
        level = extreme - spec.hold_band
        top = lo + np.flatnonzero(valid[lo:] & (us[lo:] >= level))
        i0, i1 = (int(top[0]), int(top[-1])) if top.size else (entry, ret)
        if not self._posture_ok(cols[max(0, lo - int(fps)) : lo + 1], cols[i0 : i1 + 1]):
            self.implausible_start += 1
            return None
        hold = max(0.0, _crossing(t, us, i1, +1, level) - _crossing(t, us, i0, -1, level))
        fitted = None
        if self._smoothed_noise() > self.tn.template_noise_deg:
            fit = self._fit(t, v, us, base, extreme, lo, i0, i1)
            if fit is not None:
                fitted, extreme = fit
        band = base + self.tn.departure_band
        before = lo + np.flatnonzero(valid[lo:i0] & (us[lo:i0] <= band))
        start = _crossing(t, us, int(before[-1]), +1, band) if before.size else float(t[lo])
        after = i1 + np.flatnonzero(valid[i1:] & (us[i1:] <= band))
        if after.size:
            end = _crossing(t, us, int(after[0]), -1, band)
        else:
            tail = np.where(valid[i1:], us[i1:], np.inf)
            end = float(t[i1 + int(np.argmin(tail))])
        if fitted is not None:
            hold = fitted.hold
            start = min(max(fitted.start, float(t[lo])), _crossing(t, us, i0, -1, level))
            end = max(min(fitted.end, float(t[-1])), _crossing(t, us, i1, +1, level))
        side: str | None = None
        if spec.unilateral:
            lab = m[i0 : i1 + 1]
            lab = lab[np.isfinite(lab)]
            if lab.size == 0:
                lab = m[np.isfinite(m)]
            if lab.size:
                side = SIDE_NAMES[int(np.mean(lab) >= 0.5)]
        peak = self._dir * extreme
        faults = self._faults(peak, hold, t, cols, i0, i1, start, end)
        return _Measured(start, end, hold, peak, side, faults)

    def noise_floor(self) -> float:
        """The smallest excursion the noise lets a finished rep be told from (degrees)."""
        return self._capped(self.spec.noise_factor * self._smoothed_noise())

    def _posture_ok(self, before: Array, holding: Array) -> bool:
        """Whether the body was in the exercise's start position just before the rep, and in
        its position through the hold."""
        for check, column in zip(self.spec.posture, self.posture, strict=True):
            rows = before if check.during == "start" else holding
            value = _nanmedian(rows[:, column])
            if not math.isnan(value) and not check.lo <= value <= check.hi:
                return False
        return True

    def _smoothed_noise(self) -> float:
        """Noise left after the measuring smoothing (degrees; 0 while unknown)."""
        n = self.noise
        if not math.isfinite(n):
            return 0.0
        width = self._smoothing_s() * self.fps
        return n / math.sqrt(max(1.0, 2.0 * math.sqrt(math.pi) * width))

    def _fit(
        self, t: Array, v: Array, us: Array, base: float, top: float, lo: int, i0: int, i1: int
    ) -> tuple[FittedRep, float] | None:
        """Movement templates fitted to the rise and the fall, and the plateau between them
        from the raw frames (for noisy signals)."""
        half = base + 0.5 * (top - base)
        up = lo + np.flatnonzero(np.isfinite(us[lo : i0 + 1]) & (us[lo : i0 + 1] <= half))
        down = i1 + np.flatnonzero(np.isfinite(us[i1:]) & (us[i1:] <= half))
        if up.size == 0 or down.size == 0:
            return None
        rise_mid = _crossing(t, us, int(up[-1]), +1, half)
        fall_mid = _crossing(t, us, int(down[0]), -1, half)
        u = self._dir * v
        level = plateau_level(t, u, rise_mid, fall_mid)
        if level is not None and level - base > self.spec.hold_band:
            top = level
        fitted = fit_rep(
            t, u, base, top, self.spec.hold_band, rise_mid, fall_mid, self.tn.departure_band
        )
        return fitted, top

    def _smoothing_s(self) -> float:
        """Zero-phase smoothing for measuring: more where the signal is noisier."""
        n = self.noise
        if not math.isfinite(n):
            return self.tn.smooth_sigma_s
        wanted = self.tn.smooth_per_noise_s * n
        return min(max(self.tn.smooth_sigma_s, wanted), self.tn.smooth_max_s)

    def _faults(
        self,
        peak: float,
        hold: float,
        t: Array,
        cols: Array,
        i0: int,
        i1: int,
        start: float,
        end: float,
    ) -> tuple[str, ...]:
        faults: list[str] = []
        for ri in self.rules:
            rule = ri.rule
            value = peak
            if ri.column is not None:
                col = cols[:, ri.column]
                if rule.stat == "hold_median":
                    lo, hi = i0, i1 + 1
                    if hi - lo < 3:
                        lo, hi = max(0, lo - 2), hi + 2
                    value = _nanmedian(col[lo:hi])
                else:  # rise
                    during = (t >= start) & (t <= end)
                    before = np.flatnonzero(t < start)[-int(self.fps) :]
                    seg = col[during]
                    seg = seg[np.isfinite(seg)]
                    if seg.size == 0 or before.size == 0:
                        continue
                    value = float(np.percentile(seg, 90)) - _nanmedian(col[before])
                    if ri.per is not None:
                        scale = _nanmedian(cols[during, ri.per])
                        value = value / scale if scale > 0 else math.nan
            if not math.isnan(value) and rule.failed(value):
                faults.append(rule.code)
        prescribed = self.prescribed.hold_s
        if hold < (prescribed / 2.0 if prescribed < 2.0 else prescribed - 1.0):
            faults.append("hold_too_short")
        return tuple(dict.fromkeys(faults))


def _nanmedian(x: Array) -> float:
    x = x[np.isfinite(x)]
    return float(np.median(x)) if x.size else math.nan


def _crossing(t: Array, u: Array, i: int, step: int, level: float) -> float:
    """Time where u crosses `level` between sample i and its neighbour i+step (linear), or t[i]."""
    j = i + step
    if j < 0 or j >= len(t) or not (math.isfinite(u[i]) and math.isfinite(u[j])):
        return float(t[i])
    a, b = float(u[i]), float(u[j])
    if a == b:
        return float(t[i])
    w = (level - a) / (b - a)
    if not 0.0 <= w <= 1.0:
        return float(t[i])
    return float(t[i] + (t[j] - t[i]) * w)
