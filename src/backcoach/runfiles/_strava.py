"""A Strava bulk export (the zip of "Download your data") to runs.

The export holds `activities.csv`, one row per activity, and `activities/` with the activity
files it names (GPX, TCX or FIT, each possibly gzip'd). Only the rows whose Activity Type is a
run are read, and their files parsed; a row with no file (an activity entered by hand) is taken
from the CSV itself: its date (UTC), elapsed time and distance.
"""

from __future__ import annotations

import csv
import io
import math
import posixpath
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from backcoach.runfiles._common import RunFileError, first_line
from backcoach.running import UNSPECIFIED_SPORT, Run, SourceKind, counts_as_run, normalize_sport

ACTIVITIES_CSV = "activities.csv"
# Strava writes dates as "Jan 5, 2024, 7:30:00 AM" in UTC; newer exports put a narrow no-break
# space before AM/PM, and other tools rewrite them in ISO form.
_DATE_FORMATS = ("%b %d, %Y, %I:%M:%S %p", "%b %d, %Y %I:%M:%S %p", "%Y-%m-%d %H:%M:%S")


@dataclass(frozen=True, slots=True)
class StravaExport:
    """What an export holds: its runs, and how many activities were not runs."""

    runs: tuple[Run, ...]
    other_activities: int


def read_strava_export(
    archive: zipfile.ZipFile,
    name: str,
    parse_member: Callable[[bytes, str], list[Run]],
    read_member: Callable[[zipfile.ZipFile, str, str], bytes],
) -> StravaExport:
    """The runs of an opened export `archive` (named `name` in messages).

    `read_member(archive, member, shown)` reads one file (size-capped) and `parse_member(data,
    shown)` turns one activity file into runs; both raise `RunFileError`.
    """
    csv_path = _find_csv(archive, name)
    folder = posixpath.dirname(csv_path)
    text = read_member(archive, csv_path, f"{name}:{csv_path}").decode("utf-8-sig", "replace")
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        raise RunFileError(f"{name}: {csv_path} is empty")
    columns = _Columns(header, f"{name}:{csv_path}")
    members = set(archive.namelist())
    runs: list[Run] = []
    others = 0
    line = reader.line_num + 1
    for row in reader:
        # A description may hold line breaks: a row starts where the one before it ended.
        line, row_line = reader.line_num + 1, line
        if not any(cell.strip() for cell in row):
            continue
        where = f"{name}:{csv_path} line {row_line}"
        sport = normalize_sport(columns.get(row, "Activity Type"))
        if sport == UNSPECIFIED_SPORT or not counts_as_run(sport):
            others += 1
            continue
        filename = columns.get(row, "Filename")
        if not filename:
            activity = columns.get(row, "Activity ID") or f"line {row_line}"
            source = f"{name}:{csv_path}#{activity}"
            runs.append(_csv_run(row, columns, sport, where, source))
            continue
        member = posixpath.normpath(posixpath.join(folder, filename))
        if member not in members:
            raise RunFileError(f"{where}: {filename} is listed but not in the zip")
        shown = f"{name}:{member}"
        found = parse_member(read_member(archive, member, shown), shown)
        runs.extend(replace(r, sport=sport) for r in found)
    return StravaExport(tuple(runs), others)


def _find_csv(archive: zipfile.ZipFile, name: str) -> str:
    candidates = [
        n
        for n in archive.namelist()
        if posixpath.basename(n) == ACTIVITIES_CSV and not n.endswith("/")
    ]
    if not candidates:
        raise RunFileError(f"{name}: a zip without {ACTIVITIES_CSV}, so not a Strava export")
    return min(candidates, key=lambda n: (n.count("/"), n))


class _Columns:
    """The header of activities.csv. It repeats names: the first "Distance" is in kilometres,
    a later one in metres; the first "Elapsed Time" is in seconds."""

    def __init__(self, header: list[str], where: str) -> None:
        self._first: dict[str, int] = {}
        self._last: dict[str, int] = {}
        for i, title in enumerate(header):
            key = title.strip()
            self._first.setdefault(key, i)
            self._last[key] = i
        for needed in ("Activity Date", "Activity Type"):
            if needed not in self._first:
                raise RunFileError(f"{where}: no '{needed}' column, so not a Strava export")

    def get(self, row: list[str], title: str, *, last: bool = False) -> str:
        index = (self._last if last else self._first).get(title)
        return row[index].strip() if index is not None and index < len(row) else ""

    def has_second(self, title: str) -> bool:
        return self._first.get(title) != self._last.get(title)


def _csv_run(row: list[str], columns: _Columns, sport: str, where: str, source: str) -> Run:
    started = _date(columns.get(row, "Activity Date"), where)
    seconds = _number(columns.get(row, "Elapsed Time"), "Elapsed Time", where)
    if columns.has_second("Distance") and columns.get(row, "Distance", last=True):
        metres = _number(columns.get(row, "Distance", last=True), "Distance", where)
    else:
        metres = _number(columns.get(row, "Distance") or "0", "Distance", where) * 1000
    if seconds <= 0:
        raise RunFileError(f"{where}: the Elapsed Time must be positive")
    if metres < 0:
        raise RunFileError(f"{where}: the Distance cannot be negative")
    return Run(started, seconds, metres, sport, SourceKind.STRAVA_CSV, source)


def _date(text: str, where: str) -> datetime:
    clean = " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(clean, pattern).replace(tzinfo=UTC)
        except ValueError:
            continue
    raise RunFileError(f"{where}: cannot read the Activity Date {text!r}")


def _number(text: str, column: str, where: str) -> float:
    clean = text.replace(",", ".") if "," in text and "." not in text else text.replace(",", "")
    try:
        value = float(clean)
    except ValueError as exc:
        raise RunFileError(
            f"{where}: cannot read the {column} {text!r} ({first_line(exc)})"
        ) from exc
    if not math.isfinite(value):
        raise RunFileError(f"{where}: the {column} {text!r} is not a number")
    return value
