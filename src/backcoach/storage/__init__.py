"""The lasting record: sessions, their results and pain scores, and screenings, in a database.

SQLite by default (one file, WAL mode), PostgreSQL as well; the schema is kept by Alembic
migrations shipped inside the package and applied when the store is opened.

`StorageError` is importable without loading SQLAlchemy; `open_store` and `Store` load it on
first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from backcoach.storage._errors import StorageError

if TYPE_CHECKING:
    from backcoach.storage._store import Store, open_store

__all__ = ["StorageError", "Store", "open_store"]


def __getattr__(name: str) -> Any:
    if name in ("Store", "open_store"):
        from backcoach.storage import _store

        return getattr(_store, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
