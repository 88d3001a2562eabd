"""Store methods for progression: check-ins, difficulty ratings, dosage changes."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class ProgramStoreMixin:
    """Progression records: every write commits at once."""

    _where: str

    if TYPE_CHECKING:

        def _transaction(self, *, write: bool) -> AbstractContextManager[Session]: ...
