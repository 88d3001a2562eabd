"""Store methods for progression: check-ins, difficulty ratings, dosage changes."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from sqlalchemy import select

from backcoach.catalog import ExerciseId
from backcoach.program import CheckIn, DifficultyRating, Dosage, DosageChange
from backcoach.storage._errors import StorageError
from backcoach.storage._mapping import (
    change_record,
    change_values,
    checkin_record,
    checkin_values,
    rating_record,
)
from backcoach.storage._models import SessionRow
from backcoach.storage._models_program import CheckInRow, DifficultyRow, DosageChangeRow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class ProgramStoreMixin:
    """Progression records: every write commits at once."""

    _where: str

    if TYPE_CHECKING:

        def _transaction(self, *, write: bool) -> AbstractContextManager[Session]: ...

    # -- check-ins --------------------------------------------------------------------------

    def add_checkin(self, checkin: CheckIn) -> CheckIn:
        """Record a check-in (its `id` is ignored) and return it as stored, with its id.

        A session it names must exist; a pain score outside 0-10 is refused by the database.
        """
        row = CheckInRow(**checkin_values(checkin))
        with self._transaction(write=True) as db:
            if checkin.session_id is not None:
                self._program_session(db, checkin.session_id)
            db.add(row)
            db.flush()
            return checkin_record(row.as_mapping())

    def checkins(self) -> list[CheckIn]:
        """Every check-in, oldest first."""
        with self._transaction(write=False) as db:
            rows = db.scalars(select(CheckInRow).order_by(CheckInRow.at, CheckInRow.id)).all()
            return [checkin_record(row.as_mapping()) for row in rows]

    # -- difficulty -------------------------------------------------------------------------

    def set_difficulty(self, session_id: int, rating: DifficultyRating) -> None:
        """Rate how hard a session felt, replacing any rating given before."""
        rating = DifficultyRating(rating)
        with self._transaction(write=True) as db:
            self._program_session(db, session_id)
            row = db.get(DifficultyRow, session_id)
            if row is None:
                db.add(DifficultyRow(session_id=session_id, rating=int(rating)))
            else:
                row.rating = int(rating)

    def difficulty(self, session_id: int) -> DifficultyRating | None:
        """A session's rating, or None if it was not rated."""
        with self._transaction(write=False) as db:
            row = db.get(DifficultyRow, session_id)
            return None if row is None else self._rating(row)

    def difficulty_ratings(self) -> dict[int, DifficultyRating]:
        """Every rating, by session id."""
        with self._transaction(write=False) as db:
            rows = db.scalars(select(DifficultyRow)).all()
            return {row.session_id: self._rating(row) for row in rows}

    # -- dosage changes ---------------------------------------------------------------------

    def add_dosage_changes(self, changes: Sequence[DosageChange]) -> list[DosageChange]:
        """Record changes (their `id`s are ignored) in one transaction; return them with ids."""
        rows = [DosageChangeRow(**change_values(change)) for change in changes]
        with self._transaction(write=True) as db:
            for session_id in {c.session_id for c in changes if c.session_id is not None}:
                self._program_session(db, session_id)
            db.add_all(rows)
            db.flush()
            return [self._change(row) for row in rows]

    def dosage_changes(self, exercise_id: ExerciseId | None = None) -> list[DosageChange]:
        """Every recorded change (or one exercise's), oldest first."""
        query = select(DosageChangeRow).order_by(DosageChangeRow.at, DosageChangeRow.id)
        if exercise_id is not None:
            query = query.where(DosageChangeRow.exercise_id == ExerciseId(exercise_id).value)
        with self._transaction(write=False) as db:
            return [self._change(row) for row in db.scalars(query).all()]

    def current_dosage(self) -> dict[ExerciseId, Dosage]:
        """Each exercise's dosage after its latest recorded change (exercises never recorded
        are absent: they are at their starting point)."""
        return {c.exercise_id: c.new for c in self.dosage_changes()}

    # -- plumbing ---------------------------------------------------------------------------

    def _program_session(self, db: Session, session_id: int) -> None:
        if db.get(SessionRow, session_id) is None:
            raise StorageError(f"there is no session {session_id} in {self._where}")

    def _rating(self, row: DifficultyRow) -> DifficultyRating:
        try:
            return rating_record(row.as_mapping())
        except ValueError as exc:
            raise self._program_unreadable(f"the rating of session {row.session_id}", exc) from exc

    def _change(self, row: DosageChangeRow) -> DosageChange:
        try:
            return change_record(row.as_mapping())
        except ValueError as exc:
            raise self._program_unreadable(f"dosage change {row.id}", exc) from exc

    def _program_unreadable(self, what: str, exc: Exception) -> StorageError:
        return StorageError(f"{what} in {self._where} cannot be read by this backcoach: {exc}")
