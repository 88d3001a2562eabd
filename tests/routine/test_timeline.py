"""The timeline: every step, in order, with exact planned durations."""

from __future__ import annotations

import pytest

from backcoach.catalog import ExerciseId, Side, SidePattern, load_catalog
from backcoach.routine import (
    DosageError,
    Routine,
    StepKind,
    build_timeline,
    default_routine,
    item_for,
    side_sequence,
)

CATALOG = load_catalog()

# Hand-worked from the catalog's dosage and timing (setup + reps x (move + hold + release)
# + rests + side switch), so a change to either shows up here as a changed session length.
EXPECTED_SECONDS = {
    # 10 + 8 x (2 + 1 + 2) + 7 x 2
    ExerciseId.PARTIAL_CRUNCH: 64.0,
    # 15 + 10 x (3 + 15 + 2.5) + 8 x 5 rests (4 per leg) + 8 switch
    ExerciseId.HAMSTRING_STRETCH: 268.0,
    # 20 + 8 x (3 + 10 + 3) + 7 x 5
    ExerciseId.WALL_SIT: 183.0,
    # 10 + 4 x (2.5 + 15 + 2) + 3 x 5 (alternating: a rest between every rep, no switch step)
    ExerciseId.KNEE_TO_CHEST: 103.0,
    # 15 + 16 x (2 + 5 + 2) + 15 x 3
    ExerciseId.BIRD_DOG: 204.0,
    # 10 + 8 x (2 + 10 + 2) + 7 x 3
    ExerciseId.PELVIC_TILT: 143.0,
    # 10 + 8 x (2 + 6 + 3) + 7 x 10
    ExerciseId.GLUTE_BRIDGE: 168.0,
}


@pytest.mark.parametrize("exercise_id", list(EXPECTED_SECONDS))
def test_each_exercise_takes_exactly_its_planned_time(exercise_id: ExerciseId) -> None:
    routine = Routine((item_for(CATALOG.get(exercise_id)),))
    timeline = build_timeline(routine, CATALOG, get_ready_s=0)
    assert timeline.total_s == pytest.approx(EXPECTED_SECONDS[exercise_id])
    assert sum(s.duration_s for s in timeline.steps) == pytest.approx(timeline.total_s)


def test_default_session_is_the_seven_in_order_and_lasts_19_min_3_s() -> None:
    timeline = build_timeline(default_routine(CATALOG), CATALOG)
    assert [s.exercise_id for s in timeline.exercises] == list(ExerciseId)
    assert timeline.total_s == pytest.approx(10 + sum(EXPECTED_SECONDS.values()))  # 1143 s
    assert timeline.total_s == pytest.approx(1143.0)
    assert timeline.steps[0].kind is StepKind.GET_READY
    assert sum(s.reps_total for s in timeline.exercises) == 8 + 10 + 8 + 4 + 16 + 8 + 8


def test_steps_are_contiguous_and_numbered() -> None:
    timeline = build_timeline(default_routine(CATALOG), CATALOG)
    clock = 0.0
    for n, step in enumerate(timeline.steps):
        assert step.index == n
        assert step.start_s == pytest.approx(clock)
        clock += step.duration_s
    for span in timeline.exercises:
        steps = timeline.steps[span.first_step : span.last_step + 1]
        assert {s.position for s in steps} == {span.position}
        assert sum(s.duration_s for s in steps) == pytest.approx(span.duration_s)


@pytest.mark.parametrize(
    ("pattern", "reps", "expected"),
    [
        (SidePattern.BILATERAL, 3, [None, None, None]),
        (SidePattern.LEFT_THEN_RIGHT, 2, [Side.LEFT, Side.LEFT, Side.RIGHT, Side.RIGHT]),
        (SidePattern.ALTERNATING, 2, [Side.LEFT, Side.RIGHT, Side.LEFT, Side.RIGHT]),
    ],
)
def test_side_sequence(pattern: SidePattern, reps: int, expected: list[Side | None]) -> None:
    assert side_sequence(pattern, reps) == expected


