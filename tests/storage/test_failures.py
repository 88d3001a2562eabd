"""What the user sees when the database cannot be used: one line, and their file left alone."""

from __future__ import annotations

import random
import sqlite3
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event

from backcoach.catalog import ExerciseId
from backcoach.routine import Routine, RoutineItem
from backcoach.storage import StorageError, open_store
from backcoach.storage._models import VERSION_TABLE
from tests.storage._support import T0, routine, sqlite_url


def _chmod_stops_writes() -> bool:
    """False where permissions do not bind this process (root, usually: tests run as root)."""
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch, "read-only")
        folder.mkdir(mode=stat.S_IRUSR | stat.S_IXUSR)
        try:
            (folder / "probe").touch()
        except PermissionError:
            return True
        finally:
            folder.chmod(stat.S_IRWXU)
        return False


needs_permissions = pytest.mark.skipif(
    not _chmod_stops_writes(), reason="file permissions do not bind this user (root)"
)


def _one_line(error: pytest.ExceptionInfo[StorageError]) -> str:
    message = str(error.value)
    assert message
    assert "\n" not in message
    assert "Traceback" not in message
    return message


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


@pytest.mark.parametrize(
    "content",
    [
        random.Random(7).randbytes(64 * 1024),
        b"[settings]\nvoice = true\n",
        b"SQLite format 3\x00" + random.Random(8).randbytes(4096),
    ],
    ids=["random-bytes", "text-file", "sqlite-header-then-garbage"],
)
def test_a_corrupt_file_is_reported_and_left_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "backcoach.db"
    path.write_bytes(content)

    with pytest.raises(StorageError) as error:
        open_store(sqlite_url(path))

    message = _one_line(error)
    assert str(path) in message
    assert "is not a backcoach database" in message
    assert "move it aside" in message
    assert _snapshot(tmp_path) == {"backcoach.db": content}, "not a byte changed, nothing added"


def test_another_programs_sqlite_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        other.execute("INSERT INTO notes (body) VALUES ('buy shoes')")
    other.close()
    before = _snapshot(tmp_path)

    with pytest.raises(StorageError) as error:
        open_store(sqlite_url(path))

    assert "is not a backcoach database" in _one_line(error)
    assert _snapshot(tmp_path) == before


def test_a_database_from_a_newer_backcoach_is_refused_and_left_untouched(db_path: Path) -> None:
    with open_store(sqlite_url(db_path)) as store:
        store.start_session(routine(), 600, T0, pid=1, host="h")
    with sqlite3.connect(db_path) as raw:
        raw.execute(f"UPDATE {VERSION_TABLE} SET version_num = '9999'")
    raw.close()
    before = _snapshot(db_path.parent)

    with pytest.raises(StorageError) as error:
        open_store(sqlite_url(db_path))

    message = _one_line(error)
    assert "newer backcoach" in message
    assert "9999" in message
    assert _snapshot(db_path.parent) == before


@pytest.mark.parametrize(
    "relative", ["afile/backcoach.db", "afile/deeper/backcoach.db"], ids=["parent", "ancestor"]
)
def test_a_folder_that_is_a_file_is_reported(tmp_path: Path, relative: str) -> None:
    (tmp_path / "afile").write_text("not a folder")

    with pytest.raises(StorageError) as error:
        open_store(sqlite_url(tmp_path / relative))

    message = _one_line(error)
    assert message.startswith(f"cannot write to {(tmp_path / relative).parent}")
    assert "is a file, not a folder" in message
    assert (tmp_path / "afile").read_text() == "not a folder"


def test_a_database_path_that_is_a_folder_is_reported(tmp_path: Path) -> None:
    (tmp_path / "backcoach.db").mkdir()

    with pytest.raises(StorageError) as error:
        open_store(sqlite_url(tmp_path / "backcoach.db"))

    assert "is a folder" in _one_line(error)


