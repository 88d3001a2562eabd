"""Store methods for outcome questionnaire responses (ODI, RMDQ) (mixed into `Store`)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import replace
from typing import TYPE_CHECKING

from sqlalchemy import select

from backcoach.outcomes import InstrumentId, QuestionnaireResponse, band_named
from backcoach.storage._errors import StorageError
from backcoach.storage._models_outcomes import QuestionnaireResponseRow
from backcoach.storage._utc import utc

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class OutcomesStoreMixin:
    """Outcome questionnaire responses (ODI, RMDQ): every write commits at once."""

    _where: str

    if TYPE_CHECKING:

        def _transaction(self, *, write: bool) -> AbstractContextManager[Session]: ...

    def add_questionnaire(self, response: QuestionnaireResponse) -> QuestionnaireResponse:
        """Store a scored response (see `backcoach.outcomes.respond`); it comes back with its id.

        A naive `taken_at` raises `ValueError` and nothing is written.
        """
        row = QuestionnaireResponseRow(
            instrument=response.instrument.value,
            version=response.version,
            taken_at=utc(response.taken_at),
            answers=list(response.answers),
            score=float(response.score),
            band=None if response.band is None else response.band.key.value,
        )
        with self._transaction(write=True) as db:
            db.add(row)
            db.flush()
            return replace(response, id=row.id, taken_at=row.taken_at)

    def questionnaires(
        self, instrument: InstrumentId | str | None = None
    ) -> list[QuestionnaireResponse]:
        """Every stored response (or those to one questionnaire), oldest first."""
        query = select(QuestionnaireResponseRow).order_by(
            QuestionnaireResponseRow.taken_at, QuestionnaireResponseRow.id
        )
        if instrument is not None:
            query = query.where(
                QuestionnaireResponseRow.instrument == InstrumentId(instrument).value
            )
        with self._transaction(write=False) as db:
            return [self._response(row) for row in db.scalars(query).all()]

    def _response(self, row: QuestionnaireResponseRow) -> QuestionnaireResponse:
        try:
            return QuestionnaireResponse(
                id=row.id,
                instrument=InstrumentId(row.instrument),
                version=row.version,
                taken_at=row.taken_at,
                answers=tuple(None if a is None else int(a) for a in row.answers),
                score=float(row.score),
                band=None if row.band is None else band_named(row.band),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise StorageError(
                f"questionnaire response {row.id} in {self._where} cannot be read by this "
                f"backcoach: {exc}"
            ) from exc
