"""The analyzers: `StreamingAnalyzer` (frames as they come) and `analyze` (a whole track).

Both run the same pipeline: swap repair -> side in use -> per-frame measurements -> short gaps
filled -> `RepMachine`. The batch path computes the per-frame work with numpy over the whole track
(and picks the side from the whole track); the rep decisions are the same state machine.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from backcoach.catalog import ExerciseId
from backcoach.motion import _events as ev
from backcoach.motion._channels import CHANNELS, LEFT, RIGHT, SIDE_NAMES, Body
from backcoach.motion._filters import GapFiller, fill_short_gaps
from backcoach.motion._landmarks import MIRROR, Landmark
from backcoach.motion._machine import RepMachine, RuleInput, Tuning
from backcoach.motion._preprocess import (
    SwapRepairer,
    repair_swaps,
    side_visibility,
    view_ratio,
)
from backcoach.motion._results import Analysis, Prescription, Quality
from backcoach.motion._specs import ExerciseSpec, SideRule, spec_for
from backcoach.motion._track import PoseTrack

Array = npt.NDArray[np.float64]

MAX_GAP_S = 0.5
"""Dropouts up to this long are bridged by interpolation; longer ones stay gaps."""
HIDDEN_VISIBILITY = 0.3
"""A side whose joints' mean visibility is below this counts as hidden in that frame."""
HIDDEN_WARN_FRACTION = 0.2
VIEW_RATIO_WARN = 0.45
"""Median `view_ratio` above which the camera is judged not to look from the side."""
SIDE_SWITCH_MARGIN = 0.05
USE_MIDLINE = True
MIDLINE_MIN_VISIBILITY = 0.3
"""Bilateral exercises are measured on the midline of both sides while the less visible side's
joints average at least this visibility; below it, on the better-seen side alone."""
LEG_CHOICE_TAU_S = 0.3
"""Smoothing of the left-right comparison that picks the moving leg..."""
LEG_CHOICE_BAND = 3.0
"""...which switches legs only when the other one leads by this many degrees."""
LOST_WARN_S = 2.0


@dataclass(frozen=True, slots=True)
class _Layout:
    """Which measurement each fault-column holds: (channel, side rule)."""

    columns: tuple[tuple[str, SideRule], ...]
    rules: tuple[RuleInput, ...]
    posture: tuple[int, ...]
    """Column of each of the spec's posture checks."""


def _layout(spec: ExerciseSpec) -> _Layout:
    columns: list[tuple[str, SideRule]] = []

    def col(channel: str, side: SideRule) -> int:
        if (channel, side) not in columns:
            columns.append((channel, side))
        return columns.index((channel, side))

    posture = tuple(col(check.channel, check.side) for check in spec.posture)
    rules = []
    for rule in spec.faults:
        if rule.stat == "peak" and rule.channel == spec.signal:
            rules.append(RuleInput(rule, None, None))
            continue
        c = col(rule.channel, rule.side)
        per = col(rule.per, rule.side) if rule.per else None
        rules.append(RuleInput(rule, c, per))
    return _Layout(tuple(columns), tuple(rules), posture)


