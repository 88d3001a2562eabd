"""Run files in their real formats, written by the tests: GPX 1.1 and TCX (Training Center
Database v2) XML, FIT binaries (see `_fitwriter`), gzip'd copies and Strava export zips."""

from __future__ import annotations

import csv
import gzip
import io
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

START = datetime(2024, 5, 6, 6, 30, tzinfo=UTC)
LAT_PER_KM = 1 / 111.195  # degrees of latitude to one kilometre along a meridian


def _iso(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def gpx(
    start: datetime = START,
    km: float = 5.0,
    minutes: float = 30.0,
    *,
    sport: str | None = "running",
    points: int = 11,
    tracks: int = 1,
    timed: bool = True,
) -> bytes:
    """A GPX 1.1 file: `tracks` tracks (an hour apart) of `points` points due north."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gpx version="1.1" creator="backcoach tests" xmlns="http://www.topografix.com/GPX/1/1">'
    ]
    for t in range(tracks):
        began = start + timedelta(hours=t)
        kind = f"<type>{sport}</type>" if sport is not None else ""
        parts.append(f"<trk><name>Run {t + 1}</name>{kind}<trkseg>")
        for i in range(points):
            f = i / (points - 1) if points > 1 else 0.0
            when = f"<time>{_iso(began + timedelta(minutes=minutes * f))}</time>" if timed else ""
            parts.append(
                f'<trkpt lat="{48.85 + km * f * LAT_PER_KM:.7f}" lon="2.35">'
                f"<ele>35.0</ele>{when}</trkpt>"
            )
        parts.append("</trkseg></trk>")
    parts.append("</gpx>\n")
    return "\n".join(parts).encode()


def tcx(
    start: datetime = START,
    km: float = 8.0,
    minutes: float = 45.0,
    *,
    sport: str | None = "Running",
    points: int = 10,
    laps: int = 2,
    positions: bool = True,
) -> bytes:
    """A TCX activity of `laps` laps, each giving its DistanceMeters and its trackpoints."""
    ns = (
        'xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2" '
        'xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2"'
    )
    sport_attr = f' Sport="{sport}"' if sport is not None else ""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f"<TrainingCenterDatabase {ns}><Activities><Activity{sport_attr}>",
        f"<Id>{_iso(start)}</Id>",
    ]
    per_lap = points // laps
    for lap in range(laps):
        lap_start = start + timedelta(minutes=minutes * lap / laps)
        parts.append(
            f'<Lap StartTime="{_iso(lap_start)}"><TotalTimeSeconds>{minutes * 60 / laps:.1f}'
            f"</TotalTimeSeconds><DistanceMeters>{km * 1000 / laps:.1f}</DistanceMeters>"
            "<Calories>200</Calories><Intensity>Active</Intensity>"
            "<TriggerMethod>Manual</TriggerMethod><Track>"
        )
        for i in range(per_lap):
            n = lap * per_lap + i
            f = n / (points - 1)
            where = (
                f"<Position><LatitudeDegrees>{48.85 + km * f * LAT_PER_KM:.7f}</LatitudeDegrees>"
                "<LongitudeDegrees>2.35</LongitudeDegrees></Position>"
                if positions
                else ""
            )
            parts.append(
                f"<Trackpoint><Time>{_iso(start + timedelta(minutes=minutes * f))}</Time>{where}"
                f"<DistanceMeters>{km * 1000 * f:.1f}</DistanceMeters>"
                "<HeartRateBpm><Value>150</Value></HeartRateBpm></Trackpoint>"
            )
        parts.append("</Track></Lap>")
    parts.append("</Activity></Activities></TrainingCenterDatabase>")
    return "\n".join(parts).encode()


def gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# The header of a real activities.csv (abridged): "Elapsed Time" and "Distance" come twice,
# the first Distance in kilometres, the second in metres.
STRAVA_HEADER = [
    "Activity ID",
    "Activity Date",
    "Activity Name",
    "Activity Type",
    "Activity Description",
    "Elapsed Time",
    "Distance",
    "Max Heart Rate",
    "Relative Effort",
    "Commute",
    "Activity Private Note",
    "Activity Gear",
    "Filename",
    "Athlete Weight",
    "Bike Weight",
    "Elapsed Time",
    "Moving Time",
    "Distance",
    "Max Speed",
]


def strava_date(at: datetime) -> str:
    """Strava's way: "May 6, 2024, 6:30:00 AM" (UTC)."""
    hour = at.hour % 12 or 12
    return f"{at:%b} {at.day}, {at.year}, {hour}:{at:%M:%S} {'AM' if at.hour < 12 else 'PM'}"


def strava_row(
    activity_id: int,
    at: datetime,
    kind: str,
    filename: str,
    seconds: float = 1800,
    km: float = 5.0,
) -> list[str]:
    values = {
        "Activity ID": str(activity_id),
        "Activity Date": strava_date(at),
        "Activity Name": f"{kind} {activity_id}",
        "Activity Type": kind,
        "Elapsed Time": f"{seconds:g}",
        "Distance": f"{km:.2f}",
        "Filename": filename,
    }
    row = [values.get(title, "") for title in STRAVA_HEADER]
    row[15] = f"{seconds:.1f}"  # the second Elapsed Time
    row[17] = f"{km * 1000:.1f}"  # the second Distance, in metres
    return row


def strava_zip(
    rows: Sequence[list[str]],
    files: dict[str, bytes],
    *,
    folder: str = "",
    header: Sequence[str] = STRAVA_HEADER,
) -> bytes:
    """A Strava bulk export: activities.csv and the activity files, under `folder`."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{folder}profile.csv", "Athlete ID\n1\n")
        archive.writestr(f"{folder}activities.csv", "\ufeff" + text.getvalue())
        for name, data in files.items():
            archive.writestr(f"{folder}{name}", data)
    return out.getvalue()
