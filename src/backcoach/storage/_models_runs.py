"""Tables for imported runs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from backcoach.running import SourceKind
from backcoach.storage._models import Base, _one_of
from backcoach.storage._types import UTCDateTime


class RunRow(Base):
    """One imported run; its fingerprint (its start, to the minute) is unique, so a run
    imported twice, from the same file or another, is stored once."""

    __tablename__ = "runs"
    __table_args__ = (
        CheckConstraint(_one_of("source_kind", SourceKind), name="source_kind_known"),
        CheckConstraint("duration_s > 0", name="duration_s_positive"),
        CheckConstraint("distance_m >= 0", name="distance_m_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64), index=True, unique=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    duration_s: Mapped[float]
    distance_m: Mapped[float]
    sport: Mapped[str] = mapped_column(String(64))
    source_kind: Mapped[str] = mapped_column(String(16))
    source_name: Mapped[str] = mapped_column(String(1024))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime())