class FrameMeasurer:
    """Turns landmarks into per-frame rows: primary signal, moving leg and fault columns.

    Vectorised over frames; the only state is the moving-leg choice (a smoothed comparison of the
    legs with hysteresis), so a whole track at once and one frame at a time give the same rows.
    """

    def __init__(self, spec: ExerciseSpec, width: float, height: float, fps: float) -> None:
        self.spec = spec
        self.layout = _layout(spec)
        self.width, self.height = width, height
        self._alpha = min(1.0, 1.0 / (LEG_CHOICE_TAU_S * fps))
        self._ema = 0.0
        self._moving = 0.0

    def rows(self, points: npt.NDArray[np.floating[Any]], side: int) -> tuple[Array, Array, Array]:
        """Primary signal [n], moving leg [n] (0 left / 1 right, NaN if bilateral or unseen) and
        fault columns [n, k] for `points[n, 33, 4]`; `side` is the side in use."""
        spec = self.spec
        body = Body.from_points(points, self.width, self.height)
        n = points.shape[0]
        used = body
        if side == MIDLINE:
            used, side = _midline(body), LEFT
        primary = CHANNELS[spec.signal]
        if spec.unilateral:
            a, b = primary(body, LEFT), primary(body, RIGHT)
            m = self._choose(spec.direction * (b - a))
            v = np.where(m == 1.0, b, a)
            v[np.isnan(m)] = np.nan
        else:
            v = primary(used, side)
            m = np.full(n, np.nan)
        cols = np.empty((n, len(self.layout.columns)))
        for k, (channel, rule) in enumerate(self.layout.columns):
            fn = CHANNELS[channel]
            if rule == "used":
                cols[:, k] = fn(used, side)
                continue
            left, right = fn(body, LEFT), fn(body, RIGHT)
            if rule == "max":
                cols[:, k] = np.fmax(left, right)
            elif rule == "min":
                cols[:, k] = np.fmin(left, right)
            else:
                on_right = m == 1.0 if rule == "moving" else m == 0.0
                cols[:, k] = np.where(on_right, right, left)
        return v, m, cols

    def _choose(self, lead: Array) -> Array:
        """The moving leg per frame from how far the right leg leads the left toward the target."""
        out = np.full(lead.shape, np.nan)
        alpha, ema, moving = self._alpha, self._ema, self._moving
        for i, d in enumerate(lead.tolist()):
            if math.isnan(d):
                continue
            ema += alpha * (d - ema)
            if ema > LEG_CHOICE_BAND:
                moving = 1.0
            elif ema < -LEG_CHOICE_BAND:
                moving = 0.0
            out[i] = moving
        self._ema, self._moving = ema, moving
        return out


MIDLINE = 2
"""`side` value for measuring on the midpoints of the left and right landmarks."""
_PAIRS = np.array([[lm.value, MIRROR[lm.value]] for lm in Landmark if lm.name.startswith("LEFT_")])


def _midline(body: Body) -> Body:
    """The body with each left/right pair moved to its midpoint (the body's midline seen from
    the camera: a camera turned off the side view distorts it least)."""
    px = body.px.copy()
    mid = 0.5 * (px[:, _PAIRS[:, 0]] + px[:, _PAIRS[:, 1]])
    px[:, _PAIRS[:, 0]] = mid
    px[:, _PAIRS[:, 1]] = mid
    return Body(px=px, vis=body.vis)


@dataclass
class _Stats:
    """What the warnings are made of, gathered frame by frame or all at once."""

    frames: int = 0
    with_pose: int = 0
    hidden: list[int] = field(default_factory=lambda: [0, 0])
    view: list[float] = field(default_factory=list)
    swapped: int = 0
    longest_gap_s: float = 0.0
    duration_s: float = 0.0


def _warnings(
    spec: ExerciseSpec, stats: _Stats, side: int, machine: RepMachine, reps: int
) -> tuple[str, ...]:
    out: list[str] = list(spec.warnings)
    if stats.with_pose == 0:
        out.append("no person found in the track: nothing to analyse")
        return tuple(out)
    other = 1 - side
    hidden = stats.hidden[other] / stats.with_pose
    if hidden >= HIDDEN_WARN_FRACTION:
        out.append(
            f"{SIDE_NAMES[other]} side hidden in {round(100 * hidden)}% of frames; "
            f"measured on the {SIDE_NAMES[side]} side"
        )
    if stats.hidden[side] / stats.with_pose >= HIDDEN_WARN_FRACTION:
        out.append("the body is poorly seen in many frames: more light or a clearer view helps")
    if stats.view and float(np.median(stats.view)) > VIEW_RATIO_WARN:
        out.append(
            "the camera does not seem to look from the side: angles may be wrong; put it side "
            "on, level with your hips"
        )
    if stats.swapped:
        out.append(f"left/right swaps repaired in {stats.swapped} frames")
    if stats.with_pose < stats.frames:
        missing = stats.frames - stats.with_pose
        if missing / stats.frames >= 0.1 or stats.longest_gap_s >= 2.0:
            out.append(
                f"no person seen in {round(100 * missing / stats.frames)}% of frames "
                f"(longest gap {stats.longest_gap_s:.1f} s)"
            )
    if machine.implausible_start and machine.implausible_start >= reps / 2:
        out.append(
            f"the resting position does not look like the start of a "
            f"{spec.exercise.value.replace('_', ' ')}: is this the right exercise?"
        )
    if spec.exercise is ExerciseId.PELVIC_TILT and machine.noise_floor() > spec.min_excursion:
        out.append(
            "the landmarks shake more than a pelvic tilt moves: only clear movements (such as "
            "the hips lifting) could be counted"
        )
    if reps == 0:
        if stats.duration_s < 5.0:
            out.append(f"the track is only {stats.duration_s:.1f} s long: too short for a rep")
        elif spec.exercise is ExerciseId.PELVIC_TILT:
            out.append("no clear pelvic tilt seen: the camera may not resolve this movement")
        else:
            out.append("no reps found")
    return tuple(out)


