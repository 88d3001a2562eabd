"""The fast ways in: a store at the newest schema opens without Alembic, and `read_history` reads
the program's history from the SQLite file with sqlite3 alone, the same as the store gives it."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from backcoach.catalog import ExerciseId
from backcoach.program import CheckIn, DifficultyRating
from backcoach.routine import PainPhase, PainScore, SessionStatus
from backcoach.storage import History, StorageError, open_store, read_history
from backcoach.storage._mapping import Row
from backcoach.storage._migrate import alembic_config, head_revisions
from backcoach.storage._models import Base
from backcoach.storage._read import DECODERS, rows
from backcoach.storage._schema import HEAD_REVISION, VERSION_TABLE
from tests.report._history import ANALYSES, d, on, write_story
from tests.storage._support import T0, result, routine, sqlite_url

# Declared column types read as sqlite3 gives them (every other type needs an entry in DECODERS).
PLAIN_TYPES = {"INTEGER", "FLOAT", "VARCHAR", "TEXT"}


@pytest.fixture(scope="module")
def story_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every table holds rows, with the awkward cases: a session still running, a pain score
    outside any session, a check-in naming no session, a note, ratings, changes, runs."""
    db_path = tmp_path_factory.mktemp("story") / "backcoach.db"
    with open_store(sqlite_url(db_path)) as store:
        write_story(store)
        running = store.start_session(routine(), 600, on(d(6, 26)), pid=1, host="h")
        store.save_result(running, result(0, reps_done=3, painful=True))
        pain = PainScore(PainPhase.DURING, 4, on(d(6, 26), 18, 5), ExerciseId.BIRD_DOG)
        store.add_pain(running, pain)
        store.add_checkin(CheckIn(on(d(6, 26), 7), 2, note="after a long run"))
        for session_id, rating in ((2, 3), (3, 4), (8, 1)):
            store.set_difficulty(session_id, DifficultyRating(rating))
        for document in ANALYSES[:2]:
            store.add_analysis(document, source="video", created_at=on(d(6, 25)), session_id=2)
        store.add_analysis(ANALYSES[1], source="live", created_at=on(d(6, 26)), video_name="x.mp4")
    with closing(sqlite3.connect(db_path)) as raw, raw:
        raw.execute(
            "INSERT INTO pain_scores (session_id, phase, score, at) "
            "VALUES (NULL, 'before', 3, '2024-06-01 08:00:00')"
        )
    return db_path


