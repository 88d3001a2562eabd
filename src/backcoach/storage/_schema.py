"""Which schema this backcoach writes, known without loading SQLAlchemy or Alembic."""

from __future__ import annotations

VERSION_TABLE = "backcoach_alembic_version"
"""Alembic's bookkeeping table, named so that it cannot clash with another application's."""

HEAD_REVISION = "0005"
"""The newest migration's revision: a database stamped with it needs no migration, so opening it
does not load Alembic. A test keeps it equal to Alembic's head (a new migration must move it)."""
