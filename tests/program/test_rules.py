"""The progression rules, table-driven over synthetic histories replayed as the app records them."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from backcoach.catalog import ExerciseId
from backcoach.program import (
    Action,
    Dosage,
    DosageChange,
    Rule,
    current_dosage,
    hold_levels,
    next_dosage,
    review,
    start_dosage,
)
from backcoach.routine import SessionStatus
from tests.program._history import ALL, CATALOG, Day, daily, on, replay

CRUNCH, HAMSTRING, WALL, KNEE, BIRD, TILT, BRIDGE = (
    ExerciseId.PARTIAL_CRUNCH,
    ExerciseId.HAMSTRING_STRETCH,
    ExerciseId.WALL_SIT,
    ExerciseId.KNEE_TO_CHEST,
    ExerciseId.BIRD_DOG,
    ExerciseId.PELVIC_TILT,
    ExerciseId.GLUTE_BRIDGE,
)


def each(*dosages: tuple[int, float]) -> dict[ExerciseId, tuple[int, float]]:
    """Reps x hold for the seven exercises, in catalog order."""
    return dict(zip(ALL, dosages, strict=True))


# Worked out by hand from the catalog's ranges and the steps (one rep; a third of the hold range).
START = each((8, 1), (5, 15), (8, 5), (2, 15), (8, 5), (8, 5), (8, 6))
ONE_UP = each((9, 1), (5, 20), (9, 5), (3, 15), (9, 5), (9, 5), (9, 6))
TWO_UP = each((9, 2), (5, 25), (9, 8), (3, 20), (9, 7), (9, 7), (9, 7))
TOP = each((12, 3), (5, 30), (12, 15), (4, 30), (12, 10), (12, 10), (12, 10))

GOOD_TWICE = [Day(0), Day(1)]
GOOD_FOUR = daily(0, 4)

# name, days, review on day, rule for every exercise, dosage for every exercise, exceptions
CASES = [
    ("first session: the low end of every range", [], 0, Rule.START, START, {}),
    ("one good session: not yet", [Day(0)], 1, Rule.STEADY, START, {}),
    ("two good sessions: one step up, reps first", GOOD_TWICE, 2, Rule.PROGRESS, ONE_UP, {}),
    ("four good sessions: then the hold", GOOD_FOUR, 4, Rule.PROGRESS, TWO_UP, {}),
    ("two sessions on one afternoon count once", [Day(0), Day(0.1)], 1, Rule.STEADY, START, {}),
    ("pain 4/10 after: hold", [Day(0), Day(1, after=4)], 2, Rule.HOLD_PAIN, START, {}),
    ("pain 5/10 after: hold", [Day(0), Day(1, after=5)], 2, Rule.HOLD_PAIN, START, {}),
    (
        "pain 6/10 after, no check-in: step back",
        [*GOOD_TWICE, Day(2, after=6)],
        3,
        Rule.STEP_BACK_PAIN,
        START,
        {},
    ),
    (
        "pain 6/10 after but settled by the morning: hold",
        [*GOOD_TWICE, Day(2, after=6, morning=2)],
        3,
        Rule.HOLD_PAIN,
        ONE_UP,
        {},
    ),
    (
        "morning above 3 and above before: not settled, hold",
        [Day(0), Day(1, before=3, morning=4)],
        2,
        Rule.HOLD_NOT_SETTLED,
        START,
        {},
    ),
    (
        "morning 2 points worse: step back",
        [*GOOD_TWICE, Day(2, before=2, morning=4)],
        3,
        Rule.STEP_BACK_MORNING,
        START,
        {},
    ),
    (
        "morning settled at 3 or less: counts",
        [Day(0, morning=3), Day(1, before=1, morning=3)],
        2,
        Rule.PROGRESS,
        ONE_UP,
        {},
    ),
    (
        "flare, 8/10 next morning: back to the start",
        [*daily(0, 6), Day(6, morning=8)],
        7,
        Rule.DELOAD_FLARE,
        START,
        {},
    ),
    (
        "flare, 3 points up on the pain before: back to the start",
        [*GOOD_FOUR, Day(4, before=1, morning=4)],
        5,
        Rule.DELOAD_FLARE,
        START,
        {},
    ),
    ("rated hard: hold", [Day(0), Day(1, rating=4)], 2, Rule.HOLD_HARD, START, {}),
    (
        "rated too hard: step back",
        [*GOOD_TWICE, Day(2, rating=5)],
        3,
        Rule.STEP_BACK_TOO_HARD,
        START,
        {},
    ),
    ("rated too easy: still two sessions", [Day(0, rating=1)], 1, Rule.STEADY, START, {}),
    (
        "no pain score after or next morning: does not count",
        [Day(0, after=None), Day(1, after=None)],
        2,
        Rule.STEADY,
        START,
        {},
    ),
    (
        "a next-morning check-in stands in for the pain after",
        [Day(0, after=None, morning=2), Day(1, after=None, morning=2)],
        2,
        Rule.PROGRESS,
        ONE_UP,
        {},
    ),
    (
        "an exercise that hurt 4/10: it holds, the rest step up",
        [Day(0), Day(1, hurt={BIRD: 4})],
        2,
        Rule.PROGRESS,
        ONE_UP,
        {BIRD: (Rule.HOLD_PAIN, START[BIRD])},
    ),
    (
        "an exercise marked painful at 2/10: it holds",
        [Day(0), Day(1, hurt={BIRD: 2})],
        2,
        Rule.PROGRESS,
        ONE_UP,
        {BIRD: (Rule.HOLD_PAIN, START[BIRD])},
    ),
    (
        "an exercise marked painful without a score: it steps back",
        [*GOOD_TWICE, Day(2, hurt={BRIDGE: None})],
        3,
        Rule.STEADY,
        ONE_UP,
        {BRIDGE: (Rule.STEP_BACK_PAIN, START[BRIDGE])},
    ),
    (
        "an exercise that hurt 7/10: it steps back",
        [*GOOD_TWICE, Day(2, hurt={BRIDGE: 7})],
        3,
        Rule.STEADY,
        ONE_UP,
        {BRIDGE: (Rule.STEP_BACK_PAIN, START[BRIDGE])},
    ),
    (
        "a painful exercise already at the low end stays there",
        [Day(0, hurt={BRIDGE: 7})],
        1,
        Rule.STEADY,
        START,
        {BRIDGE: (Rule.STEP_BACK_PAIN, START[BRIDGE])},
    ),
    (
        "a skipped exercise holds",
        [Day(0), Day(1, skipped={WALL})],
        2,
        Rule.PROGRESS,
        ONE_UP,
        {WALL: (Rule.HOLD_INCOMPLETE, START[WALL])},
    ),
    (
        "a session stopped early: the exercises not reached stay",
        [Day(0), Day(1, status=SessionStatus.STOPPED)],
        2,
        Rule.STEADY,
        START,
        {e: (Rule.PROGRESS, ONE_UP[e]) for e in (CRUNCH, HAMSTRING, WALL)},
    ),
    ("a missed week: no step up", GOOD_TWICE, 9, Rule.HOLD_BREAK, START, {}),
    (
        "the first session back does not join the streak before the break",
        [*GOOD_TWICE, Day(9)],
        10,
        Rule.STEADY,
        START,
        {},
    ),
    (
        "two good sessions after the break: step up",
        [*GOOD_TWICE, Day(9), Day(10)],
        11,
        Rule.PROGRESS,
        ONE_UP,
        {},
    ),
    (
        "two weeks off: one step back, undoing the last step up",
        daily(0, 5),
        20,
        Rule.STEP_BACK_BREAK,
        ONE_UP,
        {},
    ),
    ("a month off: back to the start", GOOD_FOUR, 40, Rule.DELOAD_BREAK, START, {}),
    (
        "at the top of every range: nothing beyond",
        daily(0, 40),
        40,
        Rule.TOP_OF_RANGE,
        TOP,
        {},
    ),
    (
        "at the top, a painful exercise still steps back",
        [*daily(0, 40), Day(40, hurt={WALL: None})],
        41,
        Rule.TOP_OF_RANGE,
        TOP,
        {WALL: (Rule.STEP_BACK_PAIN, (12, 14))},
    ),
]


@pytest.mark.parametrize(
    ("days", "now", "rule", "dosage", "exceptions"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_the_next_dosage_follows_the_history(
    days: list[Day],
    now: float,
    rule: Rule,
    dosage: dict[ExerciseId, tuple[int, float]],
    exceptions: dict[ExerciseId, tuple[Rule, tuple[int, float]]],
) -> None:
    decided = replay(days).review(now)
    got = {d.exercise_id: (d.rule, (d.new_reps, d.new_hold_s)) for d in decided.decisions}
    want = {e: exceptions.get(e, (rule, dosage[e])) for e in ALL}
    assert got == want
    for decision in decided.decisions:
        assert decision.reason.strip()


def test_each_rule_is_explained_in_words_for_a_person() -> None:
    flare = replay([Day(0), Day(1, before=2, morning=8)]).review(2)
    reason = flare.decision(BRIDGE).reason
    assert "flared" in reason and "8/10" in reason and "starting dosage" in reason
    assert len({d.reason for d in flare.decisions}) == 1  # one message for the whole back
    up = replay(GOOD_TWICE).review(2).decision(CRUNCH)
    assert up.reason.startswith("Two good sessions in a row")
    hurt = replay([Day(0, hurt={BIRD: 4})]).review(1).decision(BIRD)
    assert "4/10" in hurt.reason and "stays the same" in hurt.reason
    gap = replay(GOOD_TWICE).review(9).decision(CRUNCH)
    assert gap.reason.startswith("7 days since your last session")
    top = replay(daily(0, 40)).review(40).decision(WALL)
    assert "12 × 15 s" in top.reason and "no further" in top.reason
    low = replay([Day(0, hurt={BRIDGE: 7})]).review(1).decision(BRIDGE)
    assert "7/10" in low.reason and "already at the low end" in low.reason


def test_a_step_back_undoes_the_most_recent_step_up() -> None:
    days = [*GOOD_FOUR, Day(4, rating=5)]  # reps went up, then the hold; too hard
    decided = replay(days).review(5)
    assert {d.exercise_id: (d.new_reps, d.new_hold_s) for d in decided.decisions} == {
        e: ONE_UP[e] for e in ALL
    }


def test_the_same_evidence_never_moves_a_dosage_twice() -> None:
    history = replay([*GOOD_TWICE, Day(2, after=7)])
    first = history.review(3)
    assert {d.action for d in first.changes} == {Action.STEP_BACK}
    history.record(first.to_store)
    again = history.review(3.5)  # that session was abandoned: nothing new happened
    assert again.changes == ()
    assert again.to_store == ()


def test_two_weeks_off_steps_back_once_even_if_the_session_back_is_abandoned() -> None:
    history = replay(GOOD_FOUR)
    back = history.review(20)
    history.record(back.to_store)
    later = history.review(22)
    assert later.changes == ()
    assert {d.rule for d in later.decisions} == {Rule.STEADY}


def test_the_users_own_dosage_is_left_alone() -> None:
    history = replay(GOOD_TWICE, overridden={BRIDGE})
    decided = history.review(2, overridden={BRIDGE})
    assert decided.decision(BRIDGE).rule is Rule.OVERRIDE
    assert decided.decision(BRIDGE).new == Dosage(*START[BRIDGE])
    assert decided.decision(CRUNCH).rule is Rule.PROGRESS
    assert BRIDGE not in {c.exercise_id for c in decided.to_store}
    assert [c.rule for c in history.changes if c.exercise_id == BRIDGE] == [Rule.START]


def test_the_starting_point_is_recorded_once_for_every_exercise() -> None:
    history = replay(daily(0, 3))
    starts = [c for c in history.changes if c.rule is Rule.START]
    assert sorted(c.exercise_id for c in starts) == sorted(ALL)
    assert all(c.new == start_dosage(CATALOG.get(c.exercise_id)) for c in starts)
    assert next_dosage([], [], [], CATALOG, on(0)) == list(
        review([], [], [], CATALOG, on(0)).to_store
    )


def test_a_recorded_dosage_outside_a_changed_catalog_range_is_brought_inside() -> None:
    wild = DosageChange(BRIDGE, 8, 40, 6, 99, Rule.PROGRESS, "old catalog", on(0))
    assert current_dosage([wild], CATALOG)[BRIDGE] == Dosage(12, 10)
    assert current_dosage([], CATALOG)[BRIDGE] == Dosage(8, 6)


@pytest.mark.parametrize("seed", range(12))
def test_random_histories_never_leave_the_range_and_move_one_step_at_a_time(seed: int) -> None:
    rng = random.Random(seed)
    days = []
    day = 0.0
    for _ in range(60):
        day += rng.choice([0.2, 1, 1, 1, 2, 3, 8, 15])
        days.append(
            Day(
                day,
                before=rng.choice([None, 0, 2, 3, 5]),
                after=rng.choice([None, 1, 2, 2, 3, 4, 6]),
                morning=rng.choice([None, None, 1, 3, 4, 6, 8]),
                rating=rng.choice([None, 1, 2, 3, 3, 4, 5]),
                hurt=rng.choice([{}, {}, {}, {rng.choice(ALL): rng.choice([None, 2, 4, 7])}]),
                skipped=rng.choice([(), (), (), (rng.choice(ALL),)]),
                status=rng.choice([SessionStatus.COMPLETED] * 5 + [SessionStatus.STOPPED]),
            )
        )
    history = replay(days)
    for dosage in history.dosages:
        for ex in CATALOG:
            d = dosage[ex.id]
            assert ex.reps.min <= d.reps <= ex.reps.max
            assert d.hold_s in hold_levels(ex)
    for change in history.changes:
        ex = CATALOG.get(change.exercise_id)
        if change.action is Action.DELOAD:
            assert change.new == start_dosage(ex)
            continue
        assert change.rule is not Rule.OVERRIDE
        reps_steps = abs(change.new_reps - change.old_reps)
        levels = hold_levels(ex)
        hold_steps = abs(levels.index(change.new_hold_s) - levels.index(change.old_hold_s))
        assert reps_steps + hold_steps == (0 if change.rule is Rule.START else 1)
        going_up = change.new_reps > change.old_reps or change.new_hold_s > change.old_hold_s
        assert going_up == (change.rule is Rule.PROGRESS)
    # Straight after its changes are recorded, a review has nothing more to change.
    history.record(history.review(day + 0.5).to_store)
    assert history.review(day + 0.5).changes == ()


def test_sessions_closer_than_a_week_keep_the_streak() -> None:
    decided = replay([Day(0), Day(6)]).review(6.5)
    assert {d.rule for d in decided.decisions} == {Rule.PROGRESS}
    assert on(6) - on(0) < timedelta(days=7)