@pytest.fixture
def rich_db(story_db: Path, db_path: Path) -> Path:
    """A copy of the story database, for one test to do as it likes with."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(story_db, db_path)
    return db_path


def _store_history(path: Path) -> History:
    with open_store(sqlite_url(path)) as store:
        return store.history()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_head_revision_is_alembics_head() -> None:
    assert head_revisions() == {HEAD_REVISION}, "a new migration must move HEAD_REVISION too"


def test_read_history_gives_what_the_store_gives(rich_db: Path) -> None:
    fast = read_history(sqlite_url(rich_db))

    assert fast is not None
    assert fast == _store_history(rich_db)
    assert len(fast.sessions) == 10 and len(fast.checkins) == 4
    assert fast.sessions[-1].status is SessionStatus.IN_PROGRESS
    assert fast.ratings == {2: DifficultyRating(3), 3: DifficultyRating(4), 8: DifficultyRating(1)}
    assert all(s.started_at.tzinfo is not None for s in fast.sessions)


def test_an_empty_database_reads_as_an_empty_history(db_path: Path) -> None:
    open_store(sqlite_url(db_path)).close()

    assert read_history(sqlite_url(db_path)) == History() == _store_history(db_path)


@pytest.mark.parametrize("table", sorted(Base.metadata.tables))
def test_every_table_reads_raw_as_the_orm_reads_it(rich_db: Path, table: str) -> None:
    # The same column names (the models') and the same values, decoded to the same Python types.
    [model] = [m.class_ for m in Base.registry.mappers if m.local_table.name == table]
    key = ", ".join(c.name for c in Base.metadata.tables[table].primary_key)
    with open_store(sqlite_url(rich_db)) as store, Session(store.engine) as db:
        orm = [row.as_mapping() for row in db.scalars(select(model).order_by(text(key)))]
    with closing(sqlite3.connect(rich_db)) as raw:
        fast = rows(raw, table, key)

    assert orm, f"the test database has no {table}"
    assert _typed(fast) == _typed(orm)  # 0 == False and 600 == 600.0, but not in JSON output


def _typed(table: list[Row]) -> list[list[tuple[str, type, object]]]:
    return [[(name, type(value), value) for name, value in row.items()] for row in table]


def test_every_declared_column_type_has_a_reading(rich_db: Path) -> None:
    with closing(sqlite3.connect(rich_db)) as raw:
        declared = {
            str(kind).split("(")[0].upper()
            for table in Base.metadata.tables
            for _, _, kind, *_ in raw.execute(f"PRAGMA table_info({table})")
        }
    assert declared - PLAIN_TYPES <= set(DECODERS), "decode the new column type in _read"


def _in_a_fresh_process(code: str) -> tuple[object, list[str]]:
    """Run `code` (which sets `answer`) in a new Python; its answer and the libraries among
    SQLAlchemy and Alembic it loaded."""
    script = (
        f"import json, sys\n{code}\n"
        "loaded = sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'alembic'})\n"
        "print(json.dumps([answer, loaded]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    answer, loaded = json.loads(out.stdout)
    return answer, loaded


def test_read_history_loads_no_sqlalchemy(rich_db: Path) -> None:
    code = (
        "from backcoach.storage import read_history\n"
        f"answer = len(read_history({sqlite_url(rich_db)!r}).sessions)"
    )
    assert _in_a_fresh_process(code) == (10, [])


def test_read_history_changes_nothing(rich_db: Path) -> None:
    before = _digest(rich_db)

    assert read_history(sqlite_url(rich_db)) is not None
    assert _digest(rich_db) == before
    with open_store(sqlite_url(rich_db)) as store:
        assert store.sessions()[-1].status is SessionStatus.IN_PROGRESS  # nothing recovered


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://user@localhost/backcoach",
        "sqlite://",
        "sqlite:///:memory:",
        "sqlite:///{path}?mode=ro",
        "not a url",
    ],
    ids=["postgresql", "memory", "memory-named", "query", "garbage"],
)
def test_read_history_declines_what_is_not_a_plain_sqlite_file(rich_db: Path, url: str) -> None:
    assert read_history(url.format(path=rich_db)) is None


def test_a_missing_file_is_declined_and_not_created(tmp_path: Path) -> None:
    assert read_history(sqlite_url(tmp_path / "none.db")) is None
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "content",
    [b"not a database at all\n" * 40, b"SQLite format 3\x00" + bytes(range(256)) * 16],
    ids=["text", "sqlite-header-then-garbage"],
)
def test_a_file_that_is_not_a_database_is_declined_untouched(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "backcoach.db"
    path.write_bytes(content)

    assert read_history(sqlite_url(path)) is None
    assert path.read_bytes() == content
    with pytest.raises(StorageError, match="not a backcoach database"):
        open_store(sqlite_url(path))  # where the user is told


def test_another_programs_database_is_declined(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    with closing(sqlite3.connect(path)) as other, other:
        other.execute("CREATE TABLE sessions (id INTEGER PRIMARY KEY)")

    assert read_history(sqlite_url(path)) is None


@pytest.mark.parametrize("version", ["0003", "9999"], ids=["older", "newer"])
def test_a_database_not_at_the_newest_schema_is_declined(rich_db: Path, version: str) -> None:
    with closing(sqlite3.connect(rich_db)) as raw, raw:
        raw.execute(f"UPDATE {VERSION_TABLE} SET version_num = ?", (version,))

    assert read_history(sqlite_url(rich_db)) is None


def test_a_downgraded_database_is_declined_then_upgraded_by_the_store(rich_db: Path) -> None:
    expected = read_history(sqlite_url(rich_db))
    with open_store(sqlite_url(rich_db)) as store, store.engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")

    assert read_history(sqlite_url(rich_db)) is None
    assert _store_history(rich_db) == expected  # opening the store migrated it back to head
    assert read_history(sqlite_url(rich_db)) == expected


def test_a_row_this_backcoach_cannot_read_is_left_to_the_store_to_explain(db_path: Path) -> None:
    with open_store(sqlite_url(db_path)) as store:
        store.start_session(routine(), 600, T0, pid=1, host="h")
    with closing(sqlite3.connect(db_path)) as raw, raw:
        raw.execute("""UPDATE sessions SET routine = '[{"exercise": "handstand"}]'""")

    assert read_history(sqlite_url(db_path)) is None
    with pytest.raises(StorageError, match=r"session 1 .* cannot be read by this backcoach"):
        _store_history(db_path)


def test_a_store_at_the_newest_schema_opens_without_alembic(db_path: Path) -> None:
    open_store(sqlite_url(db_path)).close()
    code = (
        "from backcoach.storage import open_store\n"
        f"with open_store({sqlite_url(db_path)!r}) as store:\n"
        "    answer = len(store.sessions())"
    )
    assert _in_a_fresh_process(code) == (0, ["sqlalchemy"])


def test_reopening_at_the_newest_schema_keeps_sqlite_in_wal_mode(db_path: Path) -> None:
    open_store(sqlite_url(db_path)).close()
    with closing(sqlite3.connect(db_path)) as raw:
        raw.execute("PRAGMA journal_mode = DELETE")

    open_store(sqlite_url(db_path)).close()

    with closing(sqlite3.connect(db_path)) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
