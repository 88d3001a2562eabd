"""The steps an exercise's dosage climbs, always inside the catalog's range."""

from __future__ import annotations

from enum import StrEnum

from backcoach.catalog import Exercise
from backcoach.program._records import Dosage
from backcoach.program._thresholds import HOLD_STEPS_ACROSS_RANGE, REPS_STEP


class Part(StrEnum):
    """Which part of the dosage a step moves."""

    REPS = "reps"
    HOLD = "hold"


def start_dosage(exercise: Exercise) -> Dosage:
    """Where every exercise starts: the low end of its range, reps and hold alike."""
    return Dosage(exercise.reps.min, exercise.hold_s.min)


def hold_step(exercise: Exercise) -> float:
    """Seconds one hold step adds: about a third of the range, in whole seconds, at least 1 s."""
    width = exercise.hold_s.max - exercise.hold_s.min
    return float(max(1, round(width / HOLD_STEPS_ACROSS_RANGE)))


def hold_levels(exercise: Exercise) -> list[float]:
    """Every hold the program uses for this exercise, from the range's minimum to its maximum."""
    low, high, step = exercise.hold_s.min, exercise.hold_s.max, hold_step(exercise)
    levels = []
    value = low
    while value < high - 1e-9:
        levels.append(value)
        value += step
    levels.append(high)
    return levels


def clamp(exercise: Exercise, dosage: Dosage) -> Dosage:
    """The dosage brought inside the catalog's range (a stored one may predate a catalog change)."""
    reps = min(max(dosage.reps, exercise.reps.min), exercise.reps.max)
    hold = min(max(dosage.hold_s, exercise.hold_s.min), exercise.hold_s.max)
    return Dosage(reps, hold)


def room(exercise: Exercise, dosage: Dosage, part: Part) -> bool:
    """Whether `part` can still go up without leaving the range."""
    if part is Part.REPS:
        return dosage.reps < exercise.reps.max
    return dosage.hold_s < exercise.hold_s.max - 1e-9


def at_top(exercise: Exercise, dosage: Dosage) -> bool:
    """Reps and hold both at the top of their ranges."""
    return not room(exercise, dosage, Part.REPS) and not room(exercise, dosage, Part.HOLD)


def at_bottom(exercise: Exercise, dosage: Dosage) -> bool:
    return dosage == start_dosage(exercise)


def step_up(exercise: Exercise, dosage: Dosage, part: Part) -> Dosage:
    """One step up in `part`, never past the top of the range."""
    if part is Part.REPS:
        return Dosage(min(dosage.reps + REPS_STEP, exercise.reps.max), dosage.hold_s)
    above = [h for h in hold_levels(exercise) if h > dosage.hold_s + 1e-9]
    return Dosage(dosage.reps, above[0] if above else dosage.hold_s)


def step_down(exercise: Exercise, dosage: Dosage, part: Part) -> Dosage:
    """One step down in `part`, never below the bottom of the range."""
    if part is Part.REPS:
        return Dosage(max(dosage.reps - REPS_STEP, exercise.reps.min), dosage.hold_s)
    below = [h for h in hold_levels(exercise) if h < dosage.hold_s - 1e-9]
    return Dosage(dosage.reps, below[-1] if below else dosage.hold_s)


def moved_part(old: Dosage, new: Dosage) -> Part | None:
    """Which part went up from `old` to `new` (None if neither did)."""
    if new.reps > old.reps:
        return Part.REPS
    if new.hold_s > old.hold_s + 1e-9:
        return Part.HOLD
    return None


def describe_move(exercise: Exercise, old: Dosage, new: Dosage) -> str:
    """`reps 8 → 9` / `hold 15 → 20 s` / both, for a person."""
    per = f" per {exercise.side_part}" if exercise.unilateral else ""
    parts = []
    if new.reps != old.reps:
        parts.append(f"reps {old.reps} → {new.reps}{per}")
    if abs(new.hold_s - old.hold_s) > 1e-9:
        parts.append(f"hold {old.hold_s:g} → {new.hold_s:g} s")
    return ", ".join(parts) if parts else f"stays at {describe(exercise, new)}"


def describe(exercise: Exercise, dosage: Dosage) -> str:
    per = f" per {exercise.side_part}" if exercise.unilateral else ""
    return f"{dosage.reps}{per} × {dosage.hold_s:g} s"
