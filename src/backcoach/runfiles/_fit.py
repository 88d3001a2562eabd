"""FIT (Garmin Flexible and Interoperable data Transfer) activities to runs, with fitdecode."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from backcoach.runfiles._common import RunFileError, as_utc, first_line
from backcoach.running import Run, SourceKind, normalize_sport

_SHORTEST_HEADER = 12


@dataclass
class _Seen:
    file_type: Any = None
    sessions: list[Any] = field(default_factory=list)
    times: list[datetime] = field(default_factory=list)
    distances: list[float] = field(default_factory=list)


def parse_fit(data: bytes, name: str) -> list[Run]:
    """One run per session message (start, elapsed time, distance, sport).

    Every checksum is verified: a truncated or damaged file is refused whole. A file without
    session messages (some apps write none) becomes one run from its first to its last record.
    """
    import fitdecode

    if len(data) < _SHORTEST_HEADER:
        raise RunFileError(f"{name}: the FIT file is truncated (only {len(data)} bytes)")
    seen = _Seen()
    try:
        with fitdecode.FitReader(
            io.BytesIO(data),
            check_crc=fitdecode.CrcCheck.RAISE,
            error_handling=fitdecode.ErrorHandling.RAISE,
        ) as fit:
            for frame in fit:
                if frame.frame_type == fitdecode.FIT_FRAME_DATA:
                    _collect(frame, seen)
    except fitdecode.FitEOFError as exc:
        raise RunFileError(f"{name}: the FIT file is truncated ({first_line(exc)})") from exc
    except fitdecode.FitCRCError as exc:
        raise RunFileError(
            f"{name}: the FIT file is damaged (its checksum does not match)"
        ) from exc
    except Exception as exc:  # FitHeaderError, FitParseError, or a field of the wrong size
        raise RunFileError(f"{name}: not a valid FIT file ({first_line(exc)})") from exc

    if seen.file_type not in (None, "activity"):
        raise RunFileError(f"{name}: a FIT {seen.file_type} file, not a recorded activity")
    runs = [run for s in seen.sessions if (run := _session_run(s, seen, name)) is not None]
    if not runs and len(seen.times) >= 2:
        start, end = min(seen.times), max(seen.times)
        if end > start:
            runs.append(
                Run(
                    started_at=start,
                    duration_s=(end - start).total_seconds(),
                    distance_m=max(seen.distances, default=0.0),
                    source_kind=SourceKind.FIT,
                    source_name=name,
                )
            )
    if not runs:
        raise RunFileError(f"{name}: the FIT file holds no timed activity")
    return runs


def _collect(frame: Any, seen: _Seen) -> None:
    if frame.name == "file_id" and frame.has_field("type"):
        seen.file_type = frame.get_value("type")
    elif frame.name == "session":
        seen.sessions.append(frame)
    elif frame.name == "record":
        at = _value(frame, "timestamp")
        if isinstance(at, datetime):
            seen.times.append(as_utc(at))
        distance = _value(frame, "distance")
        if isinstance(distance, int | float):
            seen.distances.append(float(distance))


def _session_run(session: Any, seen: _Seen, name: str) -> Run | None:
    start = _value(session, "start_time")
    if not isinstance(start, datetime):
        start = min(seen.times, default=None)
    seconds = _value(session, "total_elapsed_time")
    if not isinstance(seconds, int | float):
        seconds = _value(session, "total_timer_time")
    if start is None or not isinstance(seconds, int | float) or seconds <= 0:
        return None
    distance = _value(session, "total_distance")
    return Run(
        started_at=as_utc(start),
        duration_s=float(seconds),
        distance_m=float(distance) if isinstance(distance, int | float) else 0.0,
        sport=_sport(_value(session, "sport")),
        source_kind=SourceKind.FIT,
        source_name=name,
    )


def _sport(value: Any) -> str:
    if value is None or isinstance(value, str):
        return normalize_sport(value)
    # A number is a sport newer than fitdecode's profile, so not running, which it knows.
    return normalize_sport(f"fit_sport_{value}")


def _value(frame: Any, field_name: str) -> Any:
    return frame.get_value(field_name, fallback=None)
