"""`build_report`: the store's records over a period, assembled into `ReportData`."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

import backcoach
from backcoach.catalog import Catalog, ExerciseId, load_catalog
from backcoach.outcomes import (
    INSTRUMENTS,
    PARAPHRASE_NOTE,
    QuestionnaireResponse,
    compare,
    pain_change,
)
from backcoach.program import (
    Action,
    CheckIn,
    Dosage,
    DosageChange,
    describe,
    describe_move,
    start_dosage,
)
from backcoach.progress import current_streak, summarize
from backcoach.report._data import (
    Adherence,
    DosageNow,
    EndedEarly,
    ExerciseAdherence,
    Header,
    InstrumentTrend,
    MorningPain,
    Pain,
    PainEvent,
    Period,
    Progression,
    ProgressionStep,
    Questionnaires,
    ReportData,
    Running,
    RunWeek,
    ScoreRow,
    Screen,
)
from backcoach.report._form import form_summary
from backcoach.report._sources import RecordSource, Sources, read_sources
from backcoach.routine import (
    PainPhase,
    Routine,
    ScreeningRecord,
    SessionRecord,
    SessionStatus,
)
from backcoach.running import Run, pain_vs_load

Local = Callable[[datetime], datetime]

RoutineFor = Callable[[Mapping[ExerciseId, Dosage]], Routine]
"""Turns the program's dosage into the routine the user actually runs (their own settings on
top); see `backcoach.services.routine`."""


def build_report(
    store: RecordSource,
    today: date,
    *,
    weeks: int = 8,
    tz: tzinfo | None = None,
    now: datetime | None = None,
    routine_for: RoutineFor | None = None,
    analyses: Sequence[Mapping[str, Any]] | None = None,
    catalog: Catalog | None = None,
) -> ReportData:
    """Everything a report on the last `weeks` calendar weeks up to `today` shows.

    `store` is a `backcoach.storage.Store` (any object with `sessions()` and `screenings()`
    will do: a kind of record the store does not keep gives a section that says so). Days are
    taken in `tz` (None: the local time zone). `now` is the time the report is made (default:
    the clock). `routine_for` gives the dosage the user really runs where their own settings
    replace the program's. `analyses` are motion analyses (analysis format v1) to summarise;
    without them, the store's own are used if it keeps any.
    """
    if weeks < 1:
        raise ValueError(f"a report covers at least 1 week, not {weeks}")
    return assemble(
        read_sources(store, analyses),
        today,
        weeks=weeks,
        tz=tz,
        now=now or datetime.now(UTC),
        routine_for=routine_for,
        catalog=catalog or load_catalog(),
    )


def assemble(
    sources: Sources,
    today: date,
    *,
    weeks: int,
    tz: tzinfo | None,
    now: datetime,
    routine_for: RoutineFor | None,
    catalog: Catalog,
) -> ReportData:
    """`build_report` once the records are read (pure)."""
    this_monday = today - timedelta(days=today.weekday())
    period = Period(this_monday - timedelta(weeks=weeks - 1), today, weeks)

    def local(at: datetime) -> datetime:
        return at.astimezone(tz)

    ended = [r for r in sources.sessions if r.status is not SessionStatus.IN_PROGRESS]
    in_period = [r for r in ended if local(r.started_at).date() in period]
    return ReportData(
        header=Header(
            period=period,
            generated_at=local(now),
            version=backcoach.__version__,
            screen=_screen(sources.screenings, local),
            first_session=local(ended[0].started_at) if ended else None,
        ),
        adherence=_adherence(in_period, ended, today, period, tz, local, catalog),
        pain=_pain(in_period, sources.sessions, sources.checkins, period, local, catalog),
        questionnaires=_questionnaires(sources.questionnaires, period, local),
        progression=_progression(
            sources.changes, sources.dosage, routine_for, period, local, catalog
        ),
        running=_running(sources.runs, sources.sessions, today, weeks, tz),
        form=form_summary(sources.analyses, catalog, period, tz),
    )


def _screen(screenings: Sequence[ScreeningRecord], local: Local) -> Screen | None:
    if not screenings:
        return None
    last = max(screenings, key=lambda s: (s.taken_at, s.id))
    flags = tuple(key for key, yes in last.answers.items() if yes)
    return Screen(local(last.taken_at), last.passed, flags)


# -- adherence ----------------------------------------------------------------------------------


def _adherence(
    records: Sequence[SessionRecord],
    every: Sequence[SessionRecord],
    today: date,
    period: Period,
    tz: tzinfo | None,
    local: Local,
    catalog: Catalog,
) -> Adherence:
    summary = summarize(records, today, weeks=period.weeks, tz=tz)
    completed_days = {
        r.started_at.astimezone(tz).date() for r in every if r.status is SessionStatus.COMPLETED
    }
    return Adherence(
        sessions=summary.sessions,
        completed=summary.completed,
        stopped=summary.stopped,
        abandoned=summary.abandoned,
        completion_rate=summary.completion_rate,
        rep_completion_rate=summary.rep_completion_rate,
        per_week=summary.sessions / period.days * 7,
        streak_days=current_streak(completed_days, today),
        longest_streak_days=summary.longest_streak_days,
        weeks=summary.weeks,
        exercises=_per_exercise(records, catalog),
        ended_early=tuple(_ended_early(r, local, catalog) for r in records if _early(r)),
    )


def _per_exercise(
    records: Sequence[SessionRecord], catalog: Catalog
) -> tuple[ExerciseAdherence, ...]:
    rows = []
    for exercise in catalog:
        results = [res for r in records for res in r.results if res.exercise_id == exercise.id]
        if not results:
            continue
        holds = [h for res in results for h in res.holds_s]
        rows.append(
            ExerciseAdherence(
                exercise_id=exercise.id,
                name=exercise.name,
                sessions=len(results),
                reps_planned=sum(res.reps_planned for res in results),
                reps_done=sum(res.reps_done for res in results),
                skipped=sum(1 for res in results if res.skipped),
                painful=sum(1 for res in results if res.painful),
                hold_planned_s=results[-1].hold_planned_s,
                hold_mean_s=sum(holds) / len(holds) if holds else None,
            )
        )
    return tuple(rows)


def _early(record: SessionRecord) -> bool:
    return record.status in (SessionStatus.STOPPED, SessionStatus.ABANDONED)


def _ended_early(record: SessionRecord, local: Local, catalog: Catalog) -> EndedEarly:
    results = {res.position: res for res in record.results}
    stopped_at = None
    for position, item in enumerate(record.routine.items):
        res = results.get(position)
        if res is None or (not res.skipped and res.reps_done < res.reps_planned):
            stopped_at = catalog.get(item.exercise_id).name
            break
    return EndedEarly(
        session_id=record.id,
        started_at=local(record.started_at),
        status=record.status,
        reason=record.end_reason,
        reps_done=record.reps_done,
        reps_planned=record.reps_planned,
        stopped_at=stopped_at,
        pain_after=record.pain_at(PainPhase.AFTER),
    )


# -- pain ---------------------------------------------------------------------------------------


def _pain(
    records: Sequence[SessionRecord],
    every: Sequence[SessionRecord],
    checkins: Sequence[CheckIn] | None,
    period: Period,
    local: Local,
    catalog: Catalog,
) -> Pain:
    summary = summarize(records, period.end, weeks=1)
    points = tuple(
        replace(p, at=local(p.at))
        for p in summary.pain
        if p.before is not None or p.after is not None
    )
    befores = [p.before for p in points if p.before is not None]
    by_id = {r.id: r for r in every}
    shown = [c for c in checkins or () if local(c.at).date() in period]
    return Pain(
        sessions=points,
        before_mean=summary.pain_before_mean,
        after_mean=summary.pain_after_mean,
        trend_per_week=summary.pain_trend_per_week,
        change=pain_change(befores),
        events=tuple(e for r in records for e in _events(r, local, catalog)),
        checkins_recorded=checkins is not None,
        checkins=tuple(
            MorningPain(
                at=local(c.at),
                pain=c.pain,
                session_id=c.session_id,
                session_before=(
                    by_id[c.session_id].pain_at(PainPhase.BEFORE) if c.session_id in by_id else None
                ),
                note=c.note,
            )
            for c in shown
        ),
        checkin_mean=sum(c.pain for c in shown) / len(shown) if shown else None,
    )


def _events(record: SessionRecord, local: Local, catalog: Catalog) -> list[PainEvent]:
    events = [
        PainEvent(local(p.at), record.id, p.exercise_id, catalog.get(p.exercise_id).name, p.score)
        for p in record.pain
        if p.phase is PainPhase.DURING and p.exercise_id is not None
    ]
    scored = {e.exercise_id for e in events}
    at = local(record.ended_at or record.started_at)
    events += [
        PainEvent(at, record.id, res.exercise_id, catalog.get(res.exercise_id).name, None)
        for res in record.results
        if res.painful and res.exercise_id not in scored
    ]
    return sorted(events, key=lambda e: e.at)


# -- questionnaires ----------------------------------------------------------------------------


def _questionnaires(
    responses: Sequence[QuestionnaireResponse] | None,
    period: Period,
    local: Local,
) -> Questionnaires:
    if responses is None:
        return Questionnaires(recorded=False, trends=(), note=PARAPHRASE_NOTE)

    def day(at: datetime) -> date:
        return local(at).date()

    trends = []
    for which in INSTRUMENTS.values():
        mine = sorted(
            (r for r in responses if r.instrument is which.id and day(r.taken_at) <= period.end),
            key=lambda r: r.taken_at,
        )
        before = [r for r in mine if day(r.taken_at) < period.start]
        shown = before[-1:] + [r for r in mine if day(r.taken_at) in period]
        if not shown:
            continue
        rows = []
        for n, response in enumerate(shown):
            change = compare(shown[n - 1], response) if n else None
            rows.append(
                ScoreRow(
                    taken_at=local(response.taken_at),
                    score=response.score,
                    score_text=response.score_text,
                    band=response.band.label if response.band else None,
                    delta=change.delta if change else None,
                    important=bool(change and change.important),
                    baseline=day(response.taken_at) < period.start,
                )
            )
        trends.append(
            InstrumentTrend(
                instrument=which.id,
                name=which.name,
                short_name=which.short_name,
                max_score=which.max_score,
                important_change=which.important_change,
                rows=tuple(rows),
                change=compare(shown[0], shown[-1]) if len(shown) > 1 else None,
            )
        )
    return Questionnaires(recorded=True, trends=tuple(trends), note=PARAPHRASE_NOTE)


# -- progression -------------------------------------------------------------------------------


def _progression(
    changes: Sequence[DosageChange] | None,
    program: Mapping[ExerciseId, Dosage] | None,
    routine_for: RoutineFor | None,
    period: Period,
    local: Local,
    catalog: Catalog,
) -> Progression:
    program = dict(program or {})
    since = {c.exercise_id: c.at for c in changes or ()}
    routine = routine_for(program) if routine_for is not None else None
    items = {i.exercise_id: i for i in routine.items} if routine is not None else {}
    dosage = []
    for exercise in catalog:
        planned = program.get(exercise.id) or start_dosage(exercise)
        item = items.get(exercise.id)
        now = Dosage(item.reps, item.hold_s) if item is not None else planned
        if now != planned:
            source = "own setting"
        elif exercise.id in since:
            source = f"program, since {local(since[exercise.id]):%d %b %Y}"
        else:
            source = "program (start)"
        reps = exercise.reps
        reps_range = f"{reps.min}" if reps.min == reps.max else f"{reps.min}-{reps.max}"
        dosage.append(
            DosageNow(
                exercise_id=exercise.id,
                name=exercise.name,
                dosage=describe(exercise, now),
                range=f"{reps_range} × {exercise.hold_s.min:g}-{exercise.hold_s.max:g} s",
                source=source,
            )
        )
    steps = []
    for c in sorted(changes or (), key=lambda c: c.at):
        if local(c.at).date() not in period or not (c.changed or c.action is Action.START):
            continue
        exercise = catalog.get(c.exercise_id)
        what = (
            f"start at {describe(exercise, c.new)}"
            if c.action is Action.START
            else describe_move(exercise, c.old, c.new)
        )
        steps.append(
            ProgressionStep(
                local(c.at), c.exercise_id, exercise.name, c.action, what, c.reason, c.session_id
            )
        )
    return Progression(recorded=changes is not None, dosage=tuple(dosage), steps=tuple(steps))


# -- running -----------------------------------------------------------------------------------


def _running(
    runs: Sequence[Run] | None,
    sessions: Sequence[SessionRecord],
    today: date,
    weeks: int,
    tz: tzinfo | None,
) -> Running:
    if runs is None:
        return Running(recorded=False, weeks=())
    rows = pain_vs_load(runs, sessions, today, weeks=weeks, tz=tz)
    return Running(
        recorded=True,
        weeks=tuple(
            RunWeek(
                start=w.start,
                km=w.load.distance_m / 1000,
                runs=w.load.runs,
                change=w.load.change,
                flagged=w.load.flagged,
                pain_before_mean=w.pain_before_mean,
            )
            for w in rows
        ),
    )
