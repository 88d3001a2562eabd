"""Domain records to the API's public shapes."""

from __future__ import annotations

from backcoach.catalog import Catalog, Exercise
from backcoach.program import CheckIn
from backcoach.progress import ProgressSummary
from backcoach.routine import (
    ExerciseResult,
    PainPhase,
    PainScore,
    ScreeningRecord,
    SessionRecord,
    Timeline,
)
from backcoach.safety import PainAdvice, assess_screen
from backcoach.web._schemas import (
    CheckInPublic,
    ExercisePublic,
    ExerciseResultPublic,
    FiguresPublic,
    PainAdvicePublic,
    PainPointPublic,
    PainPublic,
    ProgressSummaryPublic,
    RangePublic,
    RoutineItemPublic,
    ScreeningPublic,
    SessionPublic,
    SpanPublic,
    StepPublic,
    TimelinePublic,
    WeekPublic,
)


def figure_url(exercise_id: str, pose: str) -> str:
    return f"/api/exercises/{exercise_id}/figures/{pose}.svg"


def exercise_public(exercise: Exercise) -> ExercisePublic:
    def rng(default: float, low: float, high: float) -> RangePublic:
        return RangePublic(default=default, min=low, max=high)

    e = exercise
    return ExercisePublic(
        id=e.id.value,
        name=e.name,
        summary=e.summary,
        sides=e.sides.value,
        side_part=e.side_part,
        unilateral=e.unilateral,
        reps=rng(e.reps.default, e.reps.min, e.reps.max),
        hold_s=rng(e.hold_s.default, e.hold_s.min, e.hold_s.max),
        rest_s=rng(e.rest_s.default, e.rest_s.min, e.rest_s.max),
        setup=list(e.setup),
        steps=list(e.steps),
        breathing=e.breathing,
        form_cues=list(e.form_cues),
        common_mistakes=list(e.common_mistakes),
        safety=list(e.safety),
        camera_view=e.camera_view,
        figures=FiguresPublic(
            start=figure_url(e.id.value, "start"), target=figure_url(e.id.value, "target")
        ),
    )


def timeline_public(timeline: Timeline, get_ready_s: float) -> TimelinePublic:
    return TimelinePublic(
        total_s=timeline.total_s,
        get_ready_s=get_ready_s,
        exercises=[
            SpanPublic(
                position=s.position,
                exercise_id=s.exercise_id.value,
                name=s.name,
                reps=s.item.reps,
                hold_s=s.item.hold_s,
                rest_s=s.item.rest_s,
                reps_total=s.reps_total,
                first_step=s.first_step,
                last_step=s.last_step,
                start_s=s.start_s,
                duration_s=s.duration_s,
            )
            for s in timeline.exercises
        ],
        steps=[
            StepPublic(
                index=s.index,
                kind=s.kind.value,
                duration_s=s.duration_s,
                start_s=s.start_s,
                position=s.position,
                exercise_id=s.exercise_id.value,
                rep=s.rep,
                reps_total=s.reps_total,
                side=s.side.value if s.side else None,
                text=s.text,
                say=s.say,
                counted=s.counted,
            )
            for s in timeline.steps
        ],
    )


def result_public(result: ExerciseResult, catalog: Catalog) -> ExerciseResultPublic:
    return ExerciseResultPublic(
        position=result.position,
        exercise_id=result.exercise_id.value,
        name=catalog.get(result.exercise_id).name,
        reps_planned=result.reps_planned,
        reps_done=result.reps_done,
        hold_planned_s=result.hold_planned_s,
        holds_s=list(result.holds_s),
        skipped=result.skipped,
        painful=result.painful,
        complete=result.complete,
    )


def pain_public(score: PainScore) -> PainPublic:
    return PainPublic(
        phase=score.phase.value,
        score=score.score,
        at=score.at,
        exercise_id=score.exercise_id.value if score.exercise_id else None,
    )


def session_public(
    record: SessionRecord, catalog: Catalog, *, resumable: bool, difficulty: int | None = None
) -> SessionPublic:
    return SessionPublic(
        id=record.id,
        started_at=record.started_at,
        ended_at=record.ended_at,
        status=record.status.value,
        end_reason=record.end_reason.value if record.end_reason else None,
        planned_s=record.planned_s,
        reps_planned=record.reps_planned,
        reps_done=record.reps_done,
        pain_before=record.pain_at(PainPhase.BEFORE),
        pain_after=record.pain_at(PainPhase.AFTER),
        routine=[
            RoutineItemPublic(
                exercise_id=i.exercise_id.value, reps=i.reps, hold_s=i.hold_s, rest_s=i.rest_s
            )
            for i in record.routine.items
        ],
        results=[result_public(r, catalog) for r in record.results],
        pain=[pain_public(p) for p in record.pain],
        resumable=resumable,
        difficulty=difficulty,
    )


def checkin_public(checkin: CheckIn) -> CheckInPublic:
    return CheckInPublic(
        id=checkin.id or 0,
        at=checkin.at,
        pain=checkin.pain,
        session_id=checkin.session_id,
        note=checkin.note,
    )


def advice_public(advice: PainAdvice) -> PainAdvicePublic:
    return PainAdvicePublic(stop_exercise=advice.stop_exercise, message=advice.message)


def screening_public(record: ScreeningRecord) -> ScreeningPublic:
    outcome = assess_screen(record.answers)
    return ScreeningPublic(
        id=record.id,
        taken_at=record.taken_at,
        answers=dict(record.answers),
        passed=record.passed,
        urgent=[f.value for f in outcome.urgent],
        other=[f.value for f in outcome.other],
        advice=outcome.advice,
    )


def summary_public(s: ProgressSummary) -> ProgressSummaryPublic:
    return ProgressSummaryPublic(
        sessions=s.sessions,
        completed=s.completed,
        stopped=s.stopped,
        abandoned=s.abandoned,
        completion_rate=s.completion_rate,
        rep_completion_rate=s.rep_completion_rate,
        streak_days=s.streak_days,
        longest_streak_days=s.longest_streak_days,
        pain_before_mean=s.pain_before_mean,
        pain_after_mean=s.pain_after_mean,
        pain_trend_per_week=s.pain_trend_per_week,
        weeks=[WeekPublic(start=w.start, sessions=w.sessions) for w in s.weeks],
        pain=[
            PainPointPublic(session_id=p.session_id, at=p.at, before=p.before, after=p.after)
            for p in s.pain
        ],
    )
