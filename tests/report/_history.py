"""Synthetic histories written into a real store, the way the app records them.

`write_story` writes one small, hand-made history whose every figure is known (the tests assert
them); `write_months` writes a long, varied one (`benchmarks/report_build.py`).
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from backcoach.catalog import ExerciseId, load_catalog
from backcoach.outcomes import respond
from backcoach.program import START_REASON, CheckIn, Dosage, DosageChange, Rule, review
from backcoach.routine import (
    EndReason,
    ExerciseResult,
    PainPhase,
    PainScore,
    Routine,
    SessionStatus,
    item_for,
    reps_total,
)
from backcoach.running import Run, SourceKind
from backcoach.storage import Store

CATALOG = load_catalog()
TODAY = date(2024, 6, 26)  # a Wednesday
WEEKS = 4  # the period: Monday 3 June to Wednesday 26 June 2024, 24 days


def on(day: date, hour: int = 18, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


def d(month: int, day: int) -> date:
    return date(2024, month, day)


def routine(dosage: Mapping[ExerciseId, Dosage] | None = None) -> Routine:
    items = []
    for ex in CATALOG:
        dose = (dosage or {}).get(ex.id)
        items.append(
            item_for(
                ex,
                reps=dose.reps if dose else ex.reps.min,
                hold_s=dose.hold_s if dose else ex.hold_s.min,
            )
        )
    return Routine(tuple(items))


@dataclass(frozen=True)
class Session:
    """One session and how it went (default: every exercise done in full)."""

    day: date
    before: int | None
    after: int | None
    status: SessionStatus = SessionStatus.COMPLETED
    reason: EndReason = EndReason.FINISHED
    during: Mapping[ExerciseId, int | None] = field(default_factory=dict)
    """Exercises marked painful, with the score given (None: marked without a score)."""
    reached: int | None = None
    """For a session ended early: how many exercises were started."""
    last_done: int = 0
    """Reps done in the last exercise started, when the session ended early."""
    dosage: Mapping[ExerciseId, Dosage] | None = None
    hour: int = 18
    """The hour (UTC) it starts at."""


def write_session(store: Store, s: Session) -> int:
    plan = routine(s.dosage)
    start = on(s.day, s.hour)
    sid = store.start_session(plan, 900.0, start, pid=1, host="test")
    if s.before is not None:
        store.add_pain(sid, PainScore(PainPhase.BEFORE, s.before, start))
    reached = len(plan.items) if s.reached is None else s.reached
    for position, item in enumerate(plan.items[:reached]):
        ex = CATALOG.get(item.exercise_id)
        total = reps_total(ex, item)
        done = total if position < reached - 1 or s.reached is None else s.last_done
        at = start + timedelta(minutes=2 * position + 1)
        store.save_result(
            sid,
            ExerciseResult(
                exercise_id=item.exercise_id,
                position=position,
                reps_planned=total,
                reps_done=done,
                hold_planned_s=item.hold_s,
                holds_s=(item.hold_s,) * done,
                painful=item.exercise_id in s.during,
            ),
        )
        score = s.during.get(item.exercise_id)
        if score is not None:
            store.add_pain(sid, PainScore(PainPhase.DURING, score, at, item.exercise_id))
    end = start + timedelta(minutes=20)
    if s.after is not None:
        store.add_pain(sid, PainScore(PainPhase.AFTER, s.after, end))
    store.finish_session(sid, s.status, s.reason, end)
    return sid


# -- the story ----------------------------------------------------------------------------------

GB, PC = ExerciseId.GLUTE_BRIDGE, ExerciseId.PARTIAL_CRUNCH

STORY = (
    Session(d(5, 20), 5, 4),  # before the period
    Session(d(6, 3), 4, 3),
    Session(d(6, 5), 4, 3),
    Session(d(6, 7), 3, 4, during={GB: 6}),
    Session(
        d(6, 10), 5, 5, SessionStatus.STOPPED, EndReason.QUIT, reached=5, last_done=6
    ),  # stopped in the bird dog, 6 of its 16 reps done
    Session(d(6, 12), None, None, SessionStatus.ABANDONED, EndReason.QUIT, reached=1, last_done=0),
    Session(d(6, 17), 2, 2, during={ExerciseId.PELVIC_TILT: None}),
    Session(d(6, 24), 2, 1),
    Session(d(6, 25), 2, 1),
)
"""Sessions 1-9 (1 is before the period)."""


def odi(total: int) -> list[int]:
    """Ten ODI answers adding up to `total` (each 0-5)."""
    answers = [total // 10] * 10
    for n in range(total % 10):
        answers[n] += 1
    return answers


def analysis(
    exercise: str,
    holds: Sequence[float],
    faults: Mapping[int, Sequence[str]] = {},
    *,
    hold_s: float = 6.0,
    at: datetime | None = None,
) -> dict[str, Any]:
    """An analysis document (format v1) with a rep per hold; `faults` by rep index (from 1)."""
    reps = [
        {
            "index": n,
            "side": None,
            "start_s": 12.0 * n,
            "end_s": 12.0 * n + hold + 3,
            "hold_s": hold,
            "peak": {"signal": "hip_angle", "value": 170.0},
            "faults": list(faults.get(n, ())),
        }
        for n, hold in enumerate(holds, start=1)
    ]
    counts: dict[str, int] = {}
    for rep in reps:
        for code in rep["faults"]:  # type: ignore[attr-defined]
            counts[code] = counts.get(code, 0) + 1
    doc: dict[str, Any] = {
        "version": 1,
        "exercise": exercise,
        "prescribed": {"hold_s": hold_s, "rest_s": 10.0},
        "reps": len(reps),
        "sides": None,
        "rep_details": reps,
        "faults": counts,
        "warnings": [],
        "quality": {"frames": 900, "frames_with_pose": 880, "side_used": "left"},
    }
    if at is not None:
        doc["analysed_at"] = at.isoformat()
    return doc


ANALYSES = (
    analysis(
        "glute_bridge",
        [6.0, 6.0, 6.0, 6.0, 4.5, 6.0, 6.0, 6.0],
        {2: ["hips_too_low"], 5: ["hips_too_low", "hold_too_short"], 7: ["hips_too_low"]},
        at=on(d(6, 17), 18, 30),
    ),
    analysis("bird_dog", [5.0] * 16, hold_s=5.0),
    analysis("glute_bridge", [2.0] * 8, {1: ["hips_too_low"]}, at=on(d(5, 20))),  # before
    {"version": 1, "exercise": "not_an_exercise", "reps": 1, "rep_details": []},
)
"""The motion coach's analyses: glute bridge 8 reps (3 with a fault), a clean bird dog set,
one set before the period and one unreadable document."""


def change(
    exercise: ExerciseId,
    day: date,
    old: tuple[int, float],
    new: tuple[int, float],
    rule: Rule,
    reason: str,
    session_id: int | None,
) -> DosageChange:
    return DosageChange(
        exercise_id=exercise,
        old_reps=old[0],
        new_reps=new[0],
        old_hold_s=old[1],
        new_hold_s=new[1],
        rule=rule,
        reason=reason,
        at=on(day, 17, 59),
        session_id=session_id,
    )


UP_REASON = "Two good sessions in a row: one step up."
BACK_REASON = "The glute bridge hurt above 5/10: one step back."


def write_story(store: Store) -> None:
    """The hand-made history (see the tests for every figure it gives)."""
    store.save_screening(on(d(5, 20), 17), {"night_pain": False, "numbness": False}, passed=True)
    for s in STORY:
        write_session(store, s)
    starts = [
        change(
            ex.id,
            d(5, 20),
            (ex.reps.min, ex.hold_s.min),
            (ex.reps.min, ex.hold_s.min),
            Rule.START,
            START_REASON,
            None,
        )
        for ex in CATALOG
    ]
    store.add_dosage_changes(starts)
    store.add_dosage_changes(
        [
            change(GB, d(6, 5), (8, 6.0), (9, 6.0), Rule.PROGRESS, UP_REASON, 3),
            change(GB, d(6, 10), (9, 6.0), (8, 6.0), Rule.STEP_BACK_PAIN, BACK_REASON, 4),
            change(PC, d(6, 24), (8, 1.0), (9, 1.0), Rule.PROGRESS, UP_REASON, 7),
        ]
    )
    store.add_checkin(CheckIn(on(d(5, 21), 7), 4, session_id=1))  # before the period
    store.add_checkin(CheckIn(on(d(6, 8), 7), 5, session_id=4, note="stiff getting up"))
    store.add_checkin(CheckIn(on(d(6, 25), 7), 1, session_id=8))
    for day, total in ((d(5, 20), 20), (d(6, 5), 17), (d(6, 24), 11)):
        store.add_questionnaire(respond("odi", odi(total), on(day, 19)))
    for day, yes in ((d(6, 4), 9), (d(6, 25), 4)):
        store.add_questionnaire(respond("rmdq", [1] * yes + [0] * (24 - yes), on(day, 19)))
    runs = []
    for monday, distances in (
        (d(5, 20), (10, 10)),
        (d(5, 27), (10, 10)),
        (d(6, 3), (10, 10)),
        (d(6, 10), (10, 10, 10)),
        (d(6, 17), (12.5, 12.5)),
        (d(6, 24), (12,)),
    ):
        for n, km in enumerate(distances):
            start = on(monday + timedelta(days=2 * n), 7)
            runs.append(Run(start, km * 330, km * 1000, "running", SourceKind.GPX, f"run{n}.gpx"))
    store.add_runs(runs)


# -- a long history -----------------------------------------------------------------------------


def write_months(store: Store, sessions: int, today: date, seed: int = 1) -> None:
    """About `sessions` sessions (one most days) up to `today`, the program deciding each
    session's dosage from the history so far, with check-ins, questionnaires every two weeks and
    three runs a week."""
    rng = random.Random(seed)
    first = today - timedelta(days=int(sessions * 1.25))
    store.save_screening(on(first, 17), {"night_pain": False}, passed=True)
    day, written, pain = first, 0, 5.0
    while written < sessions and day <= today:
        if rng.random() < 0.8:
            now = on(day)
            decided = review(
                store.sessions(), store.checkins(), store.dosage_changes(), CATALOG, now
            )
            if decided.to_store:
                store.add_dosage_changes(decided.to_store)
            pain = max(0.0, min(9.0, pain + rng.uniform(-0.6, 0.45)))
            before = round(pain)
            roll = rng.random()
            hurt = {rng.choice(list(ExerciseId)): rng.choice([4, 5, 6, None])} if roll < 0.1 else {}
            status = SessionStatus.STOPPED if roll > 0.95 else SessionStatus.COMPLETED
            sid = write_session(
                store,
                Session(
                    day,
                    before,
                    max(0, before + rng.choice([-1, 0, 0, 1])),
                    status,
                    EndReason.FINISHED if status is SessionStatus.COMPLETED else EndReason.QUIT,
                    during=hurt,
                    reached=4 if status is SessionStatus.STOPPED else None,
                    last_done=3,
                    dosage=decided.dosage,
                ),
            )
            if rng.random() < 0.6:
                morning = max(0, before + rng.choice([-1, 0, 0, 1]))
                store.add_checkin(CheckIn(on(day + timedelta(days=1), 7), morning, session_id=sid))
            written += 1
        if (day - first).days % 14 == 0:
            odi_total = max(0, min(50, round(pain * 4 + rng.uniform(-2, 2))))
            store.add_questionnaire(respond("odi", odi(odi_total), on(day, 20)))
            yes = max(0, min(24, round(pain * 2)))
            store.add_questionnaire(respond("rmdq", [1] * yes + [0] * (24 - yes), on(day, 20)))
        if day.weekday() in (1, 3, 5):
            km = rng.uniform(5, 12) * (1.5 if day.weekday() == 5 else 1)
            store.add_runs(
                [Run(on(day, 7), km * 330, km * 1000, "running", SourceKind.GPX, "x.gpx")]
            )
        day += timedelta(days=1)
