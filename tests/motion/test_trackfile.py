"""Reading and writing pose-track files (.json and .json.gz) and the errors a person sees."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pytest

from backcoach.motion import TrackError, track_from_dict
from backcoach.trackfile import read_track, write_track
from tests.motion import _figures as stick


@pytest.fixture
def track():  # type: ignore[no-untyped-def]
    return track_from_dict(
        stick.track_doc([stick.frame(stick.bridge(130.0)), None, stick.frame(stick.bridge(140.0))])
    )


@pytest.mark.parametrize("name", ["set.json", "set.json.gz", "SET.JSON.GZ"])
def test_write_then_read_gives_the_same_track(tmp_path: Path, track, name: str) -> None:  # type: ignore[no-untyped-def]
    path = write_track(track, tmp_path / name)
    if name.lower().endswith(".gz"):
        assert path.read_bytes()[:2] == b"\x1f\x8b"
    else:
        assert json.loads(path.read_text())["format"] == "pose-track"
    again = read_track(path)
    np.testing.assert_array_equal(again.points, track.points)
    np.testing.assert_array_equal(again.t, track.t)
    assert not list(tmp_path.glob("*.part"))


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bad.json", b"{not json", "not valid JSON"),
        ("bad.json.gz", b"plain text, not gzip", "not a readable gzip file"),
        ("list.json", b"[1, 2, 3]", "not a pose track"),
        ("frame.json", None, "frame.json: frame 0: expected 33 points"),
        ("binary.json", b"\xff\xfe\x00\x01", "not a text file"),
    ],
)
def test_unreadable_files_give_one_line_naming_the_file(
    tmp_path: Path, name: str, data: bytes | None, message: str
) -> None:
    if data is None:
        doc = stick.track_doc([stick.frame(stick.bridge(130.0))])
        doc["frames"][0]["points"] = doc["frames"][0]["points"][:30]
        data = json.dumps(doc).encode()
    path = _write(tmp_path / name, data)
    with pytest.raises(TrackError, match=message) as info:
        read_track(path)
    assert "\n" not in str(info.value)
    assert name in str(info.value)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(TrackError, match="no such file"):
        read_track(tmp_path / "nope.json")
    with pytest.raises(TrackError, match="is a directory"):
        read_track(tmp_path)


def test_gzip_holding_bad_json(tmp_path: Path) -> None:
    path = tmp_path / "x.json.gz"
    with gzip.open(path, "wb") as fh:
        fh.write(b"{oops")
    with pytest.raises(TrackError, match="not valid JSON"):
        read_track(path)
