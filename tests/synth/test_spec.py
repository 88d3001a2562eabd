"""TrackSpec refuses what it cannot generate; random_spec gives varied, usable specs."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from backcoach.synth import EXERCISES, FAULTS, TrackSpec, generate, random_spec


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"exercise": "push_up"}, "unknown exercise"),
        ({"exercise": "wall_sit", "faults": {1: frozenset({"hips_too_low"})}}, "no fault"),
        ({"exercise": "glute_bridge", "faults": {1: frozenset({"rest_too_short"})}}, "rep 1"),
        ({"exercise": "wall_sit", "fps": 0.0}, "fps"),
        ({"exercise": "wall_sit", "yaw_deg": 95.0}, "yaw"),
        ({"exercise": "wall_sit", "jitter": -0.1}, "jitter"),
    ],
)
def test_bad_specs_are_refused(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        TrackSpec(**kwargs)


def test_a_fault_on_a_rep_that_does_not_exist_is_refused() -> None:
    with pytest.raises(ValueError, match=r"reps 1\.\.4"):
        generate(TrackSpec("bird_dog", reps=2, faults={5: frozenset({"leg_not_level"})}), 0)


def test_defaults_follow_the_prescription() -> None:
    track = generate(TrackSpec("knee_to_chest"), 0)
    assert len(track.truth) == 4  # 2 per leg
    assert track.prescribed_hold_s == 15.0 and track.prescribed_rest_s == 5.0


@pytest.mark.parametrize("exercise", EXERCISES)
def test_random_specs_vary_and_use_the_exercise_faults(exercise: str) -> None:
    rng = np.random.default_rng(0)
    specs = [random_spec(exercise, rng) for _ in range(30)]
    codes = {code for spec in specs for faults in spec.faults.values() for code in faults}
    assert codes <= {*FAULTS[exercise], "hold_too_short"}
    assert len(codes) >= 2
    assert len({spec.facing for spec in specs}) == 2
    assert len({(spec.width, spec.height) for spec in specs}) >= 3
    assert all(spec.jitter > 0 and abs(spec.yaw_deg) <= 25 for spec in specs)


def test_random_specs_without_noise_are_clean() -> None:
    spec = random_spec("bird_dog", np.random.default_rng(3), noisy=False)
    assert (spec.jitter, spec.drop_rate, spec.dropouts, spec.swaps, spec.fidgets) == (0, 0, 0, 0, 0)
    assert spec.yaw_deg == 0
