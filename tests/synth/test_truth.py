"""The truth matches the generated motion, and the motion matches the exercise contract."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

from backcoach.synth import EXERCISES, SyntheticTrack, TrackSpec, TruthRep, generate
from tests.synth._tracks import FAULTED, during, faulted

FloatArray = npt.NDArray[np.float64]
UNILATERAL = {"hamstring_stretch", "knee_to_chest", "bird_dog"}
PRESCRIBED_HOLD = {
    "partial_crunch": 1.0,
    "hamstring_stretch": 15.0,
    "wall_sit": 10.0,
    "knee_to_chest": 15.0,
    "bird_dog": 5.0,
    "pelvic_tilt": 10.0,
    "glute_bridge": 6.0,
}  # the exercise contract's table


def _other(side: str | None) -> str:
    return "right" if side == "left" else "left"


def _band_time(t: FloatArray, values: FloatArray, extreme_is_max: bool) -> float:
    """Time spent within 3 degrees of the extreme, around it (independent re-measure)."""
    k = int(np.argmax(values) if extreme_is_max else np.argmin(values))
    inside = np.abs(values - values[k]) <= 3.0
    lo = k
    while lo > 0 and inside[lo - 1]:
        lo -= 1
    hi = k
    while hi < len(values) - 1 and inside[hi + 1]:
        hi += 1
    return float(t[hi] - t[lo])


@pytest.mark.parametrize("exercise", EXERCISES)
def test_rep_count_and_sides_follow_the_exercise(exercise: str) -> None:
    track = faulted(exercise)
    reps = FAULTED[exercise][0]
    sides = [rep.side for rep in track.truth]
    if exercise not in UNILATERAL:
        assert sides == [None] * reps
    elif exercise == "hamstring_stretch":
        assert sides == ["left"] * reps + ["right"] * reps
    else:
        assert sides == ["left", "right"] * reps
    assert [rep.index for rep in track.truth] == list(range(1, len(sides) + 1))
    for a, b in zip(track.truth, track.truth[1:], strict=False):
        assert a.start_s < a.end_s < b.start_s


@pytest.mark.parametrize("first", ["left", "right"])
def test_alternating_exercises_start_on_the_requested_side(first: str) -> None:
    track = generate(TrackSpec("knee_to_chest", first_side=first), 0)  # type: ignore[arg-type]
    assert [rep.side for rep in track.truth] == [first, _other(first)] * 2


@pytest.mark.parametrize("exercise", EXERCISES)
def test_truth_faults_are_the_requested_ones(exercise: str) -> None:
    track = faulted(exercise)
    requested = FAULTED[exercise][1]
    assert [rep.faults for rep in track.truth] == [
        requested.get(rep.index, frozenset()) for rep in track.truth
    ]


@pytest.mark.parametrize("exercise", EXERCISES)
def test_hold_and_peak_match_the_generated_signal(exercise: str) -> None:
    track = faulted(exercise)
    t = track.joint_angles["t"]
    rising = exercise in ("partial_crunch", "bird_dog", "pelvic_tilt", "glute_bridge")
    for rep in track.truth:
        inside = during(track, rep)
        values = track.joint_angles[rep.signal][inside]
        assert _band_time(t[inside], values, rising) == pytest.approx(rep.hold_s, abs=0.05)
        extreme = values.max() if rising else values.min()
        assert extreme == pytest.approx(rep.peak_value, abs=1.0)  # sway stays under a degree


@pytest.mark.parametrize("exercise", EXERCISES)
def test_holds_are_clearly_normal_or_clearly_short(exercise: str) -> None:
    track = faulted(exercise)
    hold = PRESCRIBED_HOLD[exercise]
    assert track.prescribed_hold_s == hold
    limit = hold / 2 if hold < 2 else hold - 1
    for rep in track.truth:
        if "hold_too_short" in rep.faults:
            assert rep.hold_s < limit - min(0.1, 0.2 * hold)
            assert rep.hold_s > 0.1
        else:
            assert limit + 0.3 * min(hold, 1.0) < rep.hold_s <= 1.2 * hold


@pytest.mark.parametrize("exercise", EXERCISES)
def test_signal_is_at_the_start_value_when_a_rep_starts_and_ends(exercise: str) -> None:
    track = faulted(exercise)
    t = track.joint_angles["t"]
    for rep in track.truth:
        values = track.joint_angles[rep.signal]
        at_start = values[int(np.argmin(np.abs(t - rep.start_s)))]
        at_end = values[int(np.argmin(np.abs(t - rep.end_s)))]
        assert at_start == pytest.approx(at_end, abs=0.5)
        assert abs(rep.peak_value - at_start) > 3.0


def _peak(track: SyntheticTrack, rep: TruthRep, key: str, *, high: bool) -> float:
    values = track.joint_angles[key][during(track, rep)]
    return float(values.max() if high else values.min())


def _at_peak(track: SyntheticTrack, rep: TruthRep, key: str, *, high: bool) -> float:
    inside = during(track, rep)
    primary = track.joint_angles[rep.signal][inside]
    k = int(np.argmax(primary) if high else np.argmin(primary))
    return float(track.joint_angles[key][inside][k])


def _third_point(start: float, target: float) -> float:
    return start + (target - start) / 3.0


def _start_value(track: SyntheticTrack, rep: TruthRep) -> float:
    t = track.joint_angles["t"]
    return float(track.joint_angles[rep.signal][int(np.argmin(np.abs(t - rep.start_s)))])


def test_partial_crunch_zones() -> None:
    track = faulted("partial_crunch")
    for rep in track.truth:
        assert 20.0 <= _peak(track, rep, "trunk_lift", high=True) <= 35.0
        neck = _at_peak(track, rep, "neck_angle", high=True)
        assert neck <= 125.0 if "neck_pulled" in rep.faults else neck >= 145.0


def test_hamstring_stretch_zones() -> None:
    track = faulted("hamstring_stretch")
    for rep in track.truth:
        side, other = rep.side, _other(rep.side)
        assert _start_value(track, rep) == pytest.approx(130.0, abs=5.0)
        assert 85.0 <= _peak(track, rep, f"hip_{side}", high=False) <= 106.0
        knee = _at_peak(track, rep, f"knee_{side}", high=False)
        assert knee <= 145.0 if "knee_not_straight" in rep.faults else knee >= 165.0
        assert _peak(track, rep, f"hip_{other}", high=False) >= 120.0  # the other foot stays down


def test_wall_sit_zones() -> None:
    track = faulted("wall_sit")
    for rep in track.truth:
        assert _start_value(track, rep) >= 170.0
        knee = _peak(track, rep, "knee_mean", high=False)
        assert knee <= 76.0 if "too_deep" in rep.faults else 100.0 <= knee <= 150.0


def test_knee_to_chest_zones() -> None:
    track = faulted("knee_to_chest")
    for rep in track.truth:
        side, other = rep.side, _other(rep.side)
        start = _start_value(track, rep)
        hip = _peak(track, rep, f"hip_{side}", high=False)
        if "knee_not_to_chest" in rep.faults:
            assert 92.0 <= hip <= _third_point(start, 60.0)
        else:
            assert hip <= 60.0
        heel = _peak(track, rep, f"heel_rise_{other}", high=True)
        assert heel >= 0.2 if "other_leg_lifted" in rep.faults else heel <= 0.03
        assert _peak(track, rep, f"hip_{other}", high=False) > hip + 30.0  # moving leg is clear


def test_bird_dog_zones() -> None:
    track = faulted("bird_dog")
    for rep in track.truth:
        side, other = rep.side, _other(rep.side)
        start = _start_value(track, rep)
        assert -52.0 <= start <= -38.0
        leg = _peak(track, rep, f"leg_line_{side}", high=True)
        if "leg_not_level" in rep.faults:
            assert _third_point(start, 0.0) <= leg <= -27.0
        else:
            assert -15.0 <= leg <= 15.0
        arm = _at_peak(track, rep, f"arm_line_{other}", high=True)
        assert arm <= -42.0 if "arm_not_raised" in rep.faults else arm >= -10.0
        assert _peak(track, rep, f"leg_line_{other}", high=True) <= start + 5.0  # support leg


def test_pelvic_tilt_zones() -> None:
    track = faulted("pelvic_tilt")
    for rep in track.truth:
        assert 3.0 <= rep.peak_value <= 10.0
        rise = _peak(track, rep, "hip_rise", high=True)
        assert rise >= 0.2 if "hips_lifted" in rep.faults else rise <= 0.06


def test_glute_bridge_zones_and_rests() -> None:
    track = faulted("glute_bridge")
    for rep in track.truth:
        start = _start_value(track, rep)
        hip = _peak(track, rep, "hip_left", high=True)
        if "hips_too_low" in rep.faults:
            assert _third_point(start, 172.0) <= hip <= 154.0
        else:
            assert 165.0 <= hip <= 180.0
    for before, rep in zip(track.truth, track.truth[1:], strict=False):
        rest = rep.start_s - before.end_s
        assert rest == pytest.approx(rep.rest_before_s)
        assert rest <= 7.0 if "rest_too_short" in rep.faults else rest >= 10.0


@pytest.mark.parametrize("exercise", sorted(UNILATERAL))
def test_the_rep_side_is_the_leg_that_moves(exercise: str) -> None:
    track = faulted(exercise)
    key = "leg_line_{}" if exercise == "bird_dog" else "hip_{}"
    for rep in track.truth:
        moved = {}
        for side in ("left", "right"):
            values = track.joint_angles[key.format(side)][during(track, rep)]
            moved[side] = float(np.ptp(values))
        assert rep.side is not None
        assert moved[rep.side] > 2 * moved[_other(rep.side)]