@pytest.fixture
def locked_folder(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    yield folder
    folder.chmod(stat.S_IRWXU)


@needs_permissions
@pytest.mark.parametrize("relative", ["backcoach.db", "sub/backcoach.db"], ids=["file", "folder"])
def test_a_folder_without_write_permission_is_reported(locked_folder: Path, relative: str) -> None:
    with pytest.raises(StorageError) as error:
        open_store(sqlite_url(locked_folder / relative))

    message = _one_line(error)
    assert message == f"cannot write to {(locked_folder / relative).parent}: permission denied"


@needs_permissions
def test_a_read_only_database_can_be_read_but_not_written(db_path: Path) -> None:
    with open_store(sqlite_url(db_path)) as store:
        session_id = store.start_session(routine(), 600, T0, pid=1, host="h")
    db_path.chmod(stat.S_IRUSR)

    with open_store(sqlite_url(db_path)) as store:
        assert store.get_session(session_id).id == session_id
        with pytest.raises(StorageError) as error:
            store.start_session(routine(), 600, T0, pid=1, host="h")

    assert "read-only" in _one_line(error)


@pytest.fixture
def other_program_holding(db_path: Path) -> Iterator[sqlite3.Connection]:
    """Another program, holding an exclusive write transaction on the database file."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    other = sqlite3.connect(db_path, isolation_level=None)
    yield other
    other.execute("ROLLBACK")
    other.close()


def test_a_locked_database_is_reported_when_it_is_opened(
    db_path: Path, other_program_holding: sqlite3.Connection
) -> None:
    other_program_holding.execute("BEGIN EXCLUSIVE")

    with pytest.raises(StorageError) as error:
        open_store(sqlite_url(db_path), busy_timeout_s=0.05)

    message = _one_line(error)
    assert "locked" in message
    assert str(db_path) in message


def test_a_locked_database_is_reported_on_a_write_then_works_once_released(
    db_path: Path, other_program_holding: sqlite3.Connection
) -> None:
    with open_store(sqlite_url(db_path), busy_timeout_s=0.05) as store:
        other_program_holding.execute("BEGIN EXCLUSIVE")

        with pytest.raises(StorageError) as error:
            store.start_session(routine(), 600, T0, pid=1, host="h")
        assert "locked" in _one_line(error)

        other_program_holding.execute("ROLLBACK")
        session_id = store.start_session(routine(), 600, T0, pid=1, host="h")
        assert [s.id for s in store.sessions()] == [session_id]
        other_program_holding.execute("BEGIN")  # for the fixture's ROLLBACK


def test_a_full_disk_is_reported_and_the_earlier_records_kept(db_path: Path) -> None:
    store = open_store(sqlite_url(db_path))
    kept = store.start_session(routine(), 600, T0, pid=1, host="h")

    # SQLite reports a database that may not grow as it would a full disk (SQLITE_FULL).
    @event.listens_for(store.engine, "connect")
    def _no_room(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    store.engine.dispose()
    huge = Routine(tuple(RoutineItem(ExerciseId.WALL_SIT, 8, 10.0, 5.0) for _ in range(5000)))

    with pytest.raises(StorageError) as error:
        store.start_session(huge, 600, T0, pid=1, host="h")

    assert _one_line(error) == f"cannot write to {db_path}: the disk is full"
    assert [s.id for s in store.sessions()] == [kept]
    store.close()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("not a url at all", "not a database URL"),
        ("postgresql+psycopg2://user@localhost/backcoach", "driver is not installed"),
        ("postgresql://user:secret@127.0.0.1:1/backcoach", "cannot use the database"),
    ],
    ids=["garbage", "missing-driver", "server-not-there"],
)
def test_a_url_that_cannot_be_used_is_reported(url: str, expected: str) -> None:
    with pytest.raises(StorageError) as error:
        open_store(url)

    message = _one_line(error)
    assert expected in message
    assert "secret" not in message
