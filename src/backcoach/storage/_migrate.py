"""Bringing a database to the newest schema: Alembic run in-process, no alembic.ini needed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect

from backcoach.storage._engine import WRITE, set_wal
from backcoach.storage._errors import StorageError, not_backcoach
from backcoach.storage._models import VERSION_TABLE, Base

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(url: str | None = None) -> Config:
    """An Alembic configuration for backcoach's migrations (and `url`, for developer commands).

    To write a new revision against a scratch database at head::

        from alembic import command
        command.revision(alembic_config("sqlite:////tmp/scratch.db"), "what changed",
                         autogenerate=True, rev_id="0002")
    """
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def head_revisions() -> frozenset[str]:
    """The revisions this version of backcoach brings a database to."""
    return frozenset(ScriptDirectory.from_config(alembic_config()).get_heads())


def upgrade_to_head(engine: Engine, where: str) -> None:
    """Check the database is one of ours (or empty), then migrate it to the newest schema.

    The check only reads, so a file that is not ours is left exactly as it was. The upgrade runs
    in one transaction, so a killed process leaves the schema as it was before, never half-done.
    """
    config = alembic_config()
    script = ScriptDirectory.from_config(config)
    heads = frozenset(script.get_heads())
    known = frozenset(revision.revision for revision in script.walk_revisions())
    sqlite = engine.dialect.name == "sqlite"

    with engine.connect() as connection, connection.begin():
        current = _current_revisions(connection, where, known)
    if sqlite:
        set_wal(engine)
    if current == heads:
        return

    with engine.connect() as connection:
        if sqlite:
            # Off while tables are rebuilt (SQLite batch migrations drop and re-create a table,
            # which with foreign keys on would cascade-delete the rows that point at it);
            # checked in full before the commit instead.
            _pragma(connection, "foreign_keys = OFF")
        try:
            connection.execution_options(**{WRITE: True})
            with connection.begin():
                # Again, under the write lock: another process may have just upgraded it.
                if _current_revisions(connection, where, known) != heads:
                    config.attributes["connection"] = connection
                    command.upgrade(config, "head")
                    if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                        raise StorageError(
                            f"cannot upgrade {where}: its records point at missing sessions"
                        )
        finally:
            if sqlite:
                try:
                    _pragma(connection, "foreign_keys = ON")
                except sqlite3.Error:
                    connection.invalidate()


def _pragma(connection: Connection, pragma: str) -> None:
    """Run a PRAGMA outside any transaction (inside one, SQLite ignores foreign_keys)."""
    driver = connection.connection.driver_connection
    assert driver is not None
    driver.execute(f"PRAGMA {pragma}")


def _current_revisions(connection: Connection, where: str, known: frozenset[str]) -> frozenset[str]:
    context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
    current = frozenset(context.get_current_heads())
    if not current:
        tables = set(inspect(connection).get_table_names())
        ours = set(Base.metadata.tables)
        if connection.dialect.name == "sqlite" and tables:
            raise not_backcoach(where, "it holds another program's tables")
        if tables & ours:
            clash = ", ".join(sorted(tables & ours))
            raise StorageError(
                f"{where} already has tables named {clash} that backcoach did not make; "
                "use another database"
            )
    unknown = current - known
    if unknown:
        raise StorageError(
            f"{where} was written by a newer backcoach (schema {', '.join(sorted(unknown))}); "
            "upgrade backcoach to open it"
        )
    return current
