"""The exercise catalog's schema: every field a guided session or the motion coach reads."""

from __future__ import annotations

from enum import StrEnum
from typing import Generic, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from backcoach.errors import BackcoachError


class ExerciseId(StrEnum):
    """The seven exercise identifiers (a public interface: never respelled)."""

    PARTIAL_CRUNCH = "partial_crunch"
    HAMSTRING_STRETCH = "hamstring_stretch"
    WALL_SIT = "wall_sit"
    KNEE_TO_CHEST = "knee_to_chest"
    BIRD_DOG = "bird_dog"
    PELVIC_TILT = "pelvic_tilt"
    GLUTE_BRIDGE = "glute_bridge"


class SidePattern(StrEnum):
    """How an exercise uses the two sides of the body."""

    BILATERAL = "bilateral"
    """Both sides together: one rep is one rep."""
    LEFT_THEN_RIGHT = "left_then_right"
    """All reps on the left, a side switch, then all reps on the right."""
    ALTERNATING = "alternating"
    """Left, right, left, right... one rep per side in turn."""


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"


N = TypeVar("N", int, float)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Range(_Frozen, Generic[N]):
    """A dosage: the default and the range the program may move within (min <= default <= max)."""

    default: N = Field(ge=0)
    min: N = Field(ge=0)
    max: N = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if not self.min <= self.default <= self.max:
            raise ValueError(
                f"need min <= default <= max, got {self.min}, {self.default}, {self.max}"
            )
        return self


IntRange = Range[int]
"""Whole-number dosage (reps)."""
SecondsRange = Range[float]
"""Dosage in seconds (holds, rests)."""


class Timing(_Frozen):
    """Seconds the guided session gives to the parts of an exercise that are not the hold or rest.

    These are our own defaults (the source gives none): settings, not facts.
    """

    setup_s: float = Field(gt=0, description="moving into the start position, once per exercise")
    move_s: float = Field(gt=0, description="moving from the start to the target position, per rep")
    release_s: float = Field(gt=0, description="returning to the start position, per rep")
    switch_s: float = Field(gt=0, description="changing sides (left-then-right exercises)")


class SpokenCues(_Frozen):
    """Short phrases the player says aloud at each phase of a rep."""

    move: str = Field(min_length=1)
    hold: str = Field(min_length=1)
    release: str = Field(min_length=1)


class Exercise(_Frozen):
    """One exercise: dosage, the words that guide it and how the camera should see it."""

    id: ExerciseId
    name: str = Field(min_length=1)
    summary: str = Field(min_length=1, description="one sentence: what it does for the back")
    sides: SidePattern
    side_part: str = Field(default="leg", description="what changes side: 'leg', used in cues")
    reps: IntRange = Field(description="reps per side for unilateral exercises")
    hold_s: SecondsRange
    rest_s: SecondsRange = Field(description="rest between reps")
    timing: Timing
    setup: tuple[str, ...] = Field(min_length=1, description="getting into the start position")
    steps: tuple[str, ...] = Field(min_length=1, description="one rep, numbered in order")
    breathing: str = Field(min_length=1)
    form_cues: tuple[str, ...] = Field(min_length=1)
    common_mistakes: tuple[str, ...] = Field(min_length=1)
    safety: tuple[str, ...] = Field(min_length=1)
    camera_view: str = Field(min_length=1, description="where to put the camera")
    spoken: SpokenCues

    @field_validator("reps")
    @classmethod
    def _at_least_one_rep(cls, value: IntRange) -> IntRange:
        if value.min < 1:
            raise ValueError("an exercise needs at least 1 rep")
        return value

    @property
    def unilateral(self) -> bool:
        return self.sides is not SidePattern.BILATERAL


class UnknownExerciseError(BackcoachError, LookupError):
    """An exercise id that is not in the catalog."""

    def __init__(self, exercise_id: str) -> None:
        valid = ", ".join(e.value for e in ExerciseId)
        super().__init__(f"unknown exercise '{exercise_id}' (known: {valid})")
        self.exercise_id = exercise_id
