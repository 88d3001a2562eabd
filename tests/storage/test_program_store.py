"""Check-ins, difficulty ratings and dosage changes: stored, read back, guarded by the schema."""

from __future__ import annotations

from datetime import timedelta, timezone
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from backcoach.catalog import ExerciseId, load_catalog
from backcoach.program import (
    CheckIn,
    DifficultyRating,
    Dosage,
    DosageChange,
    Rule,
    review,
)
from backcoach.routine import (
    EndReason,
    ExerciseResult,
    PainPhase,
    PainScore,
    Routine,
    RoutineItem,
    SessionStatus,
)
from backcoach.storage import StorageError, Store, open_store
from backcoach.storage._migrate import alembic_config
from backcoach.storage._models import VERSION_TABLE
from tests.storage._support import T0, at, routine, sqlite_url

BRIDGE = ExerciseId.GLUTE_BRIDGE
CRUNCH = ExerciseId.PARTIAL_CRUNCH


def change(
    exercise: ExerciseId = BRIDGE,
    old: tuple[int, float] = (8, 6),
    new: tuple[int, float] = (9, 6),
    rule: Rule = Rule.PROGRESS,
    seconds: float = 0,
    session_id: int | None = None,
) -> DosageChange:
    return DosageChange(
        exercise_id=exercise,
        old_reps=old[0],
        new_reps=new[0],
        old_hold_s=old[1],
        new_hold_s=new[1],
        rule=rule,
        reason=f"{rule.value}: why",
        at=at(seconds),
        session_id=session_id,
    )


def test_checkins_round_trip_oldest_first_in_utc(store: Store) -> None:
    session_id = store.start_session(routine(), 600, T0, pid=1, host="h")
    paris = timezone(timedelta(hours=2))
    later = store.add_checkin(CheckIn(at(86400).astimezone(paris), 3, session_id, "stiff"))
    earlier = store.add_checkin(CheckIn(at(3600), 2))
    assert later.id is not None and earlier.id is not None and later.id != earlier.id
    assert store.checkins() == [
        CheckIn(at(3600), 2, None, None, earlier.id),
        CheckIn(at(86400), 3, session_id, "stiff", later.id),
    ]
    assert store.checkins()[1].at.utcoffset() == timedelta(0)


def test_a_checkin_about_an_unknown_session_is_refused(store: Store) -> None:
    with pytest.raises(StorageError, match="no session 42"):
        store.add_checkin(CheckIn(T0, 2, session_id=42))
    assert store.checkins() == []


@pytest.mark.parametrize("pain", [-1, 11])
def test_a_checkin_off_the_pain_scale_is_refused(store: Store, pain: int) -> None:
    with pytest.raises(StorageError, match="refused"):
        store.add_checkin(CheckIn(T0, pain))
    assert store.checkins() == []


def test_a_naive_checkin_time_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="timezone"):
        store.add_checkin(CheckIn(T0.replace(tzinfo=None), 2))


def test_a_session_has_at_most_one_difficulty_rating(store: Store) -> None:
    first = store.start_session(routine(), 600, T0, pid=1, host="h")
    second = store.start_session(routine(), 600, at(86400), pid=1, host="h")
    assert store.difficulty(first) is None
    store.set_difficulty(first, DifficultyRating.HARD)
    store.set_difficulty(first, DifficultyRating.ABOUT_RIGHT)
    store.set_difficulty(second, DifficultyRating.TOO_EASY)
    assert store.difficulty(first) is DifficultyRating.ABOUT_RIGHT
    assert store.difficulty_ratings() == {
        first: DifficultyRating.ABOUT_RIGHT,
        second: DifficultyRating.TOO_EASY,
    }


def test_rating_an_unknown_session_is_refused(store: Store) -> None:
    with pytest.raises(StorageError, match="no session 7"):
        store.set_difficulty(7, DifficultyRating.HARD)