def _kinds(exercise_id: ExerciseId, reps: int) -> list[str]:
    exercise = CATALOG.get(exercise_id)
    routine = Routine((item_for(exercise, reps=reps, allow_outside_range=True),))
    return [s.kind.value for s in build_timeline(routine, CATALOG, get_ready_s=0).steps]


def test_bilateral_step_pattern_has_no_rest_after_the_last_rep() -> None:
    assert _kinds(ExerciseId.GLUTE_BRIDGE, 2) == [
        "setup",
        "move",
        "hold",
        "release",
        "rest",
        "move",
        "hold",
        "release",
    ]


def test_left_then_right_switches_sides_once_instead_of_resting() -> None:
    assert _kinds(ExerciseId.HAMSTRING_STRETCH, 2) == [
        "setup",
        "move",
        "hold",
        "release",
        "rest",
        "move",
        "hold",
        "release",
        "switch_side",
        "move",
        "hold",
        "release",
        "rest",
        "move",
        "hold",
        "release",
    ]
    timeline = build_timeline(
        Routine((item_for(CATALOG.get(ExerciseId.HAMSTRING_STRETCH)),)), CATALOG, get_ready_s=0
    )
    switch = [s for s in timeline.steps if s.kind is StepKind.SWITCH_SIDE]
    assert len(switch) == 1
    assert switch[0].side is Side.RIGHT
    assert "right leg" in switch[0].text


def test_alternating_rests_between_every_rep_and_alternates_legs() -> None:
    exercise = CATALOG.get(ExerciseId.KNEE_TO_CHEST)
    timeline = build_timeline(Routine((item_for(exercise),)), CATALOG, get_ready_s=0)
    holds = [s for s in timeline.steps if s.kind is StepKind.HOLD]
    assert [h.side for h in holds] == [Side.LEFT, Side.RIGHT, Side.LEFT, Side.RIGHT]
    assert [h.rep for h in holds] == [1, 2, 3, 4]
    assert not [s for s in timeline.steps if s.kind is StepKind.SWITCH_SIDE]
    assert "left leg" in holds[0].text


def test_hold_steps_carry_the_prescribed_hold() -> None:
    exercise = CATALOG.get(ExerciseId.GLUTE_BRIDGE)
    routine = Routine((item_for(exercise, reps=10, hold_s=8, rest_s=12),))
    timeline = build_timeline(routine, CATALOG, get_ready_s=0)
    holds = [s for s in timeline.steps if s.kind is StepKind.HOLD]
    rests = [s for s in timeline.steps if s.kind is StepKind.REST]
    assert len(holds) == 10 and {h.duration_s for h in holds} == {8.0}
    assert len(rests) == 9 and {r.duration_s for r in rests} == {12.0}


def test_move_step_says_which_rep_of_how_many() -> None:
    timeline = build_timeline(default_routine(CATALOG), CATALOG)
    first_move = next(s for s in timeline.steps if s.kind is StepKind.MOVE)
    assert first_move.say is not None and first_move.say.startswith("Rep 1 of 8.")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"reps": 20}, "reps 20 is outside the safe range 8-12"),
        ({"hold_s": 60}, "hold 60 is outside the safe range 6-10"),
        ({"rest_s": 2}, "rest 2 is outside the safe range 9-30"),
        ({"reps": 0}, "reps must be at least 1"),
    ],
)
def test_dosage_outside_the_catalog_range_is_refused(
    changes: dict[str, float], message: str
) -> None:
    with pytest.raises(DosageError, match=message):
        item_for(CATALOG.get(ExerciseId.GLUTE_BRIDGE), **changes)  # type: ignore[arg-type]


def test_dosage_outside_the_range_needs_an_explicit_override() -> None:
    item = item_for(CATALOG.get(ExerciseId.GLUTE_BRIDGE), reps=15, allow_outside_range=True)
    assert item.reps == 15


def test_routine_round_trips_through_plain_data() -> None:
    routine = default_routine(CATALOG)
    assert Routine.from_list(routine.to_list()) == routine
