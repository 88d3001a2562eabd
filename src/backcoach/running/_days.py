"""What kind of day today is for running, and whether it is a day for the routine."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo
from enum import StrEnum

from backcoach.running._load import local_day, weekly_load
from backcoach.running._run import Run

EASY_FRACTION = 0.6
"""A day whose running is under this fraction of the usual run is an easy day."""
USUAL_WINDOW_DAYS = 56
"""The usual run is the median of the runs in the eight weeks before the day."""
USUAL_MIN_RUNS = 3
"""Fewer runs than this in the window: no usual run yet, `EASY_FALLBACK_M` decides."""
EASY_FALLBACK_M = 5000.0
"""Without a usual run to compare with, a day under 5 km is an easy day."""


class DayKind(StrEnum):
    REST = "rest"
    """No run recorded that day."""
    EASY = "easy"
    """Running that day was short next to the usual run."""
    HARD = "hard"
    """A usual-length or longer run: a hard or long day."""


@dataclass(frozen=True, slots=True)
class DayAdvice:
    """A day's running and whether to do the routine on it."""

    day: date
    kind: DayKind
    distance_m: float
    """The distance run that day (all runs together)."""
    runs: int
    usual_m: float | None
    """The median run of the eight weeks before; None with fewer than three runs then."""
    week_flagged: bool
    """Whether the week so far ramps up too fast (see `WeekLoad.flagged`)."""

    @property
    def do_routine(self) -> bool:
        """The routine goes on rest and easy days; hard days already load the back."""
        return self.kind is not DayKind.HARD


def advise(runs: Iterable[Run], day: date, *, tz: tzinfo | None = None) -> DayAdvice:
    """Classify `day` from the runs recorded: rest, easy or hard, and whether to do the routine.

    A day with no run is a rest day. A day whose running adds up to less than 60% of the usual
    run (the median run of the 56 days before it, once there are at least three) is an easy
    day; before there is a usual run, a day under 5 km is. Anything else is a hard or long day.
    Dates are taken in `tz` (None: the local time zone).
    """
    runs = list(runs)
    that_day = [r for r in runs if local_day(r, tz) == day]
    window_start = day - timedelta(days=USUAL_WINDOW_DAYS)
    earlier = [r.distance_m for r in runs if window_start <= local_day(r, tz) < day]
    usual = statistics.median(earlier) if len(earlier) >= USUAL_MIN_RUNS else None
    distance = sum(r.distance_m for r in that_day)
    if not that_day:
        kind = DayKind.REST
    elif usual is not None:
        kind = DayKind.EASY if distance < EASY_FRACTION * usual else DayKind.HARD
    else:
        kind = DayKind.EASY if distance < EASY_FALLBACK_M else DayKind.HARD
    week = weekly_load(runs, day, weeks=1, tz=tz)[-1]
    return DayAdvice(
        day=day,
        kind=kind,
        distance_m=distance,
        runs=len(that_day),
        usual_m=usual,
        week_flagged=week.flagged,
    )


def describe(advice: DayAdvice) -> str:
    """The advice in one line, for a person."""
    a = advice
    km = f"{a.distance_m / 1000:.1f} km"
    if a.kind is DayKind.REST:
        line = "Rest day (no run recorded): a good day for the routine - do it today."
    elif a.kind is DayKind.EASY:
        against = (
            f"under 60% of your usual {a.usual_m / 1000:.1f} km"
            if a.usual_m is not None
            else "a short run"
        )
        line = f"Easy day ({km}, {against}): do the routine today."
    else:
        line = f"Hard or long day ({km}): skip the routine today and keep it for an easy day."
    if a.week_flagged:
        line += " Your running this week is over 30% above the two weeks before: ease off."
    return line


def advice_to_dict(advice: DayAdvice) -> dict[str, object]:
    """The advice as plain JSON-ready data."""
    return {
        "day": advice.day.isoformat(),
        "kind": advice.kind.value,
        "distance_m": advice.distance_m,
        "runs": advice.runs,
        "usual_m": advice.usual_m,
        "week_flagged": advice.week_flagged,
        "do_routine": advice.do_routine,
        "message": describe(advice),
    }
