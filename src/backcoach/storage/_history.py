"""`History`: everything the progression program decides from, read in one go."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from backcoach.program import CheckIn, DifficultyRating, DosageChange
from backcoach.routine import SessionRecord


@dataclass(frozen=True)
class History:
    """The stored sessions, check-ins and dosage changes (each oldest first) and the difficulty
    ratings by session id: the arguments of `backcoach.program.review`.

    `Store.history()` reads it through the store; `read_history` straight from a SQLite file.
    """

    sessions: tuple[SessionRecord, ...] = ()
    checkins: tuple[CheckIn, ...] = ()
    dosage_changes: tuple[DosageChange, ...] = ()
    ratings: Mapping[int, DifficultyRating] = field(default_factory=dict)