class StreamingAnalyzer:
    """Analyse frames as they arrive (a live camera): `push` each frame, then `finish`.

    `width` and `height` are the frame's pixels (they make angles true); `fps` the nominal rate.
    """

    def __init__(
        self,
        exercise: ExerciseId | str,
        prescribed: Prescription | None = None,
        *,
        width: float = 1.0,
        height: float = 1.0,
        fps: float = 30.0,
        spec: ExerciseSpec | None = None,
        tuning: Tuning | None = None,
    ) -> None:
        self.spec = spec or spec_for(exercise)
        self.prescribed = prescribed or Prescription.default(self.spec.exercise)
        self.width, self.height = float(width), float(height)
        self._measurer = FrameMeasurer(self.spec, self.width, self.height, fps)
        self.machine = RepMachine(
            self.spec,
            self.prescribed,
            self._measurer.layout.rules,
            fps,
            tuning,
            posture=self._measurer.layout.posture,
        )
        self._swaps = SwapRepairer(self.width, self.height)
        self._gaps = GapFiller(MAX_GAP_S)
        self._stats = _Stats()
        self._vis_sum = np.zeros(2)
        self._side: int | None = None
        self._measure_side = LEFT
        self._first_t: float | None = None
        self._last_seen: float | None = None
        self._lost_warned = False
        self._done = False

    @property
    def side(self) -> int:
        """The side in use (0 left, 1 right)."""
        return LEFT if self._side is None else self._side

    def push(self, t: float, points: npt.ArrayLike | None) -> list[ev.Event]:
        """Feed one frame: `points[33, 4]` as in a pose track, or None when nobody is seen."""
        if self._done:
            raise RuntimeError("push() after finish()")
        st = self._stats
        st.frames += 1
        self._first_t = t if self._first_t is None else self._first_t
        st.duration_s = t - self._first_t
        arr = np.full((33, 4), np.nan) if points is None else np.asarray(points, dtype=np.float64)
        if arr.shape != (33, 4):
            raise ValueError(f"points must have shape (33, 4), got {arr.shape}")
        events: list[ev.Event] = []
        if np.isfinite(arr[0, 0]):
            if self._last_seen is not None:
                st.longest_gap_s = max(st.longest_gap_s, t - self._last_seen - self._frame_dt())
            self._last_seen = t
            self._lost_warned = False
            st.with_pose += 1
            arr = self._swaps.push(arr)
            st.swapped = self._swaps.repaired
            vis = side_visibility(arr[None], self.spec.visible_joints)[0]
            st.hidden[0] += int(vis[0] < HIDDEN_VISIBILITY)
            st.hidden[1] += int(vis[1] < HIDDEN_VISIBILITY)
            self._vis_sum += vis
            st.view.append(float(view_ratio(arr[None], self.width, self.height)[0]))
            self._maybe_switch_side()
        elif (
            not self._lost_warned
            and self._last_seen is not None
            and t - self._last_seen >= LOST_WARN_S
        ):
            self._lost_warned = True
            events.append(ev.Warning(t, "I can't see you: move back into the camera's view"))
        v, m, cols = self._measurer.rows(arr[None], self._measure_side)
        row = np.concatenate([v, m, cols[0]])
        for tt, r in self._gaps.push(t, row):
            events.extend(self._step(tt, r))
        return events

    def _frame_dt(self) -> float:
        return 1.0 / self.machine.fps

    def _maybe_switch_side(self) -> None:
        better = int(self._vis_sum[1] > self._vis_sum[0])
        n = max(1, self._stats.with_pose)
        if self._side is None:
            self._side = better
        elif not self.machine.idle:
            return
        elif (
            better != self._side
            and (self._vis_sum[better] - self._vis_sum[self._side]) / n > SIDE_SWITCH_MARGIN
        ):
            self._side = better
        weaker = self._vis_sum[1 - self._side] / n
        midline = USE_MIDLINE and weaker >= MIDLINE_MIN_VISIBILITY
        self._measure_side = MIDLINE if midline else self._side

    def _step(self, t: float, row: Array) -> list[ev.Event]:
        events = self.machine.step(float(t), float(row[0]), float(row[1]), tuple(row[2:].tolist()))
        for e in events:
            if isinstance(e, ev.RepDone):
                events = [*events, ev.Cue(t, self._rep_cue(e.rep.side))]
        return events

    def _rep_cue(self, side: str | None) -> str:
        reps = self.machine.reps
        target = self.prescribed.reps
        if side is None:
            done = len(reps)
            return f"Rep {done} of {target}" if target else f"Rep {done}"
        done = sum(1 for r in reps if r.side == side)
        leg = f"{side.capitalize()} leg: rep {done}"
        return f"{leg} of {target}" if target else leg

    def finish(self) -> Analysis:
        """End of the stream: the analysis of everything pushed."""
        if not self._done:
            self._done = True
            for tt, r in self._gaps.flush():
                self._step(tt, r)
            self.machine.finish()
        return _analysis(self.spec, self.prescribed, self.machine, self._stats, self.side)


