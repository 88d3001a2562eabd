"""`build_report`: every section's figures from the hand-made history (see `_history.py`), the
period's edges, and sections that say so when their kind of record is not kept."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, timedelta, timezone
from pathlib import Path

import pytest

from backcoach.catalog import ExerciseId, load_catalog
from backcoach.outcomes import Direction, InstrumentId
from backcoach.program import Action, Dosage
from backcoach.report import ReportData, build_report
from backcoach.routine import Routine, ScreeningRecord, SessionRecord, SessionStatus, item_for
from backcoach.storage import Store, open_store
from tests.report._history import (
    ANALYSES,
    BACK_REASON,
    TODAY,
    WEEKS,
    Session,
    on,
    write_session,
)

CATALOG = load_catalog()


def test_the_period_is_whole_weeks_up_to_today(data: ReportData) -> None:
    period = data.header.period
    assert (period.start, period.end, period.days) == (date(2024, 6, 3), TODAY, 24)
    assert period.start.weekday() == 0
    assert data.header.first_session == on(date(2024, 5, 20))
    assert data.header.screen is not None and data.header.screen.passed


def test_adherence(data: ReportData) -> None:
    a = data.adherence
    # Eight sessions in the period (the one of 20 May is before it): six completed, one
    # stopped in the bird dog, one abandoned before a rep.
    assert (a.sessions, a.completed, a.stopped, a.abandoned) == (8, 6, 1, 1)
    assert a.completion_rate == pytest.approx(0.75)
    assert a.per_week == pytest.approx(8 / 24 * 7)
    assert a.streak_days == 2  # 24 and 25 June, none yet on the 26th
    assert a.longest_streak_days == 2
    assert [w.sessions for w in a.weeks] == [3, 2, 1, 2]
    reps_done = sum(e.reps_done for e in a.exercises)
    reps_planned = sum(e.reps_planned for e in a.exercises)
    assert (reps_done, reps_planned) == (408, 426)
    assert a.rep_completion_rate == pytest.approx(408 / 426)
    by_id = {e.exercise_id: e for e in a.exercises}
    bird = by_id[ExerciseId.BIRD_DOG]
    assert (bird.sessions, bird.reps_done, bird.reps_planned) == (7, 102, 112)
    assert by_id[ExerciseId.GLUTE_BRIDGE].painful == 1
    assert by_id[ExerciseId.PELVIC_TILT].painful == 1
    assert by_id[ExerciseId.WALL_SIT].hold_mean_s == pytest.approx(5.0)
    early = [
        (e.session_id, e.status, e.stopped_at, e.reps_done, e.reps_planned) for e in a.ended_early
    ]
    assert early == [
        (5, SessionStatus.STOPPED, "Bird dog", 36, 46),
        (6, SessionStatus.ABANDONED, "Partial crunch", 0, 8),
    ]


def test_pain(data: ReportData) -> None:
    p = data.pain
    assert [(s.session_id, s.before, s.after) for s in p.sessions] == [
        (2, 4, 3),
        (3, 4, 3),
        (4, 3, 4),
        (5, 5, 5),
        (7, 2, 2),
        (8, 2, 1),
        (9, 2, 1),
    ]
    assert p.before_mean == pytest.approx(22 / 7)
    assert p.after_mean == pytest.approx(19 / 7)
    assert p.trend_per_week is not None and p.trend_per_week < 0
    # The first three scores before sessions against the last three: 3.7 -> 2.0, 45% less.
    assert p.change is not None
    assert (p.change.before, p.change.after) == (pytest.approx(11 / 3), pytest.approx(2.0))
    assert p.change.important and p.change.direction is Direction.BETTER
    assert [(e.session_id, e.exercise_id, e.score) for e in p.events] == [
        (4, ExerciseId.GLUTE_BRIDGE, 6),
        (7, ExerciseId.PELVIC_TILT, None),
    ]
    assert p.checkins_recorded
    assert [(c.pain, c.session_id, c.session_before, c.note) for c in p.checkins] == [
        (5, 4, 3, "stiff getting up"),
        (1, 8, 2, None),
    ]
    assert p.checkin_mean == pytest.approx(3.0)


def test_questionnaires_with_bands_and_important_changes(data: ReportData) -> None:
    q = data.questionnaires
    assert q.recorded and "paraphrased" in q.note
    odi, rmdq = q.trends
    assert odi.instrument is InstrumentId.ODI and rmdq.instrument is InstrumentId.RMDQ
    # The last ODI before the period is shown as the starting point.
    assert [(r.score, r.band, r.baseline, r.important) for r in odi.rows] == [
        (40.0, "moderate", True, False),
        (34.0, "moderate", False, False),
        (22.0, "moderate", False, True),
    ]
    assert [r.delta for r in odi.rows] == [None, pytest.approx(-6.0), pytest.approx(-12.0)]
    assert odi.change is not None and odi.change.delta == pytest.approx(-18.0)
    assert odi.change.important
    assert [(r.score_text, r.band, r.important) for r in rmdq.rows] == [
        ("9/24", None, False),
        ("4/24", None, True),
    ]


def test_progression_steps_with_reasons_and_dosage_now(data: ReportData) -> None:
    pr = data.progression
    assert pr.recorded
    # The starting points were recorded on 20 May, before the period: not steps of it.
    assert [(s.at.date(), s.exercise_id, s.action, s.change) for s in pr.steps] == [
        (date(2024, 6, 5), ExerciseId.GLUTE_BRIDGE, Action.PROGRESS, "reps 8 → 9"),
        (date(2024, 6, 10), ExerciseId.GLUTE_BRIDGE, Action.STEP_BACK, "reps 9 → 8"),
        (date(2024, 6, 24), ExerciseId.PARTIAL_CRUNCH, Action.PROGRESS, "reps 8 → 9"),
    ]
    assert pr.steps[1].reason == BACK_REASON
    assert (pr.ups, pr.downs) == (2, 1)
    now = {d.exercise_id: d for d in pr.dosage}
    assert now[ExerciseId.PARTIAL_CRUNCH].dosage == "9 × 1 s"
    assert now[ExerciseId.PARTIAL_CRUNCH].source == "program, since 24 Jun 2024"
    assert now[ExerciseId.BIRD_DOG].dosage == "8 per leg × 5 s"


def test_the_users_own_dosage_is_shown_as_theirs(story: Store) -> None:
    def routine_for(program: dict[ExerciseId, Dosage]) -> Routine:
        items = []
        for ex in CATALOG:
            dose = program.get(ex.id) or Dosage(ex.reps.min, ex.hold_s.min)
            reps = 12 if ex.id is ExerciseId.WALL_SIT else dose.reps
            items.append(item_for(ex, reps=reps, hold_s=dose.hold_s))
        return Routine(tuple(items))

    data = build_report(story, TODAY, weeks=WEEKS, tz=UTC, routine_for=routine_for)
    now = {d.exercise_id: d for d in data.progression.dosage}
    assert (now[ExerciseId.WALL_SIT].dosage, now[ExerciseId.WALL_SIT].source) == (
        "12 × 5 s",
        "own setting",
    )
    assert now[ExerciseId.PARTIAL_CRUNCH].dosage == "9 × 1 s"


def test_running_load_against_pain(data: ReportData) -> None:
    r = data.running
    assert r.recorded
    assert [w.start for w in r.weeks] == [date(2024, 6, 3) + timedelta(weeks=n) for n in range(4)]
    assert [w.km for w in r.weeks] == pytest.approx([20.0, 30.0, 25.0, 12.0])
    assert [w.runs for w in r.weeks] == [2, 3, 2, 1]
    # 30 km after two weeks of 20 is 50% up: flagged; the others are not.
    assert [w.flagged for w in r.weeks] == [False, True, False, False]
    assert [w.pain_before_mean for w in r.weeks] == [
        pytest.approx(11 / 3),
        5.0,
        2.0,
        2.0,
    ]
    assert (r.runs, r.km, r.flagged) == (8, pytest.approx(87.0), 1)


def test_form_summary_from_analysis_documents(data: ReportData) -> None:
    f = data.form
    assert f.recorded and f.unreadable == 1
    # Catalog order; the glute bridge set of 20 May is before the period and left out.
    bird, bridge = f.exercises
    assert (bird.exercise_id, bird.analyses, bird.reps, bird.reps_with_faults) == (
        ExerciseId.BIRD_DOG,
        1,
        16,
        0,
    )
    assert bird.faults == ()
    assert (bridge.analyses, bridge.reps, bridge.reps_with_faults) == (1, 8, 3)
    assert [(c.code, c.reps) for c in bridge.faults] == [("hips_too_low", 3), ("hold_too_short", 1)]
    assert bridge.faults[0].words == "hips short of full extension"
    assert bridge.hold_mean_s == pytest.approx((7 * 6.0 + 4.5) / 8)
    assert bridge.hold_prescribed_s == 6.0


def test_analyses_from_the_store_when_none_are_given(story: Store) -> None:
    """A store that keeps analyses is read through its `analyses()`."""

    class WithAnalyses:
        def __init__(self, store: Store) -> None:
            self._store = store

        def __getattr__(self, name: str) -> object:
            return getattr(self._store, name)

        def analyses(self) -> list[dict[str, object]]:
            return [ANALYSES[1]]

    data = build_report(WithAnalyses(story), TODAY, weeks=WEEKS, tz=UTC)
    assert [e.exercise_id for e in data.form.exercises] == [ExerciseId.BIRD_DOG]
    own = build_report(story, TODAY, weeks=WEEKS, tz=UTC).form
    assert own.recorded and own.exercises == ()


class SessionsOnly:
    """A store from before check-ins, questionnaires, progression, runs and analyses."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def sessions(self) -> Sequence[SessionRecord]:
        return self._store.sessions()

    def screenings(self) -> Sequence[ScreeningRecord]:
        return self._store.screenings()


