"""Runs (pure domain): the run record, weekly load and its ramp flag, easy and rest days, and
pain set against running load. Reading run files is `backcoach.runfiles`' job."""

from backcoach.running._days import (
    EASY_FALLBACK_M,
    EASY_FRACTION,
    USUAL_MIN_RUNS,
    USUAL_WINDOW_DAYS,
    DayAdvice,
    DayKind,
    advice_to_dict,
    advise,
    describe,
)
from backcoach.running._load import (
    RAMP_LIMIT,
    WeekLoad,
    load_to_dict,
    local_day,
    monday,
    week_load,
    weekly_load,
)
from backcoach.running._pain import LoadPainWeek, pain_vs_load
from backcoach.running._run import (
    UNSPECIFIED_SPORT,
    Run,
    SourceKind,
    counts_as_run,
    fingerprint,
    normalize_sport,
    run_to_dict,
)

__all__ = [
    "EASY_FALLBACK_M",
    "EASY_FRACTION",
    "RAMP_LIMIT",
    "UNSPECIFIED_SPORT",
    "USUAL_MIN_RUNS",
    "USUAL_WINDOW_DAYS",
    "DayAdvice",
    "DayKind",
    "LoadPainWeek",
    "Run",
    "SourceKind",
    "WeekLoad",
    "advice_to_dict",
    "advise",
    "counts_as_run",
    "describe",
    "fingerprint",
    "load_to_dict",
    "local_day",
    "monday",
    "normalize_sport",
    "pain_vs_load",
    "run_to_dict",
    "week_load",
    "weekly_load",
]
