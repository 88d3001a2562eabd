"""A routine: which exercises, in which order, at which dosage."""

from __future__ import annotations

from dataclasses import dataclass

from backcoach.catalog import Catalog, Exercise, ExerciseId
from backcoach.errors import BackcoachError


class DosageError(BackcoachError, ValueError):
    """A dosage outside the catalog's range without an explicit override."""


@dataclass(frozen=True, slots=True)
class RoutineItem:
    """One exercise of a routine at a given dosage (reps are per side for unilateral exercises)."""

    exercise_id: ExerciseId
    reps: int
    hold_s: float
    rest_s: float

    def to_dict(self) -> dict[str, object]:
        return {
            "exercise_id": self.exercise_id.value,
            "reps": self.reps,
            "hold_s": self.hold_s,
            "rest_s": self.rest_s,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> RoutineItem:
        return cls(
            exercise_id=ExerciseId(str(data["exercise_id"])),
            reps=int(str(data["reps"])),
            hold_s=float(str(data["hold_s"])),
            rest_s=float(str(data["rest_s"])),
        )


@dataclass(frozen=True, slots=True)
class Routine:
    """An ordered list of exercises at their dosage."""

    items: tuple[RoutineItem, ...]

    def to_list(self) -> list[dict[str, object]]:
        return [item.to_dict() for item in self.items]

    @classmethod
    def from_list(cls, data: list[dict[str, object]]) -> Routine:
        return cls(tuple(RoutineItem.from_dict(d) for d in data))


def item_for(
    exercise: Exercise,
    *,
    reps: int | None = None,
    hold_s: float | None = None,
    rest_s: float | None = None,
    allow_outside_range: bool = False,
) -> RoutineItem:
    """A routine item at the exercise's default dosage, with any of the three changed.

    A value outside the catalog's range raises `DosageError` unless `allow_outside_range`
    says the user asked for it explicitly.
    """
    item = RoutineItem(
        exercise_id=exercise.id,
        reps=exercise.reps.default if reps is None else reps,
        hold_s=exercise.hold_s.default if hold_s is None else float(hold_s),
        rest_s=exercise.rest_s.default if rest_s is None else float(rest_s),
    )
    if item.reps < 1:
        raise DosageError(f"{exercise.name}: reps must be at least 1, got {item.reps}")
    if item.hold_s < 0 or item.rest_s < 0:
        raise DosageError(f"{exercise.name}: hold and rest cannot be negative")
    if not allow_outside_range:
        checks = (
            ("reps", item.reps, exercise.reps.min, exercise.reps.max),
            ("hold", item.hold_s, exercise.hold_s.min, exercise.hold_s.max),
            ("rest", item.rest_s, exercise.rest_s.min, exercise.rest_s.max),
        )
        for what, value, low, high in checks:
            if not low <= value <= high:
                raise DosageError(
                    f"{exercise.name}: {what} {value:g} is outside the safe range {low:g}-{high:g}"
                )
    return item


def default_routine(catalog: Catalog) -> Routine:
    """The seven exercises in the catalog's (the article's) order at their default dosage."""
    return Routine(tuple(item_for(exercise) for exercise in catalog))
