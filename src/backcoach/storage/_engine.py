"""Making the SQLAlchemy engine: the URL, the SQLite file's folder, and SQLite's settings."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.pool import ConnectionPoolEntry, StaticPool

from backcoach.storage._errors import StorageError

WRITE = "backcoach_write"
"""Connection execution option: the next transaction writes (SQLite: BEGIN IMMEDIATE)."""

_MEMORY = ("", ":memory:")


def make_engine(url: str, *, busy_timeout_s: float) -> tuple[Engine, str]:
    """The engine for `url`, and how to name its database to the user (path, or safe URL).

    For a SQLite file, the folder is created first; a folder that cannot be is reported here,
    in the user's terms, rather than as SQLite's "unable to open database file".
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StorageError(f"not a database URL: {url!r}") from None
    if parsed.drivername == "postgresql":
        # SQLAlchemy's default PostgreSQL driver is psycopg2; backcoach ships psycopg 3.
        parsed = parsed.set(drivername="postgresql+psycopg")

    if parsed.get_backend_name() != "sqlite":
        where = parsed.render_as_string(hide_password=True)
        try:
            engine = create_engine(parsed, pool_pre_ping=True)
        except (NoSuchModuleError, ImportError):
            hint = (
                " (pip install 'backcoach[postgres]')"
                if parsed.get_backend_name() == "postgresql"
                else ""
            )
            raise StorageError(
                f"cannot use {where}: its database driver is not installed{hint}"
            ) from None
        return engine, where

    database = parsed.database or ""
    if database in _MEMORY or parsed.query.get("mode") == "memory":
        engine = create_engine(
            parsed,
            poolclass=StaticPool,
            connect_args={"check_same_thread": False, "timeout": busy_timeout_s},
        )
        _configure_sqlite(engine)
        return engine, "the in-memory database"

    path = Path(database).expanduser().absolute()
    _prepare_folder(path)
    engine = create_engine(
        parsed.set(database=str(path)),
        connect_args={"timeout": busy_timeout_s},
    )
    _configure_sqlite(engine)
    return engine, str(path)


def _prepare_folder(path: Path) -> None:
    """Create the database file's folder, or say in one line why it cannot be written to."""
    if path.is_dir():
        raise StorageError(f"{path} is a folder, not a database file")
    folder = path.parent
    existing = next(p for p in (folder, *folder.parents) if p.exists())
    if not existing.is_dir():
        raise StorageError(f"cannot write to {folder}: {existing} is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"cannot write to {folder}: {_reason(exc)}") from None
    if not path.exists() and not os.access(folder, os.W_OK | os.X_OK):
        raise StorageError(f"cannot write to {folder}: permission denied")


def _reason(exc: OSError) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno == errno.EROFS:
        return "the file system is read-only"
    return (exc.strerror or str(exc)).lower()


def _configure_sqlite(engine: Engine) -> None:
    """Foreign keys on, and transactions begun by us (SQLAlchemy's recipe for pysqlite).

    Python's sqlite3 module begins transactions only before INSERT/UPDATE/DELETE, so DDL ran
    outside them (a migration could stop halfway) and a read-then-write could not take the write
    lock up front. With the module's own handling off, every transaction is an explicit BEGIN:
    IMMEDIATE when it will write, so a busy database makes it wait at the start (up to the busy
    timeout) instead of failing midway. WAL mode is set once the file is known to be ours.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys = ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        write = connection.get_execution_options().get(WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def set_wal(engine: Engine) -> None:
    """Switch a SQLite database to write-ahead logging (kept in the file: done once suffices).

    WAL lets a reader (history, charts) read while a session is being written.
    """
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
        finally:
            cursor.close()
    finally:
        raw.close()
