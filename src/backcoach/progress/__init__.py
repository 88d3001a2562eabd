"""Progress over stored sessions (pure domain): adherence, streaks, pain trend."""

from backcoach.progress._summary import (
    PainPoint,
    ProgressSummary,
    WeekCount,
    current_streak,
    longest_streak,
    sessions_per_week,
    summarize,
)

__all__ = [
    "PainPoint",
    "ProgressSummary",
    "WeekCount",
    "current_streak",
    "longest_streak",
    "sessions_per_week",
    "summarize",
]
