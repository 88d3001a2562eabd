"""The schema comes from the migrations, matches the models, and is applied exactly once."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import ExitStack, closing
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, inspect, make_url, text
from sqlalchemy.exc import IntegrityError

from backcoach.routine import SessionStatus
from backcoach.storage import Store, open_store
from backcoach.storage._migrate import alembic_config, head_revisions
from backcoach.storage._models import VERSION_TABLE, Base
from tests.storage._support import (
    POSTGRES_URL,
    T0,
    needs_postgres,
    reset_postgres,
    result,
    routine,
)

TABLES = {"sessions", "exercise_results", "pain_scores", "screenings", VERSION_TABLE}


def _revisions(connection: Connection) -> set[str]:
    context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
    return set(context.get_current_heads())


def test_an_empty_database_is_brought_to_the_newest_revision(store: Store) -> None:
    with store.engine.connect() as connection:
        assert _revisions(connection) == set(head_revisions())
        assert set(inspect(connection).get_table_names()) >= TABLES


def test_the_models_match_the_migrations(store: Store) -> None:
    with store.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"version_table": VERSION_TABLE, "compare_type": True}
        )
        assert compare_metadata(context, Base.metadata) == []


def test_the_migrations_go_down_to_nothing_and_up_again(store: Store) -> None:
    session_id = store.start_session(routine(), 600, T0, pid=1, host="h")
    config = alembic_config()
    with store.engine.connect() as connection, connection.begin():
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
        assert not set(inspect(connection).get_table_names()) & (TABLES - {VERSION_TABLE})
        command.upgrade(config, "head")
        assert _revisions(connection) == set(head_revisions())

    assert store.sessions() == []
    assert store.start_session(routine(), 600, T0, pid=1, host="h") >= session_id


def test_reopening_runs_no_migration_and_keeps_the_data(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_store(store_url) as first:
        session_id = first.start_session(routine(), 600, T0, pid=1, host="h")
        first.save_result(session_id, result(0))
        saved = first.get_session(session_id)

    def no_upgrade(*args: object, **kwargs: object) -> None:
        raise AssertionError("the schema was already at head: nothing to migrate")

    monkeypatch.setattr(command, "upgrade", no_upgrade)
    with open_store(store_url) as second:
        assert second.get_session(session_id) == saved
        with second.engine.connect() as connection:
            versions = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))
            assert [row[0] for row in versions] == sorted(head_revisions())


def test_stores_opened_at_once_on_a_new_file_migrate_it_once(db_path: Path) -> None:
    url = f"sqlite:///{db_path}"
    stores: list[Store] = []
    errors: list[BaseException] = []

    def open_one() -> None:
        try:
            stores.append(open_store(url))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    ids = [s.start_session(routine(), 600, T0, pid=1, host="h") for s in stores]
    assert len(set(ids)) == 4
    for s in stores:
        s.close()


def test_a_sqlite_store_uses_wal_and_foreign_keys_on_every_connection(db_path: Path) -> None:
    # Held at once, so the pool hands out every connection it has, the migration's too.
    with open_store(f"sqlite:///{db_path}") as store, ExitStack() as held:
        connections = [held.enter_context(store.engine.connect()) for _ in range(3)]
        for connection in connections:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    with closing(sqlite3.connect(db_path)) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_an_in_memory_store_works_across_threads() -> None:
    with open_store("sqlite://") as store:
        session_id = store.start_session(routine(), 600, T0, pid=1, host="h")
        seen: list[int] = []
        reader = threading.Thread(target=lambda: seen.extend(s.id for s in store.sessions()))
        reader.start()
        reader.join()

        assert seen == [session_id]
        assert store.location == "the in-memory database"


_SESSION = (
    "INSERT INTO sessions (id, started_at, status, planned_s, routine, pid, host, heartbeat_at) "
    "VALUES (1, '2024-05-06 07:30:00', 'in_progress', 600, '[]', 1, 'h', '2024-05-06 07:30:00')"
)
_RESULT = (
    "INSERT INTO exercise_results (session_id, position, exercise_id, reps_planned, reps_done, "
    "hold_planned_s, holds_s, skipped, painful) VALUES ({session}, 0, 'bird_dog', 8, 8, 5, '[]', "
    "false, false)"
)
_PAIN = (
    "INSERT INTO pain_scores (session_id, phase, score, at) "
    "VALUES (1, '{phase}', {score}, '2024-05-06 07:31:00')"
)


@pytest.mark.parametrize(
    "statement",
    [
        _PAIN.format(phase="during", score=11),
        _PAIN.format(phase="during", score=-1),
        _PAIN.format(phase="sometimes", score=3),
        _SESSION.replace("'in_progress'", "'paused'").replace("(1,", "(2,"),
        _SESSION.replace("600", "-1").replace("(1,", "(2,"),
        _RESULT.format(session=1),
        _RESULT.format(session=42),
    ],
    ids=[
        "pain-11",
        "pain-minus-1",
        "unknown-phase",
        "unknown-status",
        "negative-duration",
        "duplicate-position",
        "missing-session",
    ],
)
def test_the_database_itself_refuses_bad_rows(store: Store, statement: str) -> None:
    with store.engine.begin() as connection:
        connection.execute(text(_SESSION))
        connection.execute(text(_RESULT.format(session=1)))

    with pytest.raises(IntegrityError), store.engine.begin() as connection:
        connection.execute(text(statement))


def test_the_raw_rows_above_are_otherwise_valid(store: Store) -> None:
    with store.engine.begin() as connection:
        connection.execute(text(_SESSION))
        connection.execute(text(_RESULT.format(session=1)))
        connection.execute(text(_PAIN.format(phase="during", score=10)))

    [record] = store.sessions()
    assert record.status is SessionStatus.IN_PROGRESS
    assert record.reps_done == 8
    assert record.pain[0].score == 10


@needs_postgres
def test_a_plain_postgresql_url_uses_psycopg_3() -> None:
    assert POSTGRES_URL is not None
    reset_postgres(POSTGRES_URL)
    plain = POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://", 1)
    password = make_url(plain).password

    with open_store(plain) as store:
        assert store.engine.dialect.driver == "psycopg"
        assert store.sessions() == []
        if password:
            assert str(password) not in store.location
