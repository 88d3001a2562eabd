"""Expanding a routine into timed steps: the whole session, known to the second before it starts."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from backcoach.catalog import Catalog, Exercise, ExerciseId, Side, SidePattern
from backcoach.routine._routine import Routine, RoutineItem

GET_READY_S = 10.0
"""Seconds before the first exercise: time to put the phone down and lie on the mat."""


class StepKind(StrEnum):
    GET_READY = "get_ready"
    """Once, before the first exercise."""
    SETUP = "setup"
    """Moving into the start position of the next exercise."""
    MOVE = "move"
    """From the start position to the target position."""
    HOLD = "hold"
    """Staying at the target position: counted down."""
    RELEASE = "release"
    """Back to the start position."""
    REST = "rest"
    """Between reps: counted down."""
    SWITCH_SIDE = "switch_side"
    """Changing legs, between the two sides of a left-then-right exercise."""


COUNTED_KINDS = frozenset({StepKind.GET_READY, StepKind.HOLD, StepKind.REST, StepKind.SWITCH_SIDE})
"""Steps whose seconds left are shown big and counted down."""


@dataclass(frozen=True, slots=True)
class Step:
    """One timed step of a session."""

    index: int
    kind: StepKind
    duration_s: float
    start_s: float
    """Planned start, seconds from the start of the session."""
    position: int
    """Which exercise of the routine (0-based); the get-ready step belongs to the first."""
    exercise_id: ExerciseId
    rep: int | None
    """Rep number within the exercise (1-based, counting both sides) for move/hold/release/rest."""
    reps_total: int
    side: Side | None
    text: str
    """What to do now, in a few words."""
    say: str | None
    """What to say aloud when the step starts (None: nothing)."""

    @property
    def counted(self) -> bool:
        return self.kind in COUNTED_KINDS

    @property
    def end_s(self) -> float:
        return self.start_s + self.duration_s


@dataclass(frozen=True, slots=True)
class ExerciseSpan:
    """Where one exercise sits in the timeline."""

    position: int
    exercise_id: ExerciseId
    name: str
    item: RoutineItem
    first_step: int
    last_step: int
    start_s: float
    duration_s: float
    reps_total: int


@dataclass(frozen=True, slots=True)
class Timeline:
    """A routine expanded into steps, with the planned duration of everything."""

    routine: Routine
    steps: tuple[Step, ...]
    exercises: tuple[ExerciseSpan, ...]

    @property
    def total_s(self) -> float:
        return self.steps[-1].end_s if self.steps else 0.0

    def span(self, position: int) -> ExerciseSpan:
        return self.exercises[position]


def side_sequence(pattern: SidePattern, reps: int) -> list[Side | None]:
    """The side of each rep: `reps` is per side for unilateral exercises."""
    if pattern is SidePattern.BILATERAL:
        return [None] * reps
    sides: list[Side | None]
    if pattern is SidePattern.LEFT_THEN_RIGHT:
        sides = [*([Side.LEFT] * reps), *([Side.RIGHT] * reps)]
    else:
        sides = [Side.LEFT if i % 2 == 0 else Side.RIGHT for i in range(2 * reps)]
    return sides


def reps_total(exercise: Exercise, item: RoutineItem) -> int:
    """Reps over the whole exercise, both sides counted."""
    return len(side_sequence(exercise.sides, item.reps))


def build_timeline(
    routine: Routine, catalog: Catalog, *, get_ready_s: float = GET_READY_S
) -> Timeline:
    """Every step of the routine, in order, with planned start times and durations."""
    steps: list[Step] = []
    spans: list[ExerciseSpan] = []
    clock = 0.0

    def add(
        kind: StepKind,
        duration: float,
        position: int,
        exercise: Exercise,
        total: int,
        text: str,
        say: str | None,
        rep: int | None = None,
        side: Side | None = None,
    ) -> None:
        nonlocal clock
        if duration <= 0:
            return
        steps.append(
            Step(
                len(steps),
                kind,
                duration,
                clock,
                position,
                exercise.id,
                rep,
                total,
                side,
                text,
                say,
            )
        )
        clock += duration

    for position, item in enumerate(routine.items):
        exercise = catalog.get(item.exercise_id)
        sides = side_sequence(exercise.sides, item.reps)
        total = len(sides)
        first, start = len(steps), clock
        if position == 0 and get_ready_s > 0:
            add(
                StepKind.GET_READY,
                get_ready_s,
                position,
                exercise,
                total,
                f"Get ready: {exercise.name} first",
                f"Get ready. First, {exercise.name.lower()}.",
            )
        first_side = sides[0]
        add(
            StepKind.SETUP,
            exercise.timing.setup_s,
            position,
            exercise,
            total,
            f"Get into position for {exercise.name.lower()}",
            _setup_phrase(exercise, first_side),
        )
        for n, side in enumerate(sides, start=1):
            on = f" ({side.value} {exercise.side_part})" if side else ""
            add(
                StepKind.MOVE,
                exercise.timing.move_s,
                position,
                exercise,
                total,
                f"{exercise.spoken.move}{on}",
                _move_phrase(exercise, side, n, total),
                n,
                side,
            )
            add(
                StepKind.HOLD,
                item.hold_s,
                position,
                exercise,
                total,
                f"{exercise.spoken.hold}{on}",
                exercise.spoken.hold,
                n,
                side,
            )
            add(
                StepKind.RELEASE,
                exercise.timing.release_s,
                position,
                exercise,
                total,
                exercise.spoken.release,
                exercise.spoken.release,
                n,
                side,
            )
            if n == total:
                break
            following = sides[n]
            if exercise.sides is SidePattern.LEFT_THEN_RIGHT and following != side:
                part = exercise.side_part
                add(
                    StepKind.SWITCH_SIDE,
                    exercise.timing.switch_s,
                    position,
                    exercise,
                    total,
                    f"Switch to your {following} {part}" if following else "Switch sides",
                    f"Switch to your {following} {part}." if following else "Switch sides.",
                    None,
                    following,
                )
            else:
                add(StepKind.REST, item.rest_s, position, exercise, total, "Rest", "Rest.", n, side)
        spans.append(
            ExerciseSpan(
                position,
                exercise.id,
                exercise.name,
                item,
                first,
                len(steps) - 1,
                start,
                clock - start,
                total,
            )
        )
    return Timeline(routine, tuple(steps), tuple(spans))


def _setup_phrase(exercise: Exercise, side: Side | None) -> str:
    start = f" Start with your {side.value} {exercise.side_part}." if side else ""
    return f"{exercise.name}. {exercise.setup[0]}{start}"


def _move_phrase(exercise: Exercise, side: Side | None, rep: int, total: int) -> str:
    which = f", {side.value} {exercise.side_part}" if side else ""
    return f"Rep {rep} of {total}{which}. {exercise.spoken.move}."
