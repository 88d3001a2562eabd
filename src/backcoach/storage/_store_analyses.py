"""Store methods for motion analyses (mixed into `Store`)."""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from backcoach.catalog import ExerciseId
from backcoach.storage._errors import StorageError
from backcoach.storage._models import SessionRow
from backcoach.storage._models_analyses import AnalysisRow, AnalysisSource
from backcoach.storage._utc import utc

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

VIDEO_NAME_MAX = 255


@dataclass(frozen=True, slots=True)
class StoredAnalysis:
    """One stored motion analysis: the analysis document and where and when it was made."""

    id: int
    created_at: datetime
    """When the analysis was made (UTC)."""
    exercise_id: ExerciseId
    source: AnalysisSource
    reps_counted: int
    document: Mapping[str, Any]
    """The analysis document exactly as stored (the analysis format, version 1)."""
    session_id: int | None = None
    """The guided session the set belonged to, if any."""
    video_name: str | None = None
    """The recorded video's file name, for an analysis of a video."""

    def to_dict(self) -> dict[str, Any]:
        """The analysis document (a copy), with `analysed_at` (an extra field the format
        allows): when it was made, ISO 8601 in UTC. The report places a set in time by it."""
        return {**copy.deepcopy(dict(self.document)), "analysed_at": self.created_at.isoformat()}


def check_document(document: Mapping[str, Any]) -> None:
    """Refuse (`ValueError`, one line) what cannot be an analysis document: the fields the store
    files it by must be there and right, and it must be plain JSON (no NaN)."""
    if not isinstance(document, Mapping):
        raise ValueError("an analysis document must be a JSON object")
    if document.get("version") != 1:
        raise ValueError("an analysis document must be of version 1")
    exercise = document.get("exercise")
    if exercise not in {e.value for e in ExerciseId}:
        raise ValueError(f"unknown exercise {exercise!r} in the analysis document")
    reps = document.get("reps")
    if isinstance(reps, bool) or not isinstance(reps, int) or reps < 0:
        raise ValueError("reps must be a whole number, 0 or more")
    try:
        json.dumps(document, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"an analysis document must be plain JSON ({exc})") from None


class AnalysesStoreMixin:
    """Motion analyses: every write commits at once."""

    _where: str

    if TYPE_CHECKING:

        def _transaction(self, *, write: bool) -> AbstractContextManager[Session]: ...

    def add_analysis(
        self,
        document: Mapping[str, Any],
        *,
        source: AnalysisSource | str,
        created_at: datetime,
        session_id: int | None = None,
        video_name: str | None = None,
    ) -> StoredAnalysis:
        """Keep an analysis document (the analysis format, version 1) and return it as stored.

        `source` is where it came from ('live', 'video' or 'track'); `session_id` ties it to a
        guided session (a `StorageError` if there is no such session). A document that is not
        an analysis document, or an unknown source, raises `ValueError`.
        """
        kind = AnalysisSource(source)
        check_document(document)
        when = utc(created_at)
        row = AnalysisRow(
            created_at=when,
            exercise_id=str(document["exercise"]),
            source=kind.value,
            session_id=session_id,
            reps_counted=int(document["reps"]),
            document=copy.deepcopy(dict(document)),
            video_name=None if video_name is None else video_name[:VIDEO_NAME_MAX],
        )
        with self._transaction(write=True) as db:
            if session_id is not None and db.get(SessionRow, session_id) is None:
                raise StorageError(f"there is no session {session_id} in {self._where}")
            db.add(row)
            db.flush()
            return self._analysis(row)

    def analyses(self, since: datetime | None = None) -> list[StoredAnalysis]:
        """The stored analyses, oldest first; only those made at or after `since` if given."""
        query = select(AnalysisRow).order_by(AnalysisRow.created_at, AnalysisRow.id)
        if since is not None:
            query = query.where(AnalysisRow.created_at >= utc(since))
        with self._transaction(write=False) as db:
            return [self._analysis(row) for row in db.scalars(query)]

    def analysis(self, analysis_id: int) -> StoredAnalysis | None:
        """One stored analysis by its id, or None."""
        with self._transaction(write=False) as db:
            row = db.get(AnalysisRow, analysis_id)
            return None if row is None else self._analysis(row)

    def delete_analysis(self, analysis_id: int) -> bool:
        """Remove one stored analysis; False if there was none with that id."""
        with self._transaction(write=True) as db:
            row = db.get(AnalysisRow, analysis_id)
            if row is None:
                return False
            db.delete(row)
            return True

    def _analysis(self, row: AnalysisRow) -> StoredAnalysis:
        try:
            return StoredAnalysis(
                id=row.id,
                created_at=row.created_at,
                exercise_id=ExerciseId(row.exercise_id),
                source=AnalysisSource(row.source),
                reps_counted=row.reps_counted,
                document=row.document,
                session_id=row.session_id,
                video_name=row.video_name,
            )
        except (ValueError, TypeError) as exc:
            raise StorageError(
                f"motion analysis {row.id} in {self._where} cannot be read by this backcoach: {exc}"
            ) from exc
