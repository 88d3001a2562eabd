"""TCX (Garmin Training Center XML) activities to runs, with tcxreader."""

from __future__ import annotations

import io

from backcoach.runfiles._common import RunFileError, as_utc, first_line
from backcoach.running import Run, SourceKind, normalize_sport


def parse_tcx(data: bytes, name: str) -> list[Run]:
    """The file's activity as one run: first to last trackpoint, the laps' distance.

    Trackpoints without a position are kept (a treadmill run has none). The distance is the sum
    of the laps' DistanceMeters, or the last trackpoint's distance when the laps give none.
    """
    from tcxreader.tcxreader import TCXReader

    try:
        # tcxreader hands its argument to ElementTree, which reads a file object as well.
        exercise = TCXReader().read(io.BytesIO(data), only_gps=False)
    except Exception as exc:  # ElementTree's ParseError, or KeyError/ValueError on bad fields
        raise RunFileError(f"{name}: not a valid TCX file ({first_line(exc)})") from exc
    times = [tp.time for tp in exercise.trackpoints if tp.time is not None]
    if not times:
        raise RunFileError(f"{name}: the TCX file has no timed trackpoints")
    start, end = as_utc(min(times)), as_utc(max(times))
    seconds = (end - start).total_seconds()
    if seconds <= 0:
        raise RunFileError(f"{name}: the activity has a single moment in time, not a run")
    distance = float(exercise.distance or 0.0)
    if distance <= 0:
        distances = [tp.distance for tp in exercise.trackpoints if tp.distance is not None]
        distance = float(max(distances)) if distances else 0.0
    return [
        Run(
            started_at=start,
            duration_s=seconds,
            distance_m=distance,
            sport=normalize_sport(exercise.activity_type),
            source_kind=SourceKind.TCX,
            source_name=name,
        )
    ]
