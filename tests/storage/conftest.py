"""Stores on real SQLite files (and on PostgreSQL when BACKCOACH_TEST_POSTGRES_URL is set)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from backcoach.storage import Store, open_store
from tests.storage._support import POSTGRES_URL, reset_postgres, sqlite_url


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "backcoach.db"


# PostgreSQL joins in only when configured, rather than as dozens of skipped tests; the
# migration tests carry the one visible skip that says how to turn it on.
@pytest.fixture(params=["sqlite", "postgresql"] if POSTGRES_URL else ["sqlite"])
def store_url(request: pytest.FixtureRequest, db_path: Path) -> str:
    if request.param == "sqlite":
        return sqlite_url(db_path)
    assert POSTGRES_URL is not None
    reset_postgres(POSTGRES_URL)
    return POSTGRES_URL


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as opened:
        yield opened
