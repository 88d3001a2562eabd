"""The session engine against a fake clock: timing, pause, skip, stop and the events it emits."""

from __future__ import annotations

import pytest

from backcoach.catalog import ExerciseId, load_catalog
from backcoach.routine import (
    EngineState,
    Event,
    EventKind,
    Routine,
    SessionEngine,
    StepKind,
    build_timeline,
    default_routine,
    item_for,
)

CATALOG = load_catalog()


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def bridge_engine(
    reps: int = 2, hold_s: float = 6, rest_s: float = 10
) -> tuple[SessionEngine, FakeClock]:
    exercise = CATALOG.get(ExerciseId.GLUTE_BRIDGE)
    routine = Routine(
        (item_for(exercise, reps=reps, hold_s=hold_s, rest_s=rest_s, allow_outside_range=True),)
    )
    clock = FakeClock()
    return SessionEngine(build_timeline(routine, CATALOG, get_ready_s=0), clock), clock


def run(engine: SessionEngine, clock: FakeClock, seconds: float, step: float = 0.25) -> list[Event]:
    events: list[Event] = []
    for _ in range(round(seconds / step)):
        clock.advance(step)
        events += engine.tick()
    return events


def kinds(events: list[Event], kind: EventKind) -> list[Event]:
    return [e for e in events if e.kind is kind]


def test_runs_to_the_end_in_exactly_the_planned_time() -> None:
    engine, clock = bridge_engine()
    # setup 10 + 2 x (2 + 6 + 3) + 10 rest = 42 s
    assert engine.timeline.total_s == pytest.approx(42.0)
    events = engine.start()
    events += run(engine, clock, 41.75)
    assert engine.state is EngineState.RUNNING
    events += run(engine, clock, 0.25)
    assert engine.state is EngineState.FINISHED
    assert kinds(events, EventKind.SESSION_FINISHED)
    result = engine.result(0)
    assert (result.reps_done, result.reps_planned, result.holds_s) == (2, 2, (6.0, 6.0))
    assert not result.skipped


def test_one_big_tick_crosses_many_steps_and_keeps_every_event() -> None:
    engine, clock = bridge_engine()
    engine.start()
    clock.advance(1000)
    events = engine.tick()
    assert engine.state is EngineState.FINISHED
    assert len(kinds(events, EventKind.REP_DONE)) == 2
    started = [e.step.kind for e in kinds(events, EventKind.STEP_STARTED) if e.step]
    assert started == [
        StepKind.MOVE,
        StepKind.HOLD,
        StepKind.RELEASE,
        StepKind.REST,
        StepKind.MOVE,
        StepKind.HOLD,
        StepKind.RELEASE,
    ]


def test_hold_counts_down_every_second_and_says_the_last_three() -> None:
    engine, clock = bridge_engine(reps=1)
    engine.start()
    run(engine, clock, 12)  # setup 10 + move 2: the hold starts now
    assert engine.step.kind is StepKind.HOLD
    events = run(engine, clock, 6)
    countdown = [(e.seconds_left, e.say) for e in kinds(events, EventKind.COUNTDOWN)]
    assert countdown == [(5, None), (4, None), (3, "3"), (2, "2"), (1, "1")]


def test_pause_stops_time_and_resume_goes_on_where_it_was() -> None:
    engine, clock = bridge_engine()
    engine.start()
    run(engine, clock, 13)  # 1 s into the first hold
    assert engine.step.kind is StepKind.HOLD
    assert engine.pause()[-1].kind is EventKind.PAUSED
    clock.advance(300)
    assert engine.tick() == []
    assert engine.step_elapsed_s == pytest.approx(1.0)
    assert engine.resume()[0].kind is EventKind.RESUMED
    run(engine, clock, 5)
    assert engine.step.kind is StepKind.RELEASE
    assert engine.result(0).holds_s == (6.0,)
    assert engine.active_s == pytest.approx(18.0)