def test_sections_say_when_their_records_are_not_kept(story: Store) -> None:
    data = build_report(SessionsOnly(story), TODAY, weeks=WEEKS, tz=UTC)
    assert data.adherence.sessions == 8
    assert not data.pain.checkins_recorded and data.pain.checkins == ()
    assert data.pain.before_mean == pytest.approx(22 / 7)
    assert not data.questionnaires.recorded
    assert not data.progression.recorded and data.progression.steps == ()
    # Without a program, every exercise is at its starting point.
    assert data.progression.dosage[0].source == "program (start)"
    assert not data.running.recorded and not data.form.recorded


def test_an_empty_store(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path / 'empty.db'}") as store:
        data = build_report(store, TODAY, weeks=2, tz=UTC)
    assert data.adherence.sessions == 0 and data.adherence.exercises == ()
    assert data.pain.sessions == () and data.pain.change is None
    assert data.questionnaires.recorded and data.questionnaires.trends == ()
    assert data.progression.recorded and data.progression.steps == ()
    assert data.running.recorded and data.running.runs == 0
    assert data.header.screen is None and data.header.first_session is None


@pytest.mark.parametrize(
    ("hour_utc", "tz", "counted"),
    [
        (23, UTC, False),  # Sunday 2 June in UTC: the day before the period
        (23, timezone(timedelta(hours=2)), True),  # already Monday 3 June at home
        (1, UTC, True),
        (1, timezone(timedelta(hours=-5)), False),  # still Sunday evening at home
    ],
)
def test_days_are_taken_in_the_users_time_zone(
    tmp_path: Path, hour_utc: int, tz: timezone, counted: bool
) -> None:
    day = date(2024, 6, 2) if hour_utc == 23 else date(2024, 6, 3)
    with open_store(f"sqlite:///{tmp_path / 'tz.db'}") as store:
        write_session(store, Session(day, 3, 2, hour=hour_utc))
        data = build_report(store, TODAY, weeks=WEEKS, tz=tz)
    assert data.adherence.sessions == (1 if counted else 0)
    assert len(data.pain.sessions) == (1 if counted else 0)


def test_a_report_covers_at_least_a_week(story: Store) -> None:
    with pytest.raises(ValueError, match="at least 1 week"):
        build_report(story, TODAY, weeks=0)


GOOD = ANALYSES[1]


@pytest.mark.parametrize(
    "document",
    [
        ["not", "a", "mapping"],
        {**GOOD, "version": 2},
        {**GOOD, "exercise": "plank"},
        {**GOOD, "reps": -1},
        {**GOOD, "reps": True},
        {**GOOD, "rep_details": "none"},
        {**GOOD, "rep_details": [{"index": 1}]},
        {**GOOD, "rep_details": [{"faults": "hips_too_low"}]},
        {**GOOD, "analysed_at": "2024-06-10T10:00:00"},  # no time zone
        {k: v for k, v in GOOD.items() if k != "reps"},
    ],
)
def test_documents_outside_the_analysis_format_are_counted_and_left_out(
    story: Store, document: object
) -> None:
    data = build_report(story, TODAY, weeks=WEEKS, tz=UTC, analyses=[GOOD, document])
    assert data.form.unreadable == 1
    assert [e.reps for e in data.form.exercises] == [16]
