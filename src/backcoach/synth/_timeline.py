"""When each rep moves, holds and rests, and the parameter values that follow over time."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from backcoach.synth._dosage import Dosage
from backcoach.synth._geometry import FloatArray, minimum_jerk, minimum_jerk_tail
from backcoach.synth._models import Model

BAND_DEG = 3.0  # the exercise contract's hold band around a rep's extreme
_NO_SWAY = ("grab", "rise", "shift")


@dataclass
class RepPlan:
    index: int
    side: str | None
    start: float  # leaves the start position
    arrive: float  # reaches the peak
    leave: float  # leaves the peak
    end: float  # back in the start position
    peak: dict[str, float]
    posture_faults: frozenset[str]
    sway: list[tuple[str, float, float, float]] = field(default_factory=list)
    rest_before: float = 0.0


@dataclass
class Bump:
    """A small there-and-back movement (fidget or settling adjustment)."""

    start: float
    end: float
    changes: dict[str, float]


@dataclass
class Plan:
    start: dict[str, float]
    reps: list[RepPlan]
    bumps: list[Bump]
    settle: tuple[float, float, dict[str, float]]  # t0, t1, offsets decaying to zero
    person_on: float
    person_off: float
    duration: float


def side_order(sides: str, reps_per_side: int, first_side: str) -> list[str | None]:
    """The moving side of each rep, in time order."""
    if sides == "bilateral":
        return [None] * reps_per_side
    order: list[str | None] = []
    if sides == "left_then_right":
        order += ["left"] * reps_per_side + ["right"] * reps_per_side
        return order
    other = "right" if first_side == "left" else "left"
    order += [first_side if i % 2 == 0 else other for i in range(2 * reps_per_side)]
    return order


def short_hold_limit(prescribed: float) -> float:
    """A hold shorter than this is `hold_too_short` under the exercise contract."""
    return prescribed / 2.0 if prescribed < 2.0 else prescribed - 1.0


def _hold_target(prescribed: float, short: bool, rng: np.random.Generator) -> float:
    if short:
        if prescribed < 2.0:
            return max(0.15, float(rng.uniform(0.3, 0.38)) * prescribed)
        cap = prescribed - 1.0 - max(0.5, 0.1 * prescribed)
        return max(0.3, min(float(rng.uniform(0.4, 0.6)) * prescribed, cap))
    if prescribed < 2.0:
        return float(rng.uniform(0.9, 1.15)) * prescribed
    return float(rng.uniform(prescribed - 0.3, 1.1 * prescribed))


def plan_track(
    *,
    model: Model,
    dosage: Dosage,
    sides: list[str | None],
    faults: dict[int, frozenset[str]],
    hold_s: float,
    rest_s: float,
    absent_s: float,
    settle_s: float,
    lead_in_s: float,
    lead_out_s: float,
    fidgets: int,
    rng: np.random.Generator,
    rng_fidget: np.random.Generator,
) -> Plan:
    """Lay out the whole track: appearance, settling, reps with their rests, fidgets, leaving."""
    start = dict(model.start)
    t = absent_s
    person_on = t
    settle_offsets: dict[str, float] = {}
    bumps: list[Bump] = []
    if settle_s > 0:
        settle_offsets["shift"] = float(rng.choice([-1.0, 1.0]) * rng.uniform(0.08, 0.25))
        primaries = {model.primary(s) for s in (["left", "right"] if model.unilateral else [None])}
        for name in primaries:  # one adjustment of the start position on the way in
            b0 = t + float(rng.uniform(0.2, 0.5)) * settle_s
            b1 = min(b0 + float(rng.uniform(0.6, 1.2)), t + settle_s)
            amount = model.direction * float(rng.uniform(0.06, 0.15)) * model.excursion
            bumps.append(Bump(b0, b1, {name: amount}))
    settle = (t, t + settle_s, settle_offsets)
    t += settle_s + lead_in_s

    reps: list[RepPlan] = []
    previous_side: str | None = None
    for i, side in enumerate(sides, start=1):
        wanted = faults.get(i, frozenset())
        if i > 1:
            if "rest_too_short" in wanted:
                rest = float(rng.uniform(0.3, 0.6)) * rest_s
            else:
                rest = float(rng.uniform(1.0, 1.3)) * rest_s
            if dosage.sides == "left_then_right" and side != previous_side:
                rest += dosage.switch_s
            t += rest
        else:
            rest = 0.0
        posture = frozenset(wanted - {"hold_too_short", "rest_too_short"})
        peak = model.peak(side, posture, rng)
        primary = model.primary(side)
        excursion = abs(peak[primary] - start[primary])
        move = float(np.clip(dosage.move_s * rng.uniform(0.8, 1.2), 0.5, 4.0))
        release = float(np.clip(dosage.release_s * rng.uniform(0.8, 1.2), 0.5, 4.0))
        target = _hold_target(hold_s, "hold_too_short" in wanted, rng)
        tail = minimum_jerk_tail(BAND_DEG / max(excursion, 1e-6))
        tails = tail * (move + release)
        if tails > 0.9 * target:  # a quick hold needs quick moves, or the band alone is too long
            scale = max(0.9 * target / tails, 0.25 / min(move, release))
            move, release = move * scale, release * scale
            tails = tail * (move + release)
        plateau = max(target - tails, 0.0)
        rep = RepPlan(
            index=i,
            side=side,
            start=t,
            arrive=t + move,
            leave=t + move + plateau,
            end=t + move + plateau + release,
            peak=peak,
            posture_faults=posture,
            rest_before=rest,
        )
        for name in peak:
            if name.startswith(_NO_SWAY):
                continue
            size = 0.35 if name != "tilt" else 0.12
            rep.sway.append(
                (
                    name,
                    float(rng.uniform(0.4, 1.0)) * size,
                    float(rng.uniform(0.15, 0.5)),
                    float(rng.uniform(0, 6.3)),
                )
            )
            rep.sway.append(
                (
                    name,
                    float(rng.uniform(0.1, 0.4)) * size,
                    float(rng.uniform(0.6, 1.2)),
                    float(rng.uniform(0, 6.3)),
                )
            )
        reps.append(rep)
        t = rep.end
        previous_side = side

    t += lead_out_s
    person_off = t
    plan = Plan(start, reps, bumps, settle, person_on, person_off, t + absent_s)
    _add_fidgets(plan, model, fidgets, settle[1], rng_fidget)
    return plan


def _add_fidgets(
    plan: Plan, model: Model, count: int, after: float, rng: np.random.Generator
) -> None:
    """Small movements in rests: under a quarter of a rep's excursion, so never a rep."""
    free: list[tuple[float, float]] = []
    edges = [after, *[x for r in plan.reps for x in (r.start, r.end)], plan.person_off]
    for a, b in zip(edges[::2], edges[1::2], strict=True):
        free.append((a, b))
    for _ in range(count):
        duration = float(rng.uniform(0.8, 1.5))
        fits = [(a, b) for a, b in free if b - a >= duration + 1.0]
        if not fits:
            return
        weights = np.array([b - a for a, b in fits])
        a, b = fits[int(rng.choice(len(fits), p=weights / weights.sum()))]
        t0 = float(rng.uniform(a + 0.5, b - 0.5 - duration))
        free.remove((a, b))
        free += [(a, t0), (t0 + duration, b)]
        side = str(rng.choice(["left", "right"])) if model.unilateral else None
        amount = model.direction * float(rng.uniform(0.08, 0.2)) * model.excursion
        changes = {model.primary(side): amount, "shift": float(rng.uniform(-0.02, 0.02))}
        plan.bumps.append(Bump(t0, t0 + duration, changes))