def test_skipping_a_hold_records_a_rep_with_the_time_actually_held() -> None:
    engine, clock = bridge_engine()
    engine.start()
    run(engine, clock, 14.5)  # 2.5 s into the first hold
    events = engine.skip_step()
    assert kinds(events, EventKind.STEP_FINISHED)[0].skipped
    assert kinds(events, EventKind.REP_DONE)
    assert engine.step.kind is StepKind.RELEASE
    assert engine.result(0).holds_s == (2.5,)


def test_skipping_the_setup_starts_the_first_rep_at_once() -> None:
    engine, _ = bridge_engine()
    engine.start()
    engine.skip_step()
    assert engine.step.kind is StepKind.MOVE and engine.step.rep == 1


def test_skip_exercise_marks_it_skipped_and_moves_to_the_next_setup() -> None:
    crunch = CATALOG.get(ExerciseId.PARTIAL_CRUNCH)
    bridge = CATALOG.get(ExerciseId.GLUTE_BRIDGE)
    timeline = build_timeline(Routine((item_for(crunch), item_for(bridge))), CATALOG, get_ready_s=0)
    clock = FakeClock()
    engine = SessionEngine(timeline, clock)
    engine.start()
    run(engine, clock, 10 + 5 + 2 + 1)  # setup, one full rep, rest, into the second move
    events = engine.skip_exercise()
    finished = kinds(events, EventKind.EXERCISE_FINISHED)
    assert finished and finished[0].skipped
    assert engine.step.kind is StepKind.SETUP
    assert engine.step.exercise_id is ExerciseId.GLUTE_BRIDGE
    crunch_result = engine.result(0)
    assert (crunch_result.reps_done, crunch_result.skipped) == (1, True)
    assert not crunch_result.complete


def test_skipping_the_last_exercise_finishes_the_session() -> None:
    engine, _ = bridge_engine()
    engine.start()
    events = engine.skip_exercise()
    assert engine.state is EngineState.FINISHED
    assert kinds(events, EventKind.SESSION_FINISHED)
    assert engine.result(0).skipped and engine.result(0).reps_done == 0


def test_stop_keeps_what_was_done_and_ignores_further_operations() -> None:
    engine, clock = bridge_engine()
    engine.start()
    run(engine, clock, 25)  # first rep done
    events = engine.stop()
    assert kinds(events, EventKind.SESSION_STOPPED)
    assert engine.state is EngineState.STOPPED
    assert engine.result(0).reps_done == 1
    clock.advance(100)
    assert engine.tick() == [] and engine.skip_step() == [] and engine.resume() == []


def test_an_unfinished_hold_at_stop_is_not_a_rep() -> None:
    engine, clock = bridge_engine()
    engine.start()
    run(engine, clock, 14)  # 2 s into the first hold
    engine.stop()
    assert engine.result(0).reps_done == 0


def test_progress_fractions_and_time_left() -> None:
    engine, clock = bridge_engine()
    engine.start()
    assert engine.session_left_s == pytest.approx(42.0)
    run(engine, clock, 21)
    assert engine.session_fraction == pytest.approx(0.5)
    assert engine.session_left_s == pytest.approx(21.0)
    assert engine.exercise_fraction == pytest.approx(0.5)


def test_results_list_only_exercises_begun() -> None:
    timeline = build_timeline(default_routine(CATALOG), CATALOG)
    clock = FakeClock()
    engine = SessionEngine(timeline, clock)
    engine.start()
    assert [r.exercise_id for r in engine.results()] == [ExerciseId.PARTIAL_CRUNCH]
    assert engine.result(1).reps_done == 0


def test_mark_painful_is_kept_in_the_result() -> None:
    engine, _ = bridge_engine()
    engine.start()
    engine.mark_painful()
    assert engine.result(0).painful


def test_start_twice_does_nothing_the_second_time() -> None:
    engine, _ = bridge_engine()
    assert engine.start()
    assert engine.start() == []
