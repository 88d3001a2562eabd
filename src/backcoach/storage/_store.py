"""The store: sessions, results, pain scores and screenings, each write committed at once."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from types import TracebackType
from typing import Self

from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, selectinload

from backcoach.routine import (
    EndReason,
    ExerciseResult,
    PainScore,
    Routine,
    ScreeningRecord,
    SessionRecord,
    SessionStatus,
)
from backcoach.storage._engine import WRITE, make_engine
from backcoach.storage._errors import StorageError, translate
from backcoach.storage._history import History
from backcoach.storage._mapping import (
    pain_values,
    result_values,
    screening_record,
    session_record,
)
from backcoach.storage._models import ExerciseResultRow, PainScoreRow, ScreeningRow, SessionRow
from backcoach.storage._store_analyses import AnalysesStoreMixin
from backcoach.storage._store_outcomes import OutcomesStoreMixin
from backcoach.storage._store_program import ProgramStoreMixin
from backcoach.storage._store_runs import RunsStoreMixin
from backcoach.storage._utc import utc

_WITH_CHILDREN = (selectinload(SessionRow.results), selectinload(SessionRow.pain))


def open_store(url: str, *, busy_timeout_s: float = 5.0) -> Store:
    """Open the database at `url`, creating it (and its folder) if needed, at the newest schema.

    `url` is a SQLAlchemy URL: ``sqlite:////absolute/path/backcoach.db`` (the default kind) or
    ``postgresql://user:password@host/db`` (psycopg 3). A database busy in another process is
    waited for up to `busy_timeout_s` seconds. Anything that stops the store from opening (a
    folder that cannot be written, a file that is not a backcoach database, a database from a
    newer backcoach, a full disk...) raises a `StorageError` with a one-line message; a file
    that is not ours is never modified.
    """
    engine, where = make_engine(url, busy_timeout_s=busy_timeout_s)
    try:
        from backcoach.storage._migrate import upgrade_to_head

        upgrade_to_head(engine, where)
    except (SQLAlchemyError, sqlite3.Error) as exc:
        engine.dispose()
        raise translate(exc, where, busy_timeout_s=busy_timeout_s) from exc
    except BaseException:
        engine.dispose()
        raise
    return Store(engine, where, busy_timeout_s=busy_timeout_s)


class Store(ProgramStoreMixin, OutcomesStoreMixin, RunsStoreMixin, AnalysesStoreMixin):
    """The lasting record of sessions and screenings. Use `open_store` to get one.

    Every method runs in its own transaction and commits before returning, so a process killed
    mid-session loses at most the write in flight. Datetimes go in timezone-aware (naive ones
    raise `ValueError`) and come out in UTC. Database failures raise `StorageError`.
    A store can be shared between threads; close it (or use it as a context manager) when done.
    """

    def __init__(self, engine: Engine, where: str, *, busy_timeout_s: float = 5.0) -> None:
        self._engine = engine
        self._where = where
        self._busy_timeout_s = busy_timeout_s

    @property
    def location(self) -> str:
        """The database as shown to the user: a file path, or a URL without its password."""
        return self._where

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine (for tests and tools; the methods below are the interface)."""
        return self._engine

    def close(self) -> None:
        """Close every connection to the database."""
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self._where!r})"

    # -- sessions ---------------------------------------------------------------------------

    def start_session(
        self, routine: Routine, planned_s: float, started_at: datetime, pid: int, host: str
    ) -> int:
        """Record a session as started (IN_PROGRESS) by process `pid` on `host`; its new id."""
        started_at = utc(started_at)
        row = SessionRow(
            started_at=started_at,
            ended_at=None,
            status=SessionStatus.IN_PROGRESS.value,
            end_reason=None,
            planned_s=float(planned_s),
            routine=routine.to_list(),
            pid=pid,
            host=host,
            heartbeat_at=started_at,
        )
        with self._transaction(write=True) as db:
            db.add(row)
            db.flush()
            return row.id

    def save_result(
        self, session_id: int, result: ExerciseResult, *, heartbeat_at: datetime | None = None
    ) -> None:
        """Save an exercise's result, replacing any saved before at the same position (and, with
        `heartbeat_at`, note the session's heartbeat in the same transaction)."""
        values = result_values(result)
        at = None if heartbeat_at is None else utc(heartbeat_at)
        with self._transaction(write=True) as db:
            session = self._session_row(db, session_id)
            if at is not None:
                session.heartbeat_at = at
            row = db.scalars(
                select(ExerciseResultRow).where(
                    ExerciseResultRow.session_id == session_id,
                    ExerciseResultRow.position == result.position,
                )
            ).one_or_none()
            if row is None:
                db.add(ExerciseResultRow(session_id=session_id, **values))
            else:
                for name, value in values.items():
                    setattr(row, name, value)

    def add_pain(self, session_id: int, score: PainScore) -> None:
        """Add a pain score to a session (a score outside 0-10 is refused by the database)."""
        utc(score.at)
        with self._transaction(write=True) as db:
            self._session_row(db, session_id)
            db.add(PainScoreRow(**pain_values(session_id, score)))

    def heartbeat(self, session_id: int, at: datetime) -> None:
        """Note that the session's process was alive at `at` (see `recover_interrupted`)."""
        at = utc(at)
        with self._transaction(write=True) as db:
            self._session_row(db, session_id).heartbeat_at = at

    def finish_session(
        self, session_id: int, status: SessionStatus, reason: EndReason, ended_at: datetime
    ) -> None:
        """Record how and when a session ended."""
        ended_at = utc(ended_at)
        with self._transaction(write=True) as db:
            row = self._session_row(db, session_id)
            row.status = status.value
            row.end_reason = reason.value
            row.ended_at = ended_at

    def get_session(self, session_id: int) -> SessionRecord:
        """One session with its results and pain scores; `StorageError` if there is none."""
        with self._transaction(write=False) as db:
            return self._record(self._session_row(db, session_id, children=True))

    def sessions(self) -> list[SessionRecord]:
        """Every session, oldest first, with its results (by position) and pain scores."""
        with self._transaction(write=False) as db:
            rows = db.scalars(
                select(SessionRow)
                .options(*_WITH_CHILDREN)
                .order_by(SessionRow.started_at, SessionRow.id)
            ).all()
            return [self._record(row) for row in rows]

    def recover_interrupted(
        self,
        now: datetime,
        is_alive: Callable[[int, str], bool],
        stale_after_s: float = 600,
    ) -> list[SessionRecord]:
        """Close the sessions whose process died without closing them; return them, oldest first.

        A session still IN_PROGRESS is taken as dead when `is_alive(pid, host)` says so, or when
        its last heartbeat is more than `stale_after_s` old (its pid may since have been reused).
        It becomes STOPPED with reason CRASHED (ABANDONED if not a rep was done), ending at its
        last heartbeat. Results and pain scores are kept.
        """
        now = utc(now)
        with self._transaction(write=True) as db:
            rows = db.scalars(
                select(SessionRow)
                .where(SessionRow.status == SessionStatus.IN_PROGRESS.value)
                .options(*_WITH_CHILDREN)
                .order_by(SessionRow.started_at, SessionRow.id)
            ).all()
            recovered = []
            for row in rows:
                last = max(row.heartbeat_at, row.started_at)
                stale = (now - last).total_seconds() > stale_after_s
                if not stale and is_alive(row.pid, row.host):
                    continue
                reps_done = sum(result.reps_done for result in row.results)
                row.status = (
                    SessionStatus.STOPPED.value if reps_done > 0 else SessionStatus.ABANDONED.value
                )
                row.end_reason = EndReason.CRASHED.value
                row.ended_at = last
                recovered.append(row)
            return [self._record(row) for row in recovered]

    def history(self) -> History:
        """Everything the program decides from (`backcoach.program.review`), in one object.

        `read_history` gives the same from a SQLite file without opening a store.
        """
        return History(
            sessions=tuple(self.sessions()),
            checkins=tuple(self.checkins()),
            dosage_changes=tuple(self.dosage_changes()),
            ratings=self.difficulty_ratings(),
        )

    # -- screenings -------------------------------------------------------------------------

    def save_screening(
        self, taken_at: datetime, answers: dict[str, bool], passed: bool
    ) -> ScreeningRecord:
        """Record a red-flag screen and return it as stored (with its id)."""
        row = ScreeningRow(taken_at=utc(taken_at), answers=dict(answers), passed=passed)
        with self._transaction(write=True) as db:
            db.add(row)
            db.flush()
            return self._screening(row)

    def latest_screening(self) -> ScreeningRecord | None:
        """The most recent screen, or None if the user was never screened."""
        with self._transaction(write=False) as db:
            row = db.scalars(
                select(ScreeningRow)
                .order_by(ScreeningRow.taken_at.desc(), ScreeningRow.id.desc())
                .limit(1)
            ).one_or_none()
            return None if row is None else self._screening(row)

    def screenings(self) -> list[ScreeningRecord]:
        """Every screen, oldest first."""
        with self._transaction(write=False) as db:
            rows = db.scalars(
                select(ScreeningRow).order_by(ScreeningRow.taken_at, ScreeningRow.id)
            ).all()
            return [self._screening(row) for row in rows]

    # -- plumbing ---------------------------------------------------------------------------

    @contextmanager
    def _transaction(self, *, write: bool) -> Iterator[Session]:
        """An ORM session in one transaction, committed on leaving; driver errors translated."""
        try:
            with self._engine.connect() as connection:
                if write:
                    connection.execution_options(**{WRITE: True})
                with Session(bind=connection, expire_on_commit=False) as db, db.begin():
                    yield db
        except (SQLAlchemyError, sqlite3.Error) as exc:
            raise translate(exc, self._where, busy_timeout_s=self._busy_timeout_s) from exc

    def _session_row(self, db: Session, session_id: int, *, children: bool = False) -> SessionRow:
        options = _WITH_CHILDREN if children else ()
        row = db.get(SessionRow, session_id, options=options)
        if row is None:
            raise StorageError(f"there is no session {session_id} in {self._where}")
        return row

    def _record(self, row: SessionRow) -> SessionRecord:
        try:
            return session_record(
                row.as_mapping(),
                (result.as_mapping() for result in row.results),
                (score.as_mapping() for score in row.pain),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise self._unreadable(f"session {row.id}", exc) from exc

    def _screening(self, row: ScreeningRow) -> ScreeningRecord:
        try:
            return screening_record(row.as_mapping())
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise self._unreadable(f"screening {row.id}", exc) from exc

    def _unreadable(self, what: str, exc: Exception) -> StorageError:
        return StorageError(f"{what} in {self._where} cannot be read by this backcoach: {exc}")
