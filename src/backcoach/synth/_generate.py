"""generate(): a TrackSpec and a seed in, a pose-track document and its truth out."""

from __future__ import annotations

from typing import Any

import numpy as np

from backcoach.synth._body import sample_body
from backcoach.synth._camera import Camera, landmarks_3d, to_world, visibility
from backcoach.synth._dosage import dosage
from backcoach.synth._geometry import BoolArray, FloatArray
from backcoach.synth._landmarks import INDEX, LANDMARKS
from backcoach.synth._models import MODELS, Model, signals
from backcoach.synth._noise import jitter, kept_frames, runs, swap_sides
from backcoach.synth._spec import SyntheticTrack, TrackSpec, TruthRep
from backcoach.synth._timeline import (
    BAND_DEG,
    Plan,
    RepPlan,
    evaluate,
    plan_track,
    short_hold_limit,
    side_order,
)

_DENSE_DT = 0.002


def generate(spec: TrackSpec, seed: int) -> SyntheticTrack:
    """Generate the track `spec` describes; the same spec and seed give the same track.

    Each part draws from its own random stream, so turning one noise knob leaves the rest of
    the track unchanged.
    """
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(9)]
    rng_body, rng_model, rng_plan, rng_fidget, rng_jitter, rng_drop, rng_out, rng_swap, _ = streams
    d = dosage(spec.exercise)
    reps = spec.reps if spec.reps is not None else d.reps
    hold = spec.hold_s if spec.hold_s is not None else d.hold_s
    rest = spec.rest_s if spec.rest_s is not None else d.rest_s
    sides = side_order(d.sides, reps, spec.first_side)
    for index in spec.faults:
        if not 1 <= index <= len(sides):
            raise ValueError(f"fault for rep {index}, but the track has reps 1..{len(sides)}")

    body = sample_body(rng_body)
    model = MODELS[spec.exercise](body, rng_model)
    plan = plan_track(
        model=model,
        dosage=d,
        sides=sides,
        faults=dict(spec.faults),
        hold_s=hold,
        rest_s=rest,
        absent_s=spec.absent_s,
        settle_s=spec.settle_s,
        lead_in_s=spec.lead_in_s,
        lead_out_s=spec.lead_out_s,
        fidgets=spec.fidgets,
        rng=rng_plan,
        rng_fidget=rng_fidget,
    )

    n = int(np.floor(plan.duration * spec.fps)) + 1
    t_all = np.arange(n) / spec.fps
    keep = kept_frames(n, spec.drop_rate, rng_drop)
    t = t_all[keep]

    params = evaluate(plan, t)
    sk = model.skeleton(params)
    start_params = {k: np.array([v]) for k, v in plan.start.items()}
    start_sk = model.skeleton(start_params)
    angles = signals(model, sk, params, start_sk)
    angles["t"] = t.copy()

    body_pts = landmarks_3d(body, sk, model.posture, model.lateral)
    world = to_world(body_pts, params["shift"], spec.facing, model.posture)
    camera = _camera(spec, model, landmarks_3d(body, start_sk, model.posture, model.lateral))
    cam = camera.camera_coords(world)
    x, y, z = camera.project(cam)
    points = np.stack([x, y, z, visibility(cam, x, y, body)], axis=-1)
    hips = 0.5 * (cam[:, INDEX["left_hip"]] + cam[:, INDEX["right_hip"]])
    world_lm = cam - hips[:, None, :]

    jitter(points, world_lm, spec.jitter, spec.width, spec.height, rng_jitter)
    present = (t >= plan.person_on) & (t <= plan.person_off)
    for mask in runs(t, spec.swaps, 0.1, 1.5, (plan.person_on, plan.person_off), rng_swap):
        swap_sides(points, world_lm, mask & present, legs_only=bool(rng_swap.random() < 0.5))
    for mask in runs(t, spec.dropouts, 0.1, 1.0, (plan.person_on, plan.person_off), rng_out):
        present &= ~mask

    document = _document(spec, seed, t, points, world_lm, present)
    truth = tuple(_truth(plan, model, rep, hold, rest, spec.exercise) for rep in plan.reps)
    return SyntheticTrack(
        spec=spec,
        document=document,
        truth=truth,
        joint_angles=angles,
        seed=seed,
        prescribed_hold_s=hold,
        prescribed_rest_s=rest,
    )


def _camera(spec: TrackSpec, model: Model, start_pts: FloatArray) -> Camera:
    a = start_pts[0, :, 0]
    centre = 0.5 * (a.min() + a.max()) * (1.0 if spec.facing == "right" else -1.0)
    hip_y = float(start_pts[0, INDEX["left_hip"], 1])
    height = spec.camera_height_m if spec.camera_height_m is not None else max(hip_y, 0.15)
    return Camera.side_view(
        np.array([centre, 0.0, 0.0]),
        distance=spec.distance_m,
        yaw_deg=spec.yaw_deg,
        height=height,
        width_px=spec.width,
        height_px=spec.height,
    )


def _document(
    spec: TrackSpec,
    seed: int,
    t: FloatArray,
    points: FloatArray,
    world: FloatArray,
    present: BoolArray,
) -> dict[str, Any]:
    pts = np.round(points, 5).tolist()
    wld = np.round(world, 4).tolist() if spec.world else None
    frames: list[dict[str, Any]] = []
    for i, ti in enumerate(np.round(t, 4).tolist()):
        if not present[i]:
            frames.append({"t": ti, "points": None})
        elif wld is not None:
            frames.append({"t": ti, "points": pts[i], "world": wld[i]})
        else:
            frames.append({"t": ti, "points": pts[i]})
    return {
        "format": "pose-track",
        "version": 1,
        "fps": float(spec.fps),
        "width": spec.width,
        "height": spec.height,
        "landmarks": list(LANDMARKS),
        "source": {
            "kind": "synthetic",
            "name": f"{spec.exercise} seed {seed}",
            "model": "backcoach.synth",
        },
        "frames": frames,
    }


def measure_hold(t: FloatArray, values: FloatArray, direction: int) -> float:
    """Time the signal stays within the hold band of its extreme, around the extreme."""
    if values.size == 0:
        return 0.0
    peak = int(np.argmax(direction * values))
    inside = np.abs(values - values[peak]) <= BAND_DEG
    outside = np.flatnonzero(~inside)
    before = outside[outside < peak]
    after = outside[outside > peak]
    first = int(before[-1]) + 1 if before.size else 0
    last = int(after[0]) - 1 if after.size else values.size - 1
    step = float(np.median(np.diff(t))) if t.size > 1 else 0.0
    return float(t[last] - t[first] + step)


def _truth(
    plan: Plan, model: Model, rep: RepPlan, hold: float, rest: float, exercise: str
) -> TruthRep:
    t = np.arange(rep.start, rep.end + _DENSE_DT / 2, _DENSE_DT)
    primary = model.primary(rep.side)
    measured = measure_hold(t, evaluate(plan, t)[primary], model.direction)
    faults = set(rep.posture_faults)
    if measured < short_hold_limit(hold):
        faults.add("hold_too_short")
    if exercise == "glute_bridge" and rep.index > 1 and rep.rest_before < rest - 1.0:
        faults.add("rest_too_short")
    return TruthRep(
        index=rep.index,
        side=rep.side,
        start_s=rep.start,
        end_s=rep.end,
        hold_s=measured,
        peak_value=rep.peak[primary],
        faults=frozenset(faults),
        signal=model.primary_signal(rep.side),
        rest_before_s=rep.rest_before,
    )
