"""Store methods for imported runs (mixed into `Store`)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class RunsStoreMixin:
    """Imported runs: every write commits at once."""

    _where: str

    if TYPE_CHECKING:

        def _transaction(self, *, write: bool) -> AbstractContextManager[Session]: ...
