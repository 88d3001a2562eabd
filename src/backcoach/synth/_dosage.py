"""Prescribed dosage per exercise: the catalog's values, or the contract's table while the
catalog data file is not available."""

from __future__ import annotations

from dataclasses import dataclass

EXERCISES: tuple[str, ...] = (
    "partial_crunch",
    "hamstring_stretch",
    "wall_sit",
    "knee_to_chest",
    "bird_dog",
    "pelvic_tilt",
    "glute_bridge",
)

FAULTS: dict[str, tuple[str, ...]] = {
    "partial_crunch": ("neck_pulled",),
    "hamstring_stretch": ("knee_not_straight",),
    "wall_sit": ("too_deep",),
    "knee_to_chest": ("knee_not_to_chest", "other_leg_lifted"),
    "bird_dog": ("leg_not_level", "arm_not_raised"),
    "pelvic_tilt": ("hips_lifted",),
    "glute_bridge": ("hips_too_low", "rest_too_short"),
}
"""Posture and timing fault codes per exercise, beyond `hold_too_short` (which all have)."""


@dataclass(frozen=True)
class Dosage:
    """What the program prescribes for one exercise, and the guide's timing of a rep."""

    reps: int
    reps_min: int
    reps_max: int
    hold_s: float
    rest_s: float
    sides: str  # "bilateral" | "left_then_right" | "alternating"
    move_s: float
    release_s: float
    switch_s: float


# The exercise contract's table; move/release/switch are our own defaults.
_TABLE: dict[str, Dosage] = {
    "partial_crunch": Dosage(8, 8, 12, 1.0, 2.0, "bilateral", 1.0, 1.0, 5.0),
    "hamstring_stretch": Dosage(5, 5, 5, 15.0, 5.0, "left_then_right", 2.5, 2.0, 5.0),
    "wall_sit": Dosage(8, 8, 12, 10.0, 5.0, "bilateral", 2.5, 2.0, 5.0),
    "knee_to_chest": Dosage(2, 2, 4, 15.0, 5.0, "alternating", 2.0, 2.0, 5.0),
    "bird_dog": Dosage(8, 8, 12, 5.0, 3.0, "alternating", 2.0, 1.5, 5.0),
    "pelvic_tilt": Dosage(8, 8, 12, 10.0, 3.0, "bilateral", 1.5, 1.5, 5.0),
    "glute_bridge": Dosage(8, 8, 12, 6.0, 10.0, "bilateral", 2.0, 2.0, 5.0),
}


def dosage(exercise: str) -> Dosage:
    """The prescribed dosage of `exercise` (from the catalog when it loads)."""
    if exercise not in _TABLE:
        raise ValueError(f"unknown exercise {exercise!r} (known: {', '.join(EXERCISES)})")
    try:
        from backcoach.catalog import load_catalog

        ex = load_catalog().get(exercise)
    except Exception:  # the catalog data file may not exist yet: fall back to the contract
        return _TABLE[exercise]
    return Dosage(
        reps=ex.reps.default,
        reps_min=ex.reps.min,
        reps_max=ex.reps.max,
        hold_s=float(ex.hold_s.default),
        rest_s=float(ex.rest_s.default),
        sides=str(ex.sides.value),
        move_s=float(ex.timing.move_s),
        release_s=float(ex.timing.release_s),
        switch_s=float(ex.timing.switch_s),
    )
