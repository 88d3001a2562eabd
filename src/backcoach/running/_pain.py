"""Pain set against running load, week by week (pure functions)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, tzinfo

from backcoach.routine import PainPhase, SessionRecord
from backcoach.running._load import WeekLoad, monday, weekly_load
from backcoach.running._run import Run


@dataclass(frozen=True, slots=True)
class LoadPainWeek:
    """One week's running next to the pain the user reported before that week's sessions."""

    load: WeekLoad
    pain_before_mean: float | None
    """The mean pain-before score of the week's sessions; None when none was given."""
    pain_scores: int
    """How many pain-before scores the mean is over."""

    @property
    def start(self) -> date:
        return self.load.start


def pain_vs_load(
    runs: Iterable[Run],
    sessions: Iterable[SessionRecord],
    today: date,
    *,
    weeks: int = 8,
    tz: tzinfo | None = None,
) -> tuple[LoadPainWeek, ...]:
    """Weekly distance and the mean pain before sessions, for the last `weeks` weeks."""
    loads = weekly_load(runs, today, weeks=weeks, tz=tz)
    scores: dict[date, list[int]] = {w.start: [] for w in loads}
    for record in sessions:
        score = record.pain_at(PainPhase.BEFORE)
        day = record.started_at.astimezone(tz).date()
        week = monday(day)
        if score is not None and week in scores and day <= today:
            scores[week].append(score)
    return tuple(
        LoadPainWeek(
            load=w,
            pain_before_mean=sum(scores[w.start]) / len(scores[w.start])
            if scores[w.start]
            else None,
            pain_scores=len(scores[w.start]),
        )
        for w in loads
    )
