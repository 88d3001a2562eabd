"""Weekly running load, week-over-week change and the ramp flag (pure functions).

Weeks are calendar weeks starting on Monday, in the user's time zone (`tz`; None: the local
one), like the session counts in `backcoach.progress`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo

from backcoach.running._run import Run

RAMP_LIMIT = 0.30
"""The rise in weekly distance that is flagged: see `WeekLoad.flagged`."""

_TOLERANCE_M = 1e-6  # a rise of exactly 30% is not "over 30%", whatever the float rounding


@dataclass(frozen=True, slots=True)
class WeekLoad:
    """The running of one calendar week, compared with the weeks before it."""

    start: date
    """The Monday the week starts on."""
    distance_m: float
    duration_s: float
    runs: int
    change: float | None
    """Week over week: this week's distance over last week's, minus 1 (+0.25 is 25% more);
    None when last week had no distance."""
    baseline_m: float | None
    """The mean distance of the two weeks before this one; None when both were empty or
    either came before the record's first run."""
    ramp: float | None
    """This week's distance over `baseline_m`, minus 1; None without a baseline."""

    @property
    def flagged(self) -> bool:
        """Whether the week ramps up too fast: more than 30% above the mean of the two weeks
        before it (this week > 1.3 x (last week + the week before) / 2).

        Against two weeks rather than one, so that a rise spread over two weeks is caught (10,
        12, 15 km: the third week is 36% above the mean of the two before it, though each step
        is under 30%) and a somewhat lighter week is not turned into a false alarm (20, 14, 20
        km: 43% over last week, 18% over the mean: not flagged). Exactly 30% is not flagged.
        A week after two empty ones has no baseline and is not flagged: there is nothing to
        compare it with; nor is a week less than two weeks after the first run recorded. The
        current week counts as far as it has gone: it can only grow, so a flag raised mid-week
        stands.
        """
        if self.baseline_m is None:
            return False
        return self.distance_m - self.baseline_m * (1 + RAMP_LIMIT) > _TOLERANCE_M


def monday(day: date) -> date:
    """The Monday of the week `day` is in."""
    return day - timedelta(days=day.weekday())


def local_day(run: Run, tz: tzinfo | None) -> date:
    """The date a run started on, in `tz` (None: the local time zone)."""
    return run.started_at.astimezone(tz).date()


def weekly_load(
    runs: Iterable[Run], today: date, *, weeks: int = 8, tz: tzinfo | None = None
) -> tuple[WeekLoad, ...]:
    """The last `weeks` calendar weeks up to the one holding `today`, oldest first.

    The two weeks before the first one shown are read too, so that every week shown has its
    change and flag. Runs after `today` are left out. The record starts with the first run
    given: weeks before it are unknown rather than empty, so they give no change and no
    baseline (the first weeks of an import are not flagged for rising from nothing). Give
    every run stored, not a window, for the weeks after a real break to count as empty.
    """
    if weeks < 1:
        raise ValueError(f"weeks must be at least 1, not {weeks}")
    last = monday(today)
    starts = [last - timedelta(weeks=w) for w in range(weeks + 1, -1, -1)]
    distance = dict.fromkeys(starts, 0.0)
    duration = dict.fromkeys(starts, 0.0)
    count = dict.fromkeys(starts, 0)
    first: date | None = None
    for run in runs:
        day = local_day(run, tz)
        first = day if first is None else min(first, day)
        week = monday(day)
        if week in count and day <= today:
            distance[week] += run.distance_m
            duration[week] += run.duration_s
            count[week] += 1
    known = {w: first is not None and w >= monday(first) for w in starts}
    loads = []
    for i in range(2, len(starts)):
        week, previous, before = starts[i], starts[i - 1], starts[i - 2]
        loads.append(
            week_load(
                week,
                distance[week],
                duration[week],
                count[week],
                distance[previous] if known[previous] else None,
                distance[before] if known[before] else None,
            )
        )
    return tuple(loads)


def week_load(
    start: date,
    distance_m: float,
    duration_s: float,
    runs: int,
    previous_m: float | None,
    before_previous_m: float | None,
) -> WeekLoad:
    """One week's load, its change over last week's distance `previous_m` and its ramp over the
    mean of the two weeks before; a week before the record started is None (unknown)."""
    change = distance_m / previous_m - 1 if previous_m else None
    baseline = (
        (previous_m + before_previous_m) / 2
        if previous_m is not None and before_previous_m is not None
        else 0.0
    )
    return WeekLoad(
        start=start,
        distance_m=distance_m,
        duration_s=duration_s,
        runs=runs,
        change=change,
        baseline_m=baseline if baseline > 0 else None,
        ramp=distance_m / baseline - 1 if baseline > 0 else None,
    )


def load_to_dict(week: WeekLoad) -> dict[str, object]:
    """A week's load as plain JSON-ready data."""
    return {
        "start": week.start.isoformat(),
        "distance_m": week.distance_m,
        "duration_s": week.duration_s,
        "runs": week.runs,
        "change": week.change,
        "baseline_m": week.baseline_m,
        "ramp": week.ramp,
        "flagged": week.flagged,
    }
