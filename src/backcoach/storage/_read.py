"""`read_history`: the program's history straight from a SQLite file, for commands that only look.

It uses the standard library's sqlite3 on a read-only connection, so it loads neither SQLAlchemy
nor Alembic (`backcoach plan` starts fast) and cannot create, migrate or change anything. Values
are decoded as SQLAlchemy's column types store them on SQLite (by the type the migrations
declared), then made into records by `_mapping`, exactly as the store does.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from backcoach.routine import SessionRecord
from backcoach.storage._history import History
from backcoach.storage._mapping import (
    Row,
    change_record,
    checkin_record,
    rating_record,
    session_record,
)
from backcoach.storage._schema import HEAD_REVISION, VERSION_TABLE
from backcoach.storage._utc import stored_utc

_URL_PREFIX = "sqlite:///"
_T = TypeVar("_T")


def _datetime(text: str) -> datetime:
    return stored_utc(datetime.fromisoformat(text))


DECODERS: dict[str, Callable[[Any], Any]] = {
    "DATETIME": _datetime,  # UTC wall time as text (see `_types.UTCDateTime`)
    "JSON": json.loads,
    "BOOLEAN": bool,  # 0 or 1
}
"""How to read a column, by the type the migrations declared it with; others are read as is."""


def read_history(url: str, *, busy_timeout_s: float = 1.0) -> History | None:
    """The history in the SQLite database at `url`, read without opening a store.

    None when this cannot answer: `url` is not a plain SQLite file URL (``sqlite:///path``), the
    file does not exist, its schema is not this backcoach's newest, or anything goes wrong
    reading it (locked past `busy_timeout_s`, corrupt, a row this backcoach cannot read). The
    caller then opens the store, which creates, migrates or explains in its own words.
    """
    path = _sqlite_file(url)
    if path is None or not path.is_file():
        return None
    try:
        db = sqlite3.connect(
            f"{path.as_uri()}?mode=ro", uri=True, timeout=busy_timeout_s, isolation_level=None
        )
    except sqlite3.Error:
        return None
    try:
        db.execute("BEGIN")  # one snapshot for every table
        stamped = db.execute(f"SELECT version_num FROM {VERSION_TABLE}")
        if {version for (version,) in stamped} != {HEAD_REVISION}:
            return None
        return _history(db)
    except (sqlite3.Error, ValueError, KeyError, TypeError):
        return None
    finally:
        db.close()


def _sqlite_file(url: str) -> Path | None:
    if not url.startswith(_URL_PREFIX) or "?" in url:
        return None
    database = url.removeprefix(_URL_PREFIX)
    if database in ("", ":memory:"):
        return None
    return Path(database).expanduser().absolute()


def _history(db: sqlite3.Connection) -> History:
    # The same order as the store's queries (and its relationships' order_by).
    results = _by_session(rows(db, "exercise_results", "session_id, position"))
    pain = _by_session(rows(db, "pain_scores", "at, id", where="session_id IS NOT NULL"))
    sessions = tuple(
        session_record(row, results.get(row["id"], ()), pain.get(row["id"], ()))
        for row in rows(db, "sessions", "started_at, id")
    )
    return History(
        sessions=sessions,
        checkins=tuple(checkin_record(row) for row in rows(db, "checkins", "at, id")),
        dosage_changes=tuple(change_record(row) for row in rows(db, "dosage_changes", "at, id")),
        ratings={
            row["session_id"]: rating_record(row)
            for row in rows(db, "difficulty_ratings", "session_id")
        },
    )


def rows(db: sqlite3.Connection, table: str, order_by: str, *, where: str = "") -> list[Row]:
    """Every row of `table` (our own table and column names only), each column decoded."""
    decoders = {
        name: DECODERS.get(declared.upper())
        for _, name, declared, *_ in db.execute(f"PRAGMA table_info({table})")
    }
    cursor = db.execute(
        f"SELECT * FROM {table}{f' WHERE {where}' if where else ''} ORDER BY {order_by}"
    )
    names = [column[0] for column in cursor.description]
    decoded: list[Row] = []
    for values in cursor:
        row: dict[str, Any] = {}
        for name, value in zip(names, values, strict=True):
            decode = decoders[name]
            row[name] = value if value is None or decode is None else decode(value)
        decoded.append(row)
    return decoded


def _by_session(table: list[Row]) -> dict[int, list[Row]]:
    grouped: dict[int, list[Row]] = {}
    for row in table:
        grouped.setdefault(row["session_id"], []).append(row)
    return grouped


# -- the same, again and again, for a long-running process --------------------------------------

_SESSION = "id, started_at, ended_at, status, end_reason, routine, planned_s"
_RESULT = (
    "session_id, position, exercise_id, reps_planned, reps_done, hold_planned_s, holds_s, "
    "skipped, painful"
)
_PAIN = "session_id, phase, score, at, exercise_id"

Raw = tuple[Any, ...]
"""One row as the driver gives it (SQLite's text, numbers and NULLs: hashable)."""


class RecordReader:
    """Sessions and the program's history from a SQLite database, read again and again, fast.

    For the web app: plain SQL on the store's own (pooled) connections, with no ORM objects, and
    every row decoded once. A session whose rows are read again unchanged gives the very record
    made last time, so a read costs the query plus whatever is new or changed since. Answers are
    exactly what the store gives (`Store.sessions`, `get_session`, `history`); each read is one
    snapshot. Every method answers None when it cannot (a schema other than this backcoach's
    newest, a database error, a row it cannot read): the caller then asks the store, which says
    what is wrong in its own words. Safe to share between threads.
    """

    def __init__(self, connect: Callable[[], Any]) -> None:
        """`connect` gives a DB-API connection to the SQLite database in autocommit mode (the
        store's `engine.raw_connection`); closing it gives it back."""
        self._connect = connect
        self._decoders: dict[str, dict[str, Callable[[Any], Any] | None]] = {}
        self._sessions: dict[tuple[Raw, tuple[Raw, ...], tuple[Raw, ...]], SessionRecord] = {}
        self._tables: dict[str, tuple[tuple[Raw, ...], Any]] = {}

    def sessions(self) -> list[SessionRecord] | None:
        """Every session, oldest first, with its results and pain scores (`Store.sessions`)."""
        return self._read(self._all_sessions)

    def session(self, session_id: int) -> SessionRecord | None:
        """One session (`Store.get_session`); None also when there is no such session."""
        found = self._read(lambda db: self._some_sessions(db, session_id))
        return found[0] if found else None

    def history(self) -> History | None:
        """What the program decides from (`Store.history`), in one snapshot."""
        return self._read(self._history)

    def running(self) -> list[tuple[int, str, datetime]] | None:
        """Each session in progress: the process and host that run it, and when it was last heard
        from (its heartbeat or its start, the later): what recovery decides on."""

        def read(db: Any) -> list[tuple[int, str, datetime]]:
            found = db.execute(
                "SELECT pid, host, heartbeat_at, started_at FROM sessions WHERE status = ?",
                ("in_progress",),
            )
            return [
                (pid, host, max(_datetime(beat), _datetime(start)))
                for pid, host, beat, start in found
            ]

        return self._read(read)

    # -- plumbing ---------------------------------------------------------------------------

    def _read(self, body: Callable[[Any], _T]) -> _T | None:
        try:
            db = self._connect()
        except Exception:  # the pool's own wrapping of a driver error: the store will say it
            return None
        try:
            db.execute("BEGIN")  # one snapshot for every table
            stamped = db.execute(f"SELECT version_num FROM {VERSION_TABLE}")
            if {version for (version,) in stamped} != {HEAD_REVISION}:
                return None
            return body(db)
        except (sqlite3.Error, ValueError, KeyError, TypeError):
            return None
        finally:
            try:
                db.rollback()
            finally:
                db.close()

    def _raw(self, db: Any, sql: str, parameters: tuple[Any, ...] = ()) -> list[Raw]:
        found: list[Raw] = db.execute(sql, parameters).fetchall()
        return found

    def _decode(self, db: Any, table: str, columns: str, raw: Raw) -> Row:
        decoders = self._decoders.get(table)
        if decoders is None:
            decoders = {
                name: DECODERS.get(declared.upper())
                for _, name, declared, *_ in db.execute(f"PRAGMA table_info({table})")
            }
            self._decoders[table] = decoders
        row: dict[str, Any] = {}
        for name, value in zip((c.strip() for c in columns.split(",")), raw, strict=True):
            decode = decoders[name]
            row[name] = value if value is None or decode is None else decode(value)
        return row

    def _all_sessions(self, db: Any) -> list[SessionRecord]:
        return self._some_sessions(db, None)

    def _some_sessions(self, db: Any, session_id: int | None) -> list[SessionRecord]:
        one = session_id is not None
        where, args = (" WHERE session_id = ?", (session_id,)) if one else ("", ())
        # The store's order: results by position, pain scores by time then id.
        results = _grouped(
            self._raw(db, f"SELECT {_RESULT} FROM exercise_results{where} ORDER BY position", args)
        )
        pain_where = where or " WHERE session_id IS NOT NULL"
        pain = _grouped(
            self._raw(db, f"SELECT {_PAIN}, id FROM pain_scores{pain_where} ORDER BY at, id", args)
        )
        sessions = self._raw(
            db,
            f"SELECT {_SESSION} FROM sessions{' WHERE id = ?' if one else ''} "
            "ORDER BY started_at, id",
            args,
        )
        known = self._sessions
        seen = {}
        records = []
        for row in sessions:
            key = (row, results.get(row[0], ()), pain.get(row[0], ()))
            record = known.get(key)
            if record is None:
                record = session_record(
                    self._decode(db, "sessions", _SESSION, row),
                    (self._decode(db, "exercise_results", _RESULT, r) for r in key[1]),
                    (self._decode(db, "pain_scores", _PAIN, p[:-1]) for p in key[2]),
                )
            seen[key] = record
            records.append(record)
        if not one:  # kept from a full read only: what is gone from the database goes from here
            self._sessions = seen
        return records

    def _history(self, db: Any) -> History:
        sessions = tuple(self._all_sessions(db))
        checkins = self._table(db, "checkins", "at, id", lambda rs: tuple(map(checkin_record, rs)))
        changes = self._table(
            db, "dosage_changes", "at, id", lambda rs: tuple(map(change_record, rs))
        )
        ratings = self._table(
            db,
            "difficulty_ratings",
            "session_id",
            lambda rs: MappingProxyType({r["session_id"]: rating_record(r) for r in rs}),
        )
        return History(
            sessions=sessions, checkins=checkins, dosage_changes=changes, ratings=ratings
        )

    def _table(self, db: Any, table: str, order: str, make: Callable[[list[Row]], _T]) -> _T:
        """A small table's records, made once: the same object while its rows are unchanged."""
        raw = tuple(self._raw(db, f"SELECT * FROM {table} ORDER BY {order}"))
        cached = self._tables.get(table)
        if cached is not None and cached[0] == raw:
            answer: _T = cached[1]
            return answer
        answer = make(rows(db, table, order))
        self._tables[table] = (raw, answer)
        return answer


def _grouped(table: list[Raw]) -> dict[int, tuple[Raw, ...]]:
    """Rows by session id (their first column), in the order read."""
    grouped: dict[int, list[Raw]] = {}
    for row in table:
        grouped.setdefault(row[0], []).append(row)
    return {session_id: tuple(group) for session_id, group in grouped.items()}
