"""Reading run files of any supported kind: recognised by their content, not their name.

Gzip'd files are unpacked first (Strava ships `.gpx.gz`, `.tcx.gz`, `.fit.gz`); a zip is read
as a Strava bulk export. Every file is size-capped once unpacked, so a damaged or hostile file
cannot fill the memory.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from backcoach.runfiles._common import RunFileError, first_line
from backcoach.runfiles._fit import parse_fit
from backcoach.runfiles._gpx import parse_gpx
from backcoach.runfiles._strava import read_strava_export
from backcoach.runfiles._tcx import parse_tcx
from backcoach.running import Run, counts_as_run

MAX_FILE_BYTES = 256 * 1024 * 1024
"""The largest activity file read (once unpacked): a day-long recording is a few tens of MB."""

_SNIFF_BYTES = 4096
_ROOT = re.compile(rb"<(?:[\w.-]+:)?(gpx|TrainingCenterDatabase)[\s>/]")
_PARSERS: dict[str, Callable[[bytes, str], list[Run]]] = {
    "gpx": parse_gpx,
    "tcx": parse_tcx,
    "fit": parse_fit,
}


@dataclass(frozen=True, slots=True)
class RunImport:
    """Everything read from the files given, all of it checked, none of it stored yet."""

    runs: tuple[Run, ...]
    """The runs, in the order read."""
    other_activities: int
    """Activities passed over because they are not runs (rides, swims, walks...)."""
    files: int


Progress = Callable[[str], None]
"""Told the name of each activity file as it is read (a large export takes minutes)."""


def read_runs(paths: Sequence[Path], *, progress: Progress | None = None) -> RunImport:
    """Read every file in `paths`; the first one that cannot be read raises `RunFileError`.

    Nothing is returned unless every file was read, so that an import stores all or nothing.
    """
    runs: list[Run] = []
    others = 0
    for path in paths:
        found, skipped = read_run_file(path, progress=progress)
        runs.extend(found)
        others += skipped
    return RunImport(tuple(runs), others, len(paths))


def read_run_file(path: Path, *, progress: Progress | None = None) -> tuple[list[Run], int]:
    """The runs in one file (GPX, TCX, FIT, any of them gzip'd, or a Strava export zip), and how
    many of its activities were not runs."""
    name = path.name
    if progress is not None:
        progress(name)
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except IsADirectoryError as exc:
        raise RunFileError(f"{path}: a folder, not a run file") from exc
    except OSError as exc:
        raise RunFileError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    if not head:
        raise RunFileError(f"{name}: the file is empty")
    if head.startswith(b"PK\x03\x04"):
        return _read_zip(path, name, progress)
    runs = parse_activity(_read_capped(path, name), name)
    kept = [r for r in runs if counts_as_run(r.sport)]
    return kept, len(runs) - len(kept)


def parse_activity(data: bytes, name: str) -> list[Run]:
    """The activities in one file's bytes (gzip'd or not), runs or not; `RunFileError` if none."""
    if not data:
        raise RunFileError(f"{name}: the file is empty")
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data, name)
        if not data:
            raise RunFileError(f"{name}: the file is empty once unpacked")
    kind = _kind(data, name)
    if kind is None:
        raise RunFileError(
            f"{name}: not a run file backcoach knows (use GPX, TCX or FIT, gzip'd or not, "
            "or a Strava export zip)"
        )
    try:
        return _PARSERS[kind](data, name)
    except ValueError as exc:  # a value no run can have (see `Run`), read from the file
        raise RunFileError(f"{name}: {first_line(exc)}") from exc


def _kind(data: bytes, name: str) -> str | None:
    if len(data) >= 12 and data[8:12] == b".FIT":
        return "fit"
    head = data[:_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        match = _ROOT.search(head)
        if match:
            return "gpx" if match.group(1) == b"gpx" else "tcx"
    # Too damaged to recognise: let the name pick the parser, whose error says what is wrong.
    lower = name.lower().removesuffix(".gz")
    return next((kind for kind in _PARSERS if lower.endswith("." + kind)), None)


def _read_capped(path: Path, name: str) -> bytes:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise RunFileError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    if len(data) > MAX_FILE_BYTES:
        raise RunFileError(f"{name}: over {MAX_FILE_BYTES >> 20} MB, too big for an activity file")
    return data


def _gunzip(data: bytes, name: str) -> bytes:
    unpacker = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
    try:
        out = unpacker.decompress(data, MAX_FILE_BYTES + 1)
    except zlib.error as exc:
        raise RunFileError(f"{name}: a damaged gzip file ({first_line(exc)})") from exc
    if len(out) > MAX_FILE_BYTES:
        raise RunFileError(f"{name}: over {MAX_FILE_BYTES >> 20} MB unpacked, too big")
    if not unpacker.eof:
        raise RunFileError(f"{name}: the gzip file is truncated")
    return out


def _read_zip(path: Path, name: str, progress: Progress | None) -> tuple[list[Run], int]:
    def parse(data: bytes, shown: str) -> list[Run]:
        if progress is not None:
            progress(shown)
        return parse_activity(data, shown)

    try:
        with zipfile.ZipFile(path) as archive:
            export = read_strava_export(archive, name, parse, _read_member)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as exc:
        raise RunFileError(f"{name}: a damaged or truncated zip ({first_line(exc)})") from exc
    except OSError as exc:
        raise RunFileError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    return list(export.runs), export.other_activities


def _read_member(archive: zipfile.ZipFile, member: str, shown: str) -> bytes:
    try:
        with archive.open(member) as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError) as exc:
        raise RunFileError(f"{shown}: damaged inside the zip ({first_line(exc)})") from exc
    if len(data) > MAX_FILE_BYTES:
        raise RunFileError(f"{shown}: over {MAX_FILE_BYTES >> 20} MB, too big for an activity file")
    return data
