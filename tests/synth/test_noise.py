"""Each noise knob does what it says, and only that; the same seed gives the same track."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

from backcoach.synth import LANDMARKS, TrackSpec, generate

BASE = TrackSpec("glute_bridge", reps=3)
LEFT_RIGHT = [
    (i, LANDMARKS.index(name.replace("left", "right")))
    for i, name in enumerate(LANDMARKS)
    if "left" in name
]
FloatArray = npt.NDArray[np.float64]
LEGS = ("hip", "knee", "ankle", "heel", "foot_index")


def _points(doc: dict[str, Any]) -> list[FloatArray | None]:
    return [None if f["points"] is None else np.array(f["points"]) for f in doc["frames"]]


def _times(doc: dict[str, Any]) -> FloatArray:
    return np.array([f["t"] for f in doc["frames"]])


def test_same_seed_same_track_and_another_seed_another() -> None:
    spec = replace(BASE, jitter=0.006, drop_rate=0.03, dropouts=2, swaps=2, fidgets=2, settle_s=3)
    a, b, c = generate(spec, 5), generate(spec, 5), generate(spec, 6)
    assert a.document == b.document
    assert a.truth == b.truth
    assert a.document != c.document
    assert [r.start_s for r in a.truth] != [r.start_s for r in c.truth]


def test_dropouts_blank_short_runs_and_change_nothing_else() -> None:
    clean = generate(BASE, 3).document
    out = generate(replace(BASE, dropouts=3), 3).document
    assert len(out["frames"]) == len(clean["frames"])
    t = _times(out)
    null = np.array([f["points"] is None for f in out["frames"]])
    assert null.any()
    edges = np.flatnonzero(np.diff(np.concatenate([[0], null.astype(int), [0]])))
    for start, stop in zip(edges[::2], edges[1::2], strict=True):
        assert t[stop - 1] - t[start] <= 3.0 + 1e-9  # runs of 0.1-1 s (overlaps may merge)
    for f_out, f_clean in zip(out["frames"], clean["frames"], strict=True):
        if f_out["points"] is not None:
            assert f_out == f_clean


def test_absent_person_gives_empty_frames_at_both_ends() -> None:
    doc = generate(replace(BASE, absent_s=1.5), 3).document
    t = _times(doc)
    null = np.array([f["points"] is None for f in doc["frames"]])
    assert null[t < 1.4].all() and null[t > t[-1] - 1.4].all()
    assert not null[(t > 1.6) & (t < t[-1] - 1.6)].any()


def test_swaps_exchange_left_and_right_names_in_runs() -> None:
    clean = _points(generate(BASE, 4).document)
    swapped = _points(generate(replace(BASE, swaps=3), 4).document)
    changed = 0
    for p, q in zip(clean, swapped, strict=True):
        assert p is not None and q is not None
        if np.array_equal(p, q):
            continue
        changed += 1
        legs_only = np.array_equal(p[0], q[0]) and np.array_equal(
            p[LANDMARKS.index("left_shoulder")], q[LANDMARKS.index("left_shoulder")]
        )
        for i, j in LEFT_RIGHT:
            if legs_only and not LANDMARKS[i].endswith(LEGS):
                assert np.array_equal(q[i], p[i])
            else:
                assert np.array_equal(q[i], p[j]) and np.array_equal(q[j], p[i])
        assert np.array_equal(q[0], p[0])  # the nose has no side
    assert 0 < changed < len(clean) / 2


def test_dropped_frames_leave_uneven_times() -> None:
    full = generate(BASE, 2).document
    dropped = generate(replace(BASE, drop_rate=0.1), 2).document
    t_full, t = _times(full), _times(dropped)
    assert 0.8 * len(t_full) < len(t) < 0.95 * len(t_full)
    assert set(t.tolist()) <= set(t_full.tolist())
    assert np.diff(t).max() > 1.5 / BASE.fps
    assert (np.diff(t) > 0).all()


def test_jitter_has_the_requested_size() -> None:
    clean = _points(generate(BASE, 8).document)
    noisy = _points(generate(replace(BASE, jitter=0.005), 8).document)
    pairs = [(p, q) for p, q in zip(clean, noisy, strict=True) if p is not None and q is not None]
    dx = np.array([q[:, 0] - p[:, 0] for p, q in pairs]) * BASE.width
    dy = np.array([q[:, 1] - p[:, 1] for p, q in pairs]) * BASE.height
    sigma_px = 0.005 * max(BASE.width, BASE.height)
    for d in (dx, dy):
        assert sigma_px < np.std(d) < 2.5 * sigma_px


def test_yaw_spreads_depth_and_shortens_the_body_across_the_frame() -> None:
    def spread(yaw: float) -> tuple[float, float]:
        pts = _points(generate(replace(BASE, yaw_deg=yaw), 1).document)[0]
        assert pts is not None
        return float(np.ptp(pts[:, 2])), float(np.ptp(pts[:, 0]))

    z0, x0 = spread(0.0)
    z60, x60 = spread(60.0)
    assert z60 > 3 * z0
    assert x60 < 0.7 * x0


@pytest.mark.parametrize("facing", ["left", "right"])
def test_facing_puts_the_head_on_that_side_and_the_near_side_is_more_visible(facing: str) -> None:
    doc = generate(replace(BASE, facing=facing), 1).document  # type: ignore[arg-type]
    pts = np.array(doc["frames"][0]["points"])
    hip_x = pts[LANDMARKS.index("left_hip"), 0]
    nose_x = pts[LANDMARKS.index("nose"), 0]
    assert (nose_x > hip_x) == (facing == "right")
    for part in ("shoulder", "hip", "knee", "ankle"):
        left, right = pts[LANDMARKS.index(f"left_{part}")], pts[LANDMARKS.index(f"right_{part}")]
        near, far = (left, right) if left[2] < right[2] else (right, left)
        assert near[3] >= 0.85
        assert 0.3 <= far[3] <= 0.7


def test_fidgets_move_in_rests_but_stay_under_a_quarter_of_the_excursion() -> None:
    spec = replace(BASE, reps=4, fidgets=4)
    still, fidgety = generate(replace(spec, fidgets=0), 9), generate(spec, 9)
    assert [r.start_s for r in still.truth] == [r.start_s for r in fidgety.truth]
    t = fidgety.joint_angles["t"]
    hip, hip_still = fidgety.joint_angles["hip_left"], still.joint_angles["hip_left"]
    in_rep = np.zeros(t.shape, dtype=bool)
    for rep in fidgety.truth:
        in_rep |= (t >= rep.start_s) & (t <= rep.end_s)
    start = hip_still[0]
    excursion = min(rep.peak_value for rep in fidgety.truth) - start
    assert np.abs(hip - hip_still)[~in_rep].max() > 0.05 * excursion
    assert np.abs(hip - start)[~in_rep].max() < 0.25 * excursion


def test_settling_at_the_start_is_not_a_rep() -> None:
    track = generate(replace(BASE, settle_s=4.0), 3)
    t = track.joint_angles["t"]
    first = track.truth[0]
    before = t < first.start_s
    start = track.joint_angles["hip_left"][int(np.argmin(np.abs(t - first.start_s)))]
    excursion = first.peak_value - start
    assert first.start_s >= 4.0
    assert np.abs(track.joint_angles["hip_left"][before] - start).max() < 0.25 * excursion


@pytest.mark.parametrize(("width", "height", "fps"), [(720, 1280, 24.0), (640, 480, 60.0)])
def test_frame_size_and_rate(width: int, height: int, fps: float) -> None:
    track = generate(replace(BASE, width=width, height=height, fps=fps, distance_m=4.0), 1)
    doc = track.document
    assert (doc["width"], doc["height"], doc["fps"]) == (width, height, fps)
    t = _times(doc)
    assert np.allclose(np.diff(t), 1 / fps, atol=1e-3)
    pts = np.array([f["points"] for f in doc["frames"]])
    body = pts[:, 11:, :2]  # shoulders down: inside the frame on a sensible set-up
    assert body.min() > -0.05 and body.max() < 1.05
