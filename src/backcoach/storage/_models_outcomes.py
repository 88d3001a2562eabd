"""Tables for outcome questionnaire responses (ODI, RMDQ)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from backcoach.outcomes import BandKey, InstrumentId
from backcoach.storage._models import Base, _one_of
from backcoach.storage._types import UTCDateTime


class QuestionnaireResponseRow(Base):
    """One filled-in questionnaire: every answer as given (null where skipped) and its score.

    The score and band are stored, not recomputed on reading, so a response keeps the meaning it
    had when it was taken; `version` is the version of our wording the answers were given to.
    """

    __tablename__ = "questionnaire_responses"
    __table_args__ = (
        CheckConstraint(_one_of("instrument", InstrumentId), name="instrument_known"),
        CheckConstraint(_one_of("band", BandKey, nullable=True), name="band_known"),
        CheckConstraint("score >= 0 AND score <= 100", name="score_range"),
        CheckConstraint("version >= 1", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    instrument: Mapped[str] = mapped_column(String(16), index=True)
    version: Mapped[int]
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime())
    answers: Mapped[list[int | None]] = mapped_column(JSON)
    score: Mapped[float]
    band: Mapped[str | None] = mapped_column(String(16))
