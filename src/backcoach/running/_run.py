"""One run as backcoach keeps it: when, how long, how far, and where it came from."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

UNSPECIFIED_SPORT = "unspecified"
"""The sport of a file that does not say (a plain GPX track): taken to be a run."""


class SourceKind(StrEnum):
    GPX = "gpx"
    TCX = "tcx"
    FIT = "fit"
    STRAVA_CSV = "strava_csv"
    """A row of a Strava export's activities.csv with no activity file (entered by hand)."""


def normalize_sport(name: str | None) -> str:
    """A sport name as stored: lower case, words joined by `_` ("Trail Run" -> "trail_run")."""
    if name is None or not name.strip():
        return UNSPECIFIED_SPORT
    return "_".join(name.strip().lower().replace("-", " ").split())


def counts_as_run(sport: str) -> bool:
    """Whether an activity of this (normalised) sport is a run: running, trail or treadmill
    running, a virtual run, or a file that names no sport."""
    return sport == UNSPECIFIED_SPORT or "run" in sport


def fingerprint(started_at: datetime) -> str:
    """The identity of a run: its start, in UTC, to the minute.

    The same run reaches backcoach in several shapes (the watch's FIT, Strava's GPX of it, the
    export zip holding both) whose distances differ with the way each one measures; its start
    does not. One person does not start two runs within the same minute.
    """
    return "run@" + started_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")


@dataclass(frozen=True, slots=True)
class Run:
    """A run: its start (stored in UTC), elapsed time, distance, sport and source.

    Checked at construction: the start must be timezone-aware, the duration positive and the
    distance zero or more (a treadmill run without a foot pod has none).
    """

    started_at: datetime
    duration_s: float
    distance_m: float
    sport: str = UNSPECIFIED_SPORT
    source_kind: SourceKind = SourceKind.GPX
    source_name: str = ""

    def __post_init__(self) -> None:
        if self.started_at.tzinfo is None or self.started_at.utcoffset() is None:
            raise ValueError(f"a run's start needs a time zone: {self.started_at.isoformat()}")
        object.__setattr__(self, "started_at", self.started_at.astimezone(UTC))
        if not (math.isfinite(self.duration_s) and self.duration_s > 0):
            raise ValueError(f"a run's duration must be positive, not {self.duration_s!r} s")
        if not (math.isfinite(self.distance_m) and self.distance_m >= 0):
            raise ValueError(f"a run's distance cannot be negative, not {self.distance_m!r} m")

    @property
    def fingerprint(self) -> str:
        """See `fingerprint`: runs with the same one are the same run."""
        return fingerprint(self.started_at)

    @property
    def pace_s_per_km(self) -> float | None:
        """Seconds per kilometre, or None for a run with no distance."""
        return self.duration_s / (self.distance_m / 1000) if self.distance_m > 0 else None


def run_to_dict(run: Run) -> dict[str, object]:
    """A run as plain JSON-ready data."""
    return {
        "started_at": run.started_at.isoformat(),
        "duration_s": run.duration_s,
        "distance_m": run.distance_m,
        "sport": run.sport,
        "source_kind": run.source_kind.value,
        "source_name": run.source_name,
        "fingerprint": run.fingerprint,
    }
