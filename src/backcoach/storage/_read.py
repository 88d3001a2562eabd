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
from typing import Any

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
