"""Progress: adherence, streaks and the pain trend over synthetic histories."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from backcoach.catalog import ExerciseId
from backcoach.progress import current_streak, longest_streak, sessions_per_week, summarize
from backcoach.routine import (
    ExerciseResult,
    PainPhase,
    PainScore,
    Routine,
    SessionRecord,
    SessionStatus,
)

TODAY = date(2026, 12, 1)  # a Tuesday


def record(
    n: int,
    day: date,
    status: SessionStatus,
    before: int | None = None,
    after: int | None = None,
    done: int = 8,
    planned: int = 8,
) -> SessionRecord:
    at = datetime(day.year, day.month, day.day, 8, 0, tzinfo=UTC)
    pain = []
    if before is not None:
        pain.append(PainScore(PainPhase.BEFORE, before, at))
    if after is not None:
        pain.append(PainScore(PainPhase.AFTER, after, at + timedelta(minutes=20)))
    result = ExerciseResult(ExerciseId.GLUTE_BRIDGE, 0, planned, done, 6.0, (6.0,) * done)
    return SessionRecord(
        n, at, at + timedelta(minutes=20), status, None, Routine(()), 1200.0, (result,), tuple(pain)
    )


def test_no_sessions() -> None:
    summary = summarize([], TODAY, tz=UTC)
    assert summary.sessions == 0 and summary.completion_rate == 0
    assert summary.pain_trend_per_week is None and len(summary.weeks) == 8


def test_counts_rates_and_pain_means() -> None:
    records = [
        record(1, TODAY - timedelta(days=2), SessionStatus.COMPLETED, before=6, after=4),
        record(2, TODAY - timedelta(days=1), SessionStatus.STOPPED, before=5, after=4, done=4),
        record(3, TODAY, SessionStatus.COMPLETED, before=4, after=2),
        record(4, TODAY, SessionStatus.ABANDONED, before=3, done=0),
    ]
    s = summarize(records, TODAY, tz=UTC)
    assert (s.sessions, s.completed, s.stopped, s.abandoned) == (4, 2, 1, 1)
    assert s.completion_rate == pytest.approx(0.5)
    assert s.rep_completion_rate == pytest.approx((8 + 4 + 8 + 0) / 32)
    assert s.pain_before_mean == pytest.approx(4.5)
    assert s.pain_after_mean == pytest.approx(10 / 3)
    assert s.pain_trend_per_week is not None and s.pain_trend_per_week < 0


def test_in_progress_sessions_are_not_counted() -> None:
    s = summarize([record(1, TODAY, SessionStatus.IN_PROGRESS)], TODAY, tz=UTC)
    assert s.sessions == 0


@pytest.mark.parametrize(
    ("offsets", "current", "longest"),
    [
        ([], 0, 0),
        ([0], 1, 1),
        ([1], 1, 1),  # yesterday still counts until today is over
        ([2], 0, 1),
        ([0, 1, 2, 4, 5, 6, 7], 3, 4),
        ([1, 2, 3], 3, 3),
    ],
)
def test_streaks(offsets: list[int], current: int, longest: int) -> None:
    days = {TODAY - timedelta(days=o) for o in offsets}
    assert current_streak(days, TODAY) == current
    assert longest_streak(days) == longest


def test_only_completed_sessions_make_a_streak() -> None:
    records = [record(1, TODAY, SessionStatus.STOPPED, done=3)]
    assert summarize(records, TODAY, tz=UTC).streak_days == 0


def test_sessions_per_week_start_on_monday_and_skip_a_missed_week() -> None:
    days = [TODAY, TODAY - timedelta(days=1), TODAY - timedelta(days=14)]
    weeks = sessions_per_week(days, TODAY, 3)
    assert [w.start for w in weeks] == [date(2026, 11, 16), date(2026, 11, 23), date(2026, 11, 30)]
    assert [w.sessions for w in weeks] == [1, 0, 2]


def test_pain_trend_in_points_per_week() -> None:
    records = [
        record(n, TODAY - timedelta(days=14 - 7 * n), SessionStatus.COMPLETED, before=6 - n)
        for n in range(3)
    ]
    s = summarize(records, TODAY, tz=UTC)
    assert s.pain_trend_per_week == pytest.approx(-1.0)
