"""Where the record lives, for every adapter (CLI, web, camera): opening the store for the
settings, reading history without writing, and telling whether a session's process is alive."""

from __future__ import annotations

import os
import socket
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from backcoach.errors import BackcoachError

if TYPE_CHECKING:
    from backcoach.settings import Settings
    from backcoach.storage import History, Store


def now() -> datetime:
    """The current time, timezone-aware UTC (what the store takes)."""
    return datetime.now(UTC)


def host() -> str:
    """This machine's name, stored with a session to tell whose process wrote it."""
    return socket.gethostname()


def process_alive(pid: int, on_host: str) -> bool:
    """Whether the process that wrote a session may still be running."""
    if on_host != host():
        return True  # another machine: it has to go stale to count as dead
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def open_store(s: Settings) -> Store:
    """The store for these settings; the default SQLite folder is created and checked first."""
    from backcoach.storage import open_store as _open

    if s.uses_default_sqlite:
        _ensure_home(s)
    return _open(s.database_url)


def _ensure_home(s: Settings) -> None:
    try:
        s.home.mkdir(parents=True, exist_ok=True)
        probe = s.home / ".write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise BackcoachError(
            f"cannot write to the data folder {s.home}: {reason} "
            "(set BACKCOACH_HOME to a folder you can write to)"
        ) from exc


def _no_database_yet(settings: Settings) -> bool:
    """A default SQLite file that does not exist yet holds no history: not opening it keeps the
    commands that only read fast and free of side effects (no file made)."""
    from backcoach.settings import DATABASE_FILE

    return settings.uses_default_sqlite and not (settings.home / DATABASE_FILE).is_file()


def store_if_any(settings: Settings) -> Store | None:
    """The store, if there is one to read (see `_no_database_yet`)."""
    return None if _no_database_yet(settings) else open_store(settings)


def history_if_any(settings: Settings) -> History | None:
    """The stored history, for a command that only reads it (`plan`, `dosage`); None if there is
    no database yet.

    Read straight from a SQLite file when possible (`read_history`: no SQLAlchemy, no Alembic,
    read-only); otherwise, or when that cannot answer (a database to create or migrate, or one
    that cannot be read), through the store, which says what is wrong in its own words.
    """
    from backcoach.storage import read_history

    if _no_database_yet(settings):
        return None
    history = read_history(settings.database_url)
    if history is not None:
        return history
    with open_store(settings) as store:
        return store.history()
