"""Bringing a database to the newest schema: Alembic run in-process, no alembic.ini needed.

Alembic (a third of a second to import) is loaded only when the database is not already at
`HEAD_REVISION`, which is checked first with a plain query.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect

from backcoach.storage._engine import WRITE, set_wal
from backcoach.storage._errors import StorageError, not_backcoach
from backcoach.storage._models import Base
from backcoach.storage._schema import HEAD_REVISION, VERSION_TABLE

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(url: str | None = None) -> Config:
    """An Alembic configuration for backcoach's migrations (and `url`, for developer commands).

    To write a new revision against a scratch database at head::

        from alembic import command
        command.revision(alembic_config("sqlite:////tmp/scratch.db"), "what changed",
                         autogenerate=True, rev_id="0002")
    """
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def head_revisions() -> frozenset[str]:
    """The revisions this version of backcoach brings a database to (according to Alembic)."""
    from alembic.script import ScriptDirectory

    return frozenset(ScriptDirectory.from_config(alembic_config()).get_heads())


def upgrade_to_head(engine: Engine, where: str) -> None:
    """Check the database is one of ours (or empty), then migrate it to the newest schema.

    The check only reads, so a file that is not ours is left exactly as it was. The upgrade runs
    in one transaction, so a killed process leaves the schema as it was before, never half-done.
    """
    sqlite = engine.dialect.name == "sqlite"
    if _at_head(engine):
        if sqlite:
            set_wal(engine)
        return

    from alembic import command
    from alembic.script import ScriptDirectory

    config = alembic_config()
    script = ScriptDirectory.from_config(config)
    heads = frozenset(script.get_heads())
    known = frozenset(revision.revision for revision in script.walk_revisions())

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


def _at_head(engine: Engine) -> bool:
    """Whether the database is stamped with `HEAD_REVISION` alone (read without Alembic).

    Only reads: a file that is not a database fails here as it would in Alembic's own check.
    """
    with engine.connect() as connection, connection.begin():
        if not inspect(connection).has_table(VERSION_TABLE):
            return False
        stored = connection.exec_driver_sql(f"SELECT version_num FROM {VERSION_TABLE}")
        return {version for (version,) in stored} == {HEAD_REVISION}


def _current_revisions(connection: Connection, where: str, known: frozenset[str]) -> frozenset[str]:
    from alembic.runtime.migration import MigrationContext

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
