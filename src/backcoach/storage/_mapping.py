"""Rows to domain records and back: the one place that knows both shapes."""

from __future__ import annotations

from typing import Any

from backcoach.catalog import ExerciseId
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
from backcoach.storage._models import ExerciseResultRow, PainScoreRow, ScreeningRow, SessionRow


def session_record(row: SessionRow) -> SessionRecord:
    """The domain record of a session row, with its results (by position) and pain scores."""
    return SessionRecord(
        id=row.id,
        started_at=row.started_at,
        ended_at=row.ended_at,
        status=SessionStatus(row.status),
        end_reason=None if row.end_reason is None else EndReason(row.end_reason),
        routine=Routine.from_list(row.routine),
        planned_s=row.planned_s,
        results=tuple(result_record(r) for r in row.results),
        pain=tuple(pain_record(p) for p in row.pain),
    )


def result_record(row: ExerciseResultRow) -> ExerciseResult:
    return ExerciseResult(
        exercise_id=ExerciseId(row.exercise_id),
        position=row.position,
        reps_planned=row.reps_planned,
        reps_done=row.reps_done,
        hold_planned_s=row.hold_planned_s,
        holds_s=tuple(float(h) for h in row.holds_s),
        skipped=row.skipped,
        painful=row.painful,
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


def pain_record(row: PainScoreRow) -> PainScore:
    return PainScore(
        phase=PainPhase(row.phase),
        score=row.score,
        at=row.at,
        exercise_id=None if row.exercise_id is None else ExerciseId(row.exercise_id),
    )


def pain_row(session_id: int | None, score: PainScore) -> PainScoreRow:
    return PainScoreRow(
        session_id=session_id,
        phase=score.phase.value,
        score=score.score,
        at=score.at,
        exercise_id=None if score.exercise_id is None else score.exercise_id.value,
    )


def screening_record(row: ScreeningRow) -> ScreeningRecord:
    return ScreeningRecord(
        id=row.id,
        taken_at=row.taken_at,
        answers={str(k): bool(v) for k, v in row.answers.items()},
        passed=row.passed,
    )
