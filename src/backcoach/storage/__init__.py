"""The lasting record: sessions, their results and pain scores, and screenings, in a database.

SQLite by default (one file, WAL mode), PostgreSQL as well; the schema is kept by Alembic
migrations shipped inside the package and applied when the store is opened (Alembic is loaded
only when a database is not yet at the newest schema).

`StorageError` is importable without loading SQLAlchemy; `open_store` and `Store` load it on
first use. `read_history` reads the program's `History` from a SQLite file with the standard
library alone, read-only, for commands that only look at it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from backcoach.storage._errors import StorageError

if TYPE_CHECKING:
    from backcoach.storage._history import History
    from backcoach.storage._read import read_history
    from backcoach.storage._store import Store, open_store

__all__ = ["History", "StorageError", "Store", "open_store", "read_history"]


def __getattr__(name: str) -> Any:
    if name in ("Store", "open_store"):
        from backcoach.storage import _store

        return getattr(_store, name)
    if name == "History":
        from backcoach.storage import _history

        return _history.History
    if name == "read_history":
        from backcoach.storage import _read

        return _read.read_history
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
