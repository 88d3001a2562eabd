"""The table for motion analyses: the motion coach's result for one recorded set."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from backcoach.catalog import ExerciseId
from backcoach.storage._models import Base, _one_of
from backcoach.storage._types import UTCDateTime


class AnalysisSource(StrEnum):
    """Where an analysis came from."""

    LIVE = "live"
    """The camera coach, live (in the browser or the terminal)."""
    VIDEO = "video"
    """A recorded video (uploaded in the browser, or given to the command line)."""
    TRACK = "track"
    """A pose-track file."""


class AnalysisRow(Base):
    """One analysed set: the analysis document as the motion coach wrote it (the analysis
    format, version 1), with what is needed to list and filter it without reading the JSON."""

    __tablename__ = "motion_analyses"
    __table_args__ = (
        CheckConstraint(_one_of("exercise_id", ExerciseId), name="exercise_id_known"),
        CheckConstraint(_one_of("source", AnalysisSource), name="source_known"),
        CheckConstraint("reps_counted >= 0", name="reps_counted_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    exercise_id: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(16))
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="SET NULL"), index=True
    )
    reps_counted: Mapped[int]
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    video_name: Mapped[str | None] = mapped_column(String(255))
