"""The tables, as SQLAlchemy 2 typed declarative models (the migrations must match them).

Enumerations are stored as their plain string values, guarded by CHECK constraints, so the
schema is the same on SQLite and PostgreSQL. Constraint names follow one naming convention, which
the migrations need in order to alter or drop them later.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    MetaData,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from backcoach.routine import EndReason, PainPhase, SessionStatus
from backcoach.storage._schema import VERSION_TABLE  # noqa: F401  (where the tests look)
from backcoach.storage._types import UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s_%(column_1_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _one_of(column: str, values: type[StrEnum], *, nullable: bool = False) -> str:
    allowed = ", ".join(f"'{member.value}'" for member in values)
    check = f"{column} IN ({allowed})"
    return f"{column} IS NULL OR {check}" if nullable else check


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)

    def as_mapping(self) -> dict[str, Any]:
        """The row's column values by column name: what `_mapping` makes records from."""
        return {column.key: getattr(self, column.key) for column in self.__table__.columns}


class SessionRow(Base):
    """One guided session, written as it goes (its status says whether it is still running)."""

    __tablename__ = "sessions"
    __table_args__ = (
        CheckConstraint(_one_of("status", SessionStatus), name="status_known"),
        CheckConstraint(_one_of("end_reason", EndReason, nullable=True), name="end_reason_known"),
        CheckConstraint("planned_s >= 0", name="planned_s_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16))
    end_reason: Mapped[str | None] = mapped_column(String(16))
    planned_s: Mapped[float]
    routine: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    pid: Mapped[int]
    host: Mapped[str] = mapped_column(String(255))
    heartbeat_at: Mapped[datetime] = mapped_column(UTCDateTime())

    results: Mapped[list[ExerciseResultRow]] = relationship(
        order_by="ExerciseResultRow.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    pain: Mapped[list[PainScoreRow]] = relationship(
        order_by=lambda: [PainScoreRow.at, PainScoreRow.id],
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class ExerciseResultRow(Base):
    """Planned versus done for one exercise of a session; one row per position in the routine."""

    __tablename__ = "exercise_results"
    __table_args__ = (
        UniqueConstraint("session_id", "position"),
        CheckConstraint(
            "position >= 0 AND reps_planned >= 0 AND reps_done >= 0 AND hold_planned_s >= 0",
            name="counts_positive",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    position: Mapped[int]
    exercise_id: Mapped[str] = mapped_column(String(64))
    reps_planned: Mapped[int]
    reps_done: Mapped[int]
    hold_planned_s: Mapped[float]
    holds_s: Mapped[list[float]] = mapped_column(JSON)
    skipped: Mapped[bool]
    painful: Mapped[bool]


class PainScoreRow(Base):
    """A pain-now score, usually taken during a session (session_id is NULL otherwise)."""

    __tablename__ = "pain_scores"
    __table_args__ = (
        CheckConstraint("score >= 0 AND score <= 10", name="score_range"),
        CheckConstraint(_one_of("phase", PainPhase), name="phase_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    phase: Mapped[str] = mapped_column(String(16))
    score: Mapped[int]
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    exercise_id: Mapped[str | None] = mapped_column(String(64))


class ScreeningRow(Base):
    """One red-flag screen: every answer as given, and whether it cleared the user."""

    __tablename__ = "screenings"

    id: Mapped[int] = mapped_column(primary_key=True)
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime())
    answers: Mapped[dict[str, bool]] = mapped_column(JSON)
    passed: Mapped[bool]


# The tables of later features live in modules of their own; importing them here puts them on
# `Base.metadata`, which the migrations are checked against.
from backcoach.storage import (  # noqa: E402, F401
    _models_analyses,
    _models_outcomes,
    _models_program,
    _models_runs,
)
