"""`RecordReader`, the web app's fast way to read sessions and history again and again: always what
the store gives, however the records change in between, and None where it cannot answer."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from backcoach.catalog import ExerciseId
from backcoach.program import CheckIn, DifficultyRating
from backcoach.routine import EndReason, PainPhase, PainScore, SessionStatus
from backcoach.storage import Store, open_store
from backcoach.storage._read import RecordReader
from backcoach.storage._schema import VERSION_TABLE
from tests.report._history import d, on, write_story
from tests.storage._support import at, result, routine, sqlite_url


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with open_store(sqlite_url(db_path)) as store:
        write_story(store)
        yield store


def same_as_store(reader: RecordReader, store: Store) -> None:
    assert reader.sessions() == store.sessions()
    assert reader.history() == store.history()
    for record in store.sessions():
        assert reader.session(record.id) == record


def test_it_reads_what_the_store_gives_as_the_records_change(store: Store) -> None:
    reader = RecordReader(store.engine.raw_connection)
    same_as_store(reader, store)

    running = store.start_session(routine(), 600, on(d(6, 26)), pid=1, host="h")
    same_as_store(reader, store)
    store.save_result(running, result(0, reps_done=3, painful=True))
    same_as_store(reader, store)
    store.save_result(running, result(0, reps_done=4), heartbeat_at=on(d(6, 26), 18, 3))
    store.add_pain(
        running, PainScore(PainPhase.DURING, 4, on(d(6, 26), 18, 5), ExerciseId.BIRD_DOG)
    )
    same_as_store(reader, store)
    store.finish_session(running, SessionStatus.STOPPED, EndReason.QUIT, on(d(6, 26), 18, 9))
    store.set_difficulty(running, DifficultyRating(4))
    store.add_checkin(CheckIn(on(d(6, 27), 7), 2, note="stiff"))
    same_as_store(reader, store)
    store.set_difficulty(running, DifficultyRating(2))  # a rating replaced
    same_as_store(reader, store)
    assert reader.session(running) == store.get_session(running)
    assert reader.session(9999) is None


def test_records_read_again_unchanged_are_the_same_objects(store: Store) -> None:
    reader = RecordReader(store.engine.raw_connection)
    first = reader.sessions()
    again = reader.sessions()
    assert first is not None and again is not None
    assert all(a is b for a, b in zip(first, again, strict=True))
    store.add_pain(first[0].id, PainScore(PainPhase.AFTER, 1, first[0].started_at))
    changed = reader.sessions()
    assert changed is not None
    assert changed[0] is not first[0] and changed[0] == store.get_session(first[0].id)
    assert all(a is b for a, b in zip(first[1:], changed[1:], strict=True))


def test_running_tells_who_runs_each_session_and_when_it_was_last_heard(store: Store) -> None:
    reader = RecordReader(store.engine.raw_connection)
    assert reader.running() == []
    quiet = store.start_session(routine(), 600, at(0), pid=41, host="here")
    busy = store.start_session(routine(), 600, at(10), pid=42, host="there")
    store.heartbeat(busy, at(70))
    assert sorted(reader.running() or []) == [(41, "here", at(0)), (42, "there", at(70))]
    store.finish_session(quiet, SessionStatus.ABANDONED, EndReason.QUIT, at(80))
    assert reader.running() == [(42, "there", at(70))]


def test_it_does_not_answer_for_a_schema_other_than_its_own(store: Store, db_path: Path) -> None:
    import sqlite3

    reader = RecordReader(store.engine.raw_connection)
    with closing(sqlite3.connect(db_path)) as raw, raw:
        raw.execute(f"UPDATE {VERSION_TABLE} SET version_num = 'a_newer_one'")
    assert reader.sessions() is None
    assert reader.history() is None
    assert reader.running() is None


def test_it_does_not_answer_when_the_database_cannot_be_reached() -> None:
    def broken() -> None:
        raise OSError("gone")

    reader = RecordReader(broken)
    assert reader.sessions() is None
