"""Progress over the stored sessions: adherence, streaks and the pain trend (pure functions)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from backcoach.routine import PainPhase, SessionRecord, SessionStatus


@dataclass(frozen=True, slots=True)
class WeekCount:
    start: date
    """The Monday the week starts on."""
    sessions: int


@dataclass(frozen=True, slots=True)
class PainPoint:
    session_id: int
    at: datetime
    before: int | None
    after: int | None


@dataclass(frozen=True, slots=True)
class ProgressSummary:
    sessions: int
    completed: int
    stopped: int
    abandoned: int
    completion_rate: float
    """Completed sessions over all ended sessions."""
    rep_completion_rate: float
    """Reps done over reps planned, over all ended sessions."""
    streak_days: int
    """Days in a row, up to today (or yesterday), with a completed session."""
    longest_streak_days: int
    pain_before_mean: float | None
    pain_after_mean: float | None
    pain_trend_per_week: float | None
    """Least-squares slope of the pain before sessions, in points per week (None: too few)."""
    weeks: tuple[WeekCount, ...]
    pain: tuple[PainPoint, ...]


def summarize(
    records: Sequence[SessionRecord], today: date, *, weeks: int = 8, tz: tzinfo | None = None
) -> ProgressSummary:
    """Summarise sessions as of `today`; dates are taken in `tz` (None: the local time zone)."""
    ended = [r for r in records if r.status is not SessionStatus.IN_PROGRESS]
    counts = {status: sum(1 for r in ended if r.status is status) for status in SessionStatus}
    planned = sum(r.reps_planned for r in ended)
    done = sum(r.reps_done for r in ended)

    def local_day(r: SessionRecord) -> date:
        return r.started_at.astimezone(tz).date()

    completed_days = {local_day(r) for r in ended if r.status is SessionStatus.COMPLETED}
    pain = tuple(
        PainPoint(r.id, r.started_at, r.pain_at(PainPhase.BEFORE), r.pain_at(PainPhase.AFTER))
        for r in ended
    )
    befores = [p.before for p in pain if p.before is not None]
    afters = [p.after for p in pain if p.after is not None]
    return ProgressSummary(
        sessions=len(ended),
        completed=counts[SessionStatus.COMPLETED],
        stopped=counts[SessionStatus.STOPPED],
        abandoned=counts[SessionStatus.ABANDONED],
        completion_rate=counts[SessionStatus.COMPLETED] / len(ended) if ended else 0.0,
        rep_completion_rate=done / planned if planned else 0.0,
        streak_days=current_streak(completed_days, today),
        longest_streak_days=longest_streak(completed_days),
        pain_before_mean=sum(befores) / len(befores) if befores else None,
        pain_after_mean=sum(afters) / len(afters) if afters else None,
        pain_trend_per_week=_trend_per_week(
            [(p.at, p.before) for p in pain if p.before is not None]
        ),
        weeks=sessions_per_week([local_day(r) for r in ended], today, weeks),
        pain=pain,
    )


def current_streak(days: set[date], today: date) -> int:
    """Consecutive days with a session ending today, or yesterday if today has none yet."""
    day = today if today in days else today - timedelta(days=1)
    streak = 0
    while day in days:
        streak += 1
        day -= timedelta(days=1)
    return streak


def longest_streak(days: set[date]) -> int:
    best = 0
    for day in days:
        if day - timedelta(days=1) in days:
            continue
        length = 1
        while day + timedelta(days=length) in days:
            length += 1
        best = max(best, length)
    return best


def sessions_per_week(days: Sequence[date], today: date, weeks: int) -> tuple[WeekCount, ...]:
    """Sessions in each of the last `weeks` calendar weeks (Monday first), oldest first."""
    this_monday = today - timedelta(days=today.weekday())
    starts = [this_monday - timedelta(weeks=w) for w in range(weeks - 1, -1, -1)]
    counts = dict.fromkeys(starts, 0)
    for day in days:
        monday = day - timedelta(days=day.weekday())
        if monday in counts:
            counts[monday] += 1
    return tuple(WeekCount(start, counts[start]) for start in starts)


def _trend_per_week(points: Sequence[tuple[datetime, int]]) -> float | None:
    if len(points) < 3:
        return None
    origin = points[0][0]
    xs = [(at - origin).total_seconds() / (7 * 86400) for at, _ in points]
    ys = [float(v) for _, v in points]
    if max(xs) - min(xs) < 1 / 7:  # less than a day apart: no trend to speak of
        return None
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
