"""Synthetic histories: a user's sessions and check-ins, replayed the way the app records them.

`replay` walks through a list of `Day`s: before each session it asks the program for its review
and records the changes (as `backcoach session` does at the start), runs the session at the
program's dosage with the outcome the day describes, and records the next-morning check-in.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from backcoach.catalog import ExerciseId, load_catalog
from backcoach.program import CheckIn, DifficultyRating, Dosage, DosageChange, Review, review
from backcoach.routine import (
    EndReason,
    ExerciseResult,
    PainPhase,
    PainScore,
    Routine,
    SessionRecord,
    SessionStatus,
    item_for,
    reps_total,
)

CATALOG = load_catalog()
T0 = datetime(2024, 5, 6, 18, 0, tzinfo=UTC)
ALL = tuple(ExerciseId)


def on(day: float) -> datetime:
    """The moment `day` days after T0 (sessions at 18:00, check-ins next morning at 07:00)."""
    return T0 + timedelta(days=day)


@dataclass(frozen=True)
class Day:
    """One session and how it went (by default: finished, pain 2 -> 2, about right)."""

    day: float
    before: int | None = 2
    after: int | None = 2
    morning: int | None = None
    """Pain at the next morning's check-in (None: no check-in)."""
    rating: int | None = 3
    hurt: Mapping[ExerciseId, int | None] = field(default_factory=dict)
    """Exercises marked painful, with the score given (None: none given)."""
    skipped: Collection[ExerciseId] = ()
    status: SessionStatus = SessionStatus.COMPLETED


@dataclass
class History:
    sessions: list[SessionRecord] = field(default_factory=list)
    checkins: list[CheckIn] = field(default_factory=list)
    changes: list[DosageChange] = field(default_factory=list)
    ratings: dict[int, DifficultyRating] = field(default_factory=dict)
    dosages: list[dict[ExerciseId, Dosage]] = field(default_factory=list)
    """The dosage each session ran at, in order."""

    def review(self, day: float, overridden: Collection[ExerciseId] = ()) -> Review:
        return review(
            self.sessions,
            self.checkins,
            self.changes,
            CATALOG,
            on(day),
            ratings=self.ratings,
            overridden=overridden,
        )

    def record(self, changes: Sequence[DosageChange]) -> None:
        first = len(self.changes) + 1
        self.changes.extend(replace(c, id=first + n) for n, c in enumerate(changes))


def replay(days: Sequence[Day], overridden: Collection[ExerciseId] = ()) -> History:
    history = History()
    for n, day in enumerate(days, start=1):
        decided = history.review(day.day, overridden)
        history.record(decided.to_store)
        history.dosages.append(decided.dosage)
        history.sessions.append(_session(n, day, decided.dosage))
        if day.rating is not None:
            history.ratings[n] = DifficultyRating(day.rating)
        if day.morning is not None:
            history.checkins.append(CheckIn(on(day.day + 0.54), day.morning, session_id=n))
    return history


def _session(session_id: int, day: Day, dosage: Mapping[ExerciseId, Dosage]) -> SessionRecord:
    start = on(day.day)
    items = tuple(
        item_for(ex, reps=dosage[ex.id].reps, hold_s=dosage[ex.id].hold_s) for ex in CATALOG
    )
    results = []
    pain = []
    if day.before is not None:
        pain.append(PainScore(PainPhase.BEFORE, day.before, start))
    for position, (ex, item) in enumerate(zip(CATALOG, items, strict=True)):
        total = reps_total(ex, item)
        skipped = ex.id in day.skipped
        done = total // 2 if skipped else total
        if day.status is SessionStatus.STOPPED and position >= 3:
            done = 0
        results.append(
            ExerciseResult(
                exercise_id=ex.id,
                position=position,
                reps_planned=total,
                reps_done=done,
                hold_planned_s=item.hold_s,
                holds_s=(item.hold_s,) * done,
                skipped=skipped,
                painful=ex.id in day.hurt,
            )
        )
        score = day.hurt.get(ex.id)
        if score is not None:
            pain.append(PainScore(PainPhase.DURING, score, start + timedelta(minutes=5), ex.id))
    end = start + timedelta(minutes=20)
    if day.after is not None:
        pain.append(PainScore(PainPhase.AFTER, day.after, end))
    return SessionRecord(
        id=session_id,
        started_at=start,
        ended_at=end,
        status=day.status,
        end_reason=EndReason.FINISHED if day.status is SessionStatus.COMPLETED else EndReason.QUIT,
        routine=Routine(items),
        planned_s=1000.0,
        results=tuple(results),
        pain=tuple(pain),
    )


def daily(first: float, count: int) -> list[Day]:
    """`count` good sessions a day apart, from day `first`."""
    return [Day(first + n) for n in range(count)]