def _analysis(
    spec: ExerciseSpec, prescribed: Prescription, machine: RepMachine, stats: _Stats, side: int
) -> Analysis:
    reps = tuple(machine.reps)
    return Analysis(
        exercise=spec.exercise,
        prescribed=prescribed,
        unilateral=spec.unilateral,
        reps=reps,
        warnings=_warnings(spec, stats, side, machine, len(reps)),
        quality=Quality(
            frames=stats.frames,
            frames_with_pose=stats.with_pose,
            side_used=SIDE_NAMES[side] if stats.with_pose else None,
        ),
    )


def analyze(
    track: PoseTrack,
    exercise_id: ExerciseId | str,
    *,
    hold_s: float | None = None,
    rest_s: float | None = None,
    spec: ExerciseSpec | None = None,
    tuning: Tuning | None = None,
) -> Analysis:
    """Analyse a whole pose track for one exercise.

    `hold_s` / `rest_s` override the catalog's prescribed hold and rest for the fault checks.
    Raises `UnknownExerciseError` for an unknown exercise id.
    """
    spec = spec or spec_for(exercise_id)
    prescribed = Prescription.default(spec.exercise, hold_s=hold_s, rest_s=rest_s)
    measurer = FrameMeasurer(spec, track.width, track.height, track.fps)
    machine = RepMachine(
        spec, prescribed, measurer.layout.rules, track.fps, tuning, posture=measurer.layout.posture
    )
    stats = _Stats(frames=track.n_frames, duration_s=track.duration_s)
    has = track.has_pose
    stats.with_pose = int(has.sum())
    points, swapped = repair_swaps(
        np.asarray(track.points, dtype=np.float64), track.width, track.height
    )
    stats.swapped = int(swapped.sum())
    side = LEFT
    measure_side = side
    if stats.with_pose:
        posed = points[has]
        vis = side_visibility(posed, spec.visible_joints)
        side = int(vis[:, 1].mean() > vis[:, 0].mean())
        midline = USE_MIDLINE and vis[:, 1 - side].mean() >= MIDLINE_MIN_VISIBILITY
        measure_side = MIDLINE if midline else side
        hidden = (vis < HIDDEN_VISIBILITY).sum(axis=0)
        stats.hidden = [int(hidden[0]), int(hidden[1])]
        stats.view = view_ratio(posed, track.width, track.height).tolist()
        seen_t = track.t[has]
        if seen_t.size > 1:
            stats.longest_gap_s = max(0.0, float(np.diff(seen_t).max()) - 1.0 / track.fps)
    v, m, cols = measurer.rows(points, measure_side)
    rows = fill_short_gaps(track.t, np.column_stack([v, m, cols]), MAX_GAP_S)
    ts = track.t.tolist()
    vs = rows[:, 0].tolist()
    ms = rows[:, 1].tolist()
    cs = [tuple(r) for r in rows[:, 2:].tolist()]
    step = machine.step
    for i in range(len(ts)):
        step(ts[i], vs[i], ms[i], cs[i])
    machine.finish()
    return _analysis(spec, prescribed, machine, stats, side)