def test_dosage_changes_read_back_in_order_with_their_ids(store: Store) -> None:
    session_id = store.start_session(routine(), 600, T0, pid=1, host="h")
    saved = store.add_dosage_changes(
        [
            change(rule=Rule.START, old=(8, 6), new=(8, 6)),
            change(CRUNCH, (8, 1), (8, 1), Rule.START),
            change(seconds=60, session_id=session_id),
        ]
    )
    assert [c.id for c in saved] == sorted(c.id for c in saved if c.id is not None)
    assert store.dosage_changes() == saved
    assert [c.rule for c in store.dosage_changes(BRIDGE)] == [Rule.START, Rule.PROGRESS]
    assert store.dosage_changes(BRIDGE)[-1].session_id == session_id
    assert store.current_dosage() == {BRIDGE: Dosage(9, 6), CRUNCH: Dosage(8, 1)}


def test_changes_about_an_unknown_session_are_all_refused(store: Store) -> None:
    with pytest.raises(StorageError, match="no session 9"):
        store.add_dosage_changes([change(), change(CRUNCH, session_id=9)])
    assert store.dosage_changes() == []


def test_the_database_itself_refuses_an_unknown_rule(store: Store) -> None:
    insert = (
        "INSERT INTO dosage_changes (at, exercise_id, old_reps, new_reps, old_hold_s, "
        "new_hold_s, rule, reason) VALUES ('2024-05-06 07:30:00', 'glute_bridge', 8, 9, 6, 6, "
        "'{rule}', 'why')"
    )
    with store.engine.begin() as connection:
        connection.execute(text(insert.format(rule="progress")))
    with pytest.raises(IntegrityError), store.engine.begin() as connection:
        connection.execute(text(insert.format(rule="guess")))


def test_the_program_reads_a_stored_history_as_it_was_written(store_url: str) -> None:
    catalog = load_catalog()
    crunch_only = Routine((RoutineItem(CRUNCH, reps=8, hold_s=1.0, rest_s=2.0),))
    with open_store(store_url) as store:
        for day in range(2):
            started = at(day * 86400)
            decided = review(
                store.sessions(), store.checkins(), store.dosage_changes(), catalog, started
            )
            store.add_dosage_changes(decided.to_store)
            session_id = store.start_session(crunch_only, 600, started, pid=1, host="h")
            store.save_result(session_id, ExerciseResult(CRUNCH, 0, 8, 8, 1.0, (1.0,) * 8))
            store.add_pain(session_id, PainScore(PainPhase.AFTER, 2, started))
            store.finish_session(session_id, SessionStatus.COMPLETED, EndReason.FINISHED, started)
            store.set_difficulty(session_id, DifficultyRating.ABOUT_RIGHT)
            store.add_checkin(CheckIn(started + timedelta(hours=13), 1, session_id))
    with open_store(store_url) as reopened:
        assert [c.rule for c in reopened.dosage_changes()] == [Rule.START] * 7
        decided = review(
            reopened.sessions(),
            reopened.checkins(),
            reopened.dosage_changes(),
            catalog,
            at(2 * 86400),
            ratings=reopened.difficulty_ratings(),
        )
    assert decided.decision(CRUNCH).rule is Rule.PROGRESS
    assert decided.decision(CRUNCH).new == Dosage(9, 1)
    assert decided.decision(BRIDGE).rule is Rule.STEADY


def test_a_database_from_before_progression_is_upgraded_with_its_sessions_kept(
    tmp_path: Path,
) -> None:
    url = sqlite_url(tmp_path / "old.db")
    with open_store(url) as store:
        session_id = store.start_session(routine(), 600, T0, pid=1, host="h")
        with store.engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.downgrade(config, "0001")
            assert "checkins" not in inspect(connection).get_table_names()
    with open_store(url) as store:
        assert [s.id for s in store.sessions()] == [session_id]
        assert store.checkins() == [] and store.dosage_changes() == []
        store.set_difficulty(session_id, DifficultyRating.EASY)
        with store.engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            version = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))
            assert {"checkins", "difficulty_ratings", "dosage_changes"} <= tables
            assert version.scalar() is not None