def progress(rep: RepPlan, t: FloatArray) -> FloatArray:
    """0 at the start position, 1 at the peak, following minimum-jerk moves."""
    up = minimum_jerk((t - rep.start) / max(rep.arrive - rep.start, 1e-9))
    down = 1.0 - minimum_jerk((t - rep.leave) / max(rep.end - rep.leave, 1e-9))
    return np.where(t < rep.leave, up, down)


def _window(t: FloatArray, a: float, b: float) -> FloatArray:
    ramp = min(0.4, (b - a) / 3.0)
    if ramp <= 0:
        return np.zeros_like(t)
    return minimum_jerk((t - a) / ramp) * minimum_jerk((b - t) / ramp)


def evaluate(plan: Plan, t: FloatArray) -> dict[str, FloatArray]:
    """Every parameter's value at times t."""
    out = {name: np.full(t.shape, value, dtype=np.float64) for name, value in plan.start.items()}
    t0, t1, offsets = plan.settle
    if t1 > t0:
        decay = 1.0 - minimum_jerk((t - t0) / (t1 - t0))
        for name, value in offsets.items():
            out[name] += value * decay
    for rep in plan.reps:
        mask = (t >= rep.start) & (t <= rep.end)
        if not mask.any():
            continue
        tt = t[mask]
        p = progress(rep, tt)
        for name, value in rep.peak.items():
            out[name][mask] += p * (value - plan.start[name])
        w = _window(tt, rep.arrive, rep.leave)
        for name, amp, freq, phase in rep.sway:
            out[name][mask] += w * amp * np.sin(2 * np.pi * freq * (tt - rep.arrive) + phase)
    for bump in plan.bumps:
        mask = (t >= bump.start) & (t <= bump.end)
        if not mask.any():
            continue
        x = (t[mask] - bump.start) / (bump.end - bump.start)
        shape = np.where(x < 0.5, minimum_jerk(2 * x), minimum_jerk(2 - 2 * x))
        for name, value in bump.changes.items():
            out[name][mask] += value * shape
    return out
