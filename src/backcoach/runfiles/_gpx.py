"""GPX (GPS Exchange Format 1.0/1.1) tracks to runs, with gpxpy."""

from __future__ import annotations

from backcoach.runfiles._common import RunFileError, as_utc, first_line
from backcoach.running import Run, SourceKind, normalize_sport

# Strava's older GPX files give the activity type as a number; 9 is a run.
_NUMBERED_SPORTS = {"1": "cycling", "9": "running", "10": "walking"}


def parse_gpx(data: bytes, name: str) -> list[Run]:
    """One run per track that has timed points: its first to last time, its 2D length.

    A GPX file gives times in UTC; one without a zone is read as UTC. A track with no times is
    a drawn route, not a recording, and is passed over; a file with none at all is an error.
    """
    import gpxpy
    import gpxpy.gpx

    try:
        gpx = gpxpy.parse(data)
    except Exception as exc:  # gpxpy raises GPXException, or ValueError on bad numbers
        raise RunFileError(f"{name}: not a valid GPX file ({first_line(exc)})") from exc
    runs = []
    for track in gpx.tracks:
        bounds = track.get_time_bounds()
        if bounds.start_time is None or bounds.end_time is None:
            continue
        start, end = as_utc(bounds.start_time), as_utc(bounds.end_time)
        seconds = (end - start).total_seconds()
        if seconds <= 0:
            raise RunFileError(f"{name}: the track has a single moment in time, not a run")
        sport = _NUMBERED_SPORTS.get((track.type or "").strip(), track.type)
        runs.append(
            Run(
                started_at=start,
                duration_s=seconds,
                distance_m=float(track.length_2d()),
                sport=normalize_sport(sport),
                source_kind=SourceKind.GPX,
                source_name=name,
            )
        )
    if not runs:
        raise RunFileError(f"{name}: no timed track points (a planned route, not a recorded run?)")
    return runs
