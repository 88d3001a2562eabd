"""Rows to domain records and back: the one place that knows both shapes.

A row comes in as a plain mapping of column name to value, already in Python terms (UTC-aware
datetimes, decoded JSON, bools), so the same functions serve the ORM (`Base.as_mapping`) and the
read-only sqlite3 reader (`_read`). Records go out as the column values to write. No SQLAlchemy
here: the reader must not load it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from backcoach.catalog import ExerciseId
from backcoach.program import CheckIn, DifficultyRating, DosageChange, Rule
from backcoach.routine import (
    EndReason,
    ExerciseResult,
    PainPhase,
    PainScore,
    Routine,
    ScreeningRecord,
    SessionRecord,
    SessionStatus,
)
from backcoach.storage._utc import utc

Row = Mapping[str, Any]
"""One row's column values, by column name."""


def session_record(row: Row, results: Iterable[Row], pain: Iterable[Row]) -> SessionRecord:
    """The domain record of a session row, with its result rows (by position) and pain rows."""
    return SessionRecord(
        id=row["id"],
        started_at=row["started_at"],
        ended_at=row["ended_at"],
        status=SessionStatus(row["status"]),
        end_reason=None if row["end_reason"] is None else EndReason(row["end_reason"]),
        routine=Routine.from_list(row["routine"]),
        planned_s=row["planned_s"],
        results=tuple(result_record(r) for r in results),
        pain=tuple(pain_record(p) for p in pain),
    )


def result_record(row: Row) -> ExerciseResult:
    return ExerciseResult(
        exercise_id=ExerciseId(row["exercise_id"]),
        position=row["position"],
        reps_planned=row["reps_planned"],
        reps_done=row["reps_done"],
        hold_planned_s=row["hold_planned_s"],
        holds_s=tuple(float(h) for h in row["holds_s"]),
        skipped=row["skipped"],
        painful=row["painful"],
    )


def result_values(result: ExerciseResult) -> dict[str, Any]:
    """The columns of an exercise result row (all but its id and session), for insert or update."""
    return {
        "position": result.position,
        "exercise_id": result.exercise_id.value,
        "reps_planned": result.reps_planned,
        "reps_done": result.reps_done,
        "hold_planned_s": float(result.hold_planned_s),
        "holds_s": [float(h) for h in result.holds_s],
        "skipped": result.skipped,
        "painful": result.painful,
    }


def pain_record(row: Row) -> PainScore:
    return PainScore(
        phase=PainPhase(row["phase"]),
        score=row["score"],
        at=row["at"],
        exercise_id=None if row["exercise_id"] is None else ExerciseId(row["exercise_id"]),
    )


def pain_values(session_id: int | None, score: PainScore) -> dict[str, Any]:
    """The columns of a pain score row (all but its id)."""
    return {
        "session_id": session_id,
        "phase": score.phase.value,
        "score": score.score,
        "at": score.at,
        "exercise_id": None if score.exercise_id is None else score.exercise_id.value,
    }


def screening_record(row: Row) -> ScreeningRecord:
    return ScreeningRecord(
        id=row["id"],
        taken_at=row["taken_at"],
        answers={str(k): bool(v) for k, v in row["answers"].items()},
        passed=row["passed"],
    )


def checkin_record(row: Row) -> CheckIn:
    return CheckIn(
        at=row["at"], pain=row["pain"], session_id=row["session_id"], note=row["note"], id=row["id"]
    )


def checkin_values(checkin: CheckIn) -> dict[str, Any]:
    """The columns of a check-in row (all but its id)."""
    return {
        "at": utc(checkin.at),
        "pain": checkin.pain,
        "session_id": checkin.session_id,
        "note": checkin.note,
    }


def rating_record(row: Row) -> DifficultyRating:
    return DifficultyRating(row["rating"])


def change_record(row: Row) -> DosageChange:
    return DosageChange(
        exercise_id=ExerciseId(row["exercise_id"]),
        old_reps=row["old_reps"],
        new_reps=row["new_reps"],
        old_hold_s=row["old_hold_s"],
        new_hold_s=row["new_hold_s"],
        rule=Rule(row["rule"]),
        reason=row["reason"],
        at=row["at"],
        session_id=row["session_id"],
        id=row["id"],
    )


def change_values(change: DosageChange) -> dict[str, Any]:
    """The columns of a dosage change row (all but its id)."""
    return {
        "at": utc(change.at),
        "exercise_id": change.exercise_id.value,
        "old_reps": change.old_reps,
        "new_reps": change.new_reps,
        "old_hold_s": float(change.old_hold_s),
        "new_hold_s": float(change.new_hold_s),
        "rule": change.rule.value,
        "reason": change.reason,
        "session_id": change.session_id,
    }
