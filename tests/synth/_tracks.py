"""Shared, cached tracks for the synth tests (generation is deterministic, so caching is safe)."""

from __future__ import annotations

from functools import cache

import numpy as np
import numpy.typing as npt

from backcoach.synth import SyntheticTrack, TrackSpec, TruthRep, generate

# Each exercise with every one of its faults acted out once, at 60 fps for fine timing.
FAULTED: dict[str, tuple[int, dict[int, frozenset[str]]]] = {
    "partial_crunch": (4, {2: frozenset({"neck_pulled"}), 3: frozenset({"hold_too_short"})}),
    "hamstring_stretch": (
        2,
        {2: frozenset({"knee_not_straight"}), 3: frozenset({"hold_too_short"})},
    ),
    "wall_sit": (3, {2: frozenset({"too_deep"}), 3: frozenset({"hold_too_short"})}),
    "knee_to_chest": (
        2,
        {
            2: frozenset({"knee_not_to_chest"}),
            3: frozenset({"other_leg_lifted"}),
            4: frozenset({"hold_too_short"}),
        },
    ),
    "bird_dog": (
        3,
        {
            2: frozenset({"leg_not_level"}),
            3: frozenset({"arm_not_raised"}),
            5: frozenset({"hold_too_short", "leg_not_level"}),
        },
    ),
    "pelvic_tilt": (3, {2: frozenset({"hips_lifted"}), 3: frozenset({"hold_too_short"})}),
    "glute_bridge": (
        4,
        {
            2: frozenset({"hips_too_low"}),
            3: frozenset({"rest_too_short"}),
            4: frozenset({"hold_too_short"}),
        },
    ),
}


@cache
def faulted(exercise: str, seed: int = 11) -> SyntheticTrack:
    reps, faults = FAULTED[exercise]
    return generate(TrackSpec(exercise, reps=reps, faults=faults, fps=60.0), seed)


def during(track: SyntheticTrack, rep: TruthRep) -> npt.NDArray[np.bool_]:
    """Mask of joint_angles samples inside the rep."""
    t = track.joint_angles["t"]
    return (t >= rep.start_s) & (t <= rep.end_s)
