"""Pose-track files on disk: `.json` or gzip-compressed `.json.gz` (chosen by the suffix).

The adapter around `backcoach.motion`'s pose-track format: every problem reading a file (missing,
not gzip, not JSON, not a valid track) becomes one `TrackError` line that names the file.
"""

from __future__ import annotations

import gzip
import json
import os
import zlib
from pathlib import Path
from typing import Any

from backcoach.motion import PoseTrack, TrackError, track_from_dict, track_to_dict

__all__ = ["TrackError", "is_gzip_path", "read_track", "read_track_dict", "write_track"]


def is_gzip_path(path: str | os.PathLike[str]) -> bool:
    """Whether `path` names a gzip-compressed track (`.gz` suffix)."""
    return Path(path).suffix.lower() == ".gz"


def read_track_dict(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The parsed JSON document of a track file (not yet checked as a pose track)."""
    p = Path(path)
    try:
        if is_gzip_path(p):
            with gzip.open(p, "rt", encoding="utf-8") as fh:
                doc = json.load(fh)
        else:
            with p.open(encoding="utf-8") as fh:
                doc = json.load(fh)
    except FileNotFoundError:
        raise TrackError(f"no such file: {p}") from None
    except IsADirectoryError:
        raise TrackError(f"{p} is a directory, not a pose-track file") from None
    except PermissionError:
        raise TrackError(f"permission denied reading {p}") from None
    except (gzip.BadGzipFile, zlib.error, EOFError) as exc:
        raise TrackError(f"{p}: not a readable gzip file ({exc})") from None
    except UnicodeDecodeError:
        raise TrackError(f"{p}: not a text file (is it a video or compressed?)") from None
    except json.JSONDecodeError as exc:
        raise TrackError(
            f"{p}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        ) from None
    if not isinstance(doc, dict):
        raise TrackError(f"{p}: not a pose track (the JSON is not an object)")
    return doc


def read_track(path: str | os.PathLike[str]) -> PoseTrack:
    """Read and check a pose-track file; `TrackError` names the file and the problem."""
    doc = read_track_dict(path)
    try:
        return track_from_dict(doc)
    except TrackError as exc:
        raise TrackError(f"{Path(path)}: {exc}") from None


def write_track(track: PoseTrack, path: str | os.PathLike[str]) -> Path:
    """Write `track` as pose-track v1 JSON (gzip-compressed when the name ends in `.gz`)."""
    p = Path(path)
    text = json.dumps(track_to_dict(track), separators=(",", ":"), allow_nan=False)
    tmp = p.with_name(p.name + ".part")
    if is_gzip_path(p):
        with gzip.open(tmp, "wt", encoding="utf-8") as fh:
            fh.write(text)
    else:
        tmp.write_text(text, encoding="utf-8")
    tmp.replace(p)
    return p
