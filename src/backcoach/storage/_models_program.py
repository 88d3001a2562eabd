"""Tables for check-ins, difficulty ratings and dosage changes (progression)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backcoach.program import Rule
from backcoach.storage._models import Base, _one_of
from backcoach.storage._types import UTCDateTime


class CheckInRow(Base):
    """How the back felt after a session, usually the next morning (pain 0-10)."""

    __tablename__ = "checkins"
    __table_args__ = (CheckConstraint("pain >= 0 AND pain <= 10", name="pain_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    pain: Mapped[int]
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="SET NULL"), index=True
    )
    note: Mapped[str | None] = mapped_column(Text)


class DifficultyRow(Base):
    """How hard a session felt, 1 (too easy) to 5 (too hard): at most one rating a session."""

    __tablename__ = "difficulty_ratings"
    __table_args__ = (CheckConstraint("rating >= 1 AND rating <= 5", name="rating_range"),)

    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
    )
    rating: Mapped[int]


class DosageChangeRow(Base):
    """One change of an exercise's dosage (or its starting point), with the rule and the reason."""

    __tablename__ = "dosage_changes"
    __table_args__ = (
        CheckConstraint(_one_of("rule", Rule), name="rule_known"),
        CheckConstraint(
            "old_reps >= 1 AND new_reps >= 1 AND old_hold_s >= 0 AND new_hold_s >= 0",
            name="dosage_positive",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    exercise_id: Mapped[str] = mapped_column(String(64))
    old_reps: Mapped[int]
    new_reps: Mapped[int]
    old_hold_s: Mapped[float]
    new_hold_s: Mapped[float]
    rule: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="SET NULL"), index=True
    )
