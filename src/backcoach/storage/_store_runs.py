"""Store methods for imported runs (mixed into `Store`)."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from backcoach.running import Run, SourceKind
from backcoach.storage._errors import StorageError
from backcoach.storage._models_runs import RunRow
from backcoach.storage._utc import utc

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class RunsStoreMixin:
    """Imported runs: every write commits at once."""

    _where: str

    if TYPE_CHECKING:

        def _transaction(self, *, write: bool) -> AbstractContextManager[Session]: ...

    def add_runs(
        self, runs: Sequence[Run], *, imported_at: datetime | None = None
    ) -> tuple[int, int]:
        """Store the runs not stored before, in one transaction; `(added, duplicates)`.

        A run is a duplicate when a run with its fingerprint (its start, to the minute) is
        already stored or comes earlier in `runs`; the first one seen is kept.
        """
        when = utc(imported_at) if imported_at is not None else datetime.now(UTC)
        by_print: dict[str, Run] = {}
        for run in runs:
            by_print.setdefault(run.fingerprint, run)
        with self._transaction(write=True) as db:
            stored: set[str] = set()
            prints = list(by_print)
            for i in range(0, len(prints), 500):  # bounded IN lists, for very large exports
                chunk = prints[i : i + 500]
                stored.update(
                    db.scalars(select(RunRow.fingerprint).where(RunRow.fingerprint.in_(chunk)))
                )
            new = [run for fp, run in by_print.items() if fp not in stored]
            db.add_all(_row(run, when) for run in new)
        return len(new), len(runs) - len(new)

    def runs(self, since: datetime | None = None) -> list[Run]:
        """The stored runs, oldest first; only those starting at or after `since` if given."""
        query = select(RunRow).order_by(RunRow.started_at, RunRow.id)
        if since is not None:
            query = query.where(RunRow.started_at >= utc(since))
        with self._transaction(write=False) as db:
            return [self._run(row) for row in db.scalars(query)]

    def _run(self, row: RunRow) -> Run:
        try:
            return Run(
                started_at=row.started_at,
                duration_s=row.duration_s,
                distance_m=row.distance_m,
                sport=row.sport,
                source_kind=SourceKind(row.source_kind),
                source_name=row.source_name,
            )
        except ValueError as exc:
            raise StorageError(
                f"run {row.id} in {self._where} cannot be read by this backcoach: {exc}"
            ) from exc


def _row(run: Run, imported_at: datetime) -> RunRow:
    return RunRow(
        fingerprint=run.fingerprint,
        started_at=run.started_at,
        duration_s=run.duration_s,
        distance_m=run.distance_m,
        sport=run.sport,
        source_kind=run.source_kind.value,
        source_name=run.source_name[:1024],
        imported_at=imported_at,
    )
