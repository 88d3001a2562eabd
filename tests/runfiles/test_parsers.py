"""GPX, TCX and FIT files, as written by devices and services, read into runs; broken ones are
refused with one line naming the file."""

from __future__ import annotations

from datetime import timedelta, timezone
from pathlib import Path

import pytest

from backcoach.runfiles import RunFileError, read_run_file, read_runs
from backcoach.running import SourceKind
from tests.runfiles import _fitwriter as fit
from tests.runfiles._files import START, gpx, gz, tcx, write


def refused(path: Path, *phrases: str) -> str:
    with pytest.raises(RunFileError) as caught:
        read_run_file(path)
    message = str(caught.value)
    assert "\n" not in message
    assert path.name in message
    for phrase in phrases:
        assert phrase in message
    return message


# -- GPX -----------------------------------------------------------------------------------------


def test_a_gpx_track_is_a_run(tmp_path: Path) -> None:
    [run], others = read_run_file(write(tmp_path / "morning.gpx", gpx(km=5, minutes=31)))
    assert others == 0
    assert run.started_at == START
    assert run.duration_s == 31 * 60
    assert run.distance_m == pytest.approx(5000, rel=0.005)
    assert (run.sport, run.source_kind, run.source_name) == (
        "running",
        SourceKind.GPX,
        "morning.gpx",
    )


def test_gpx_times_with_an_offset_are_read_in_utc(tmp_path: Path) -> None:
    paris = timezone(timedelta(hours=2))
    text = gpx(minutes=20).replace(b"Z</time>", b"+02:00</time>").replace(b"T06:", b"T08:")
    [run], _ = read_run_file(write(tmp_path / "offset.gpx", text))
    assert run.started_at == START.astimezone(paris)
    assert run.started_at.utcoffset() == timedelta(0) and run.duration_s == 20 * 60


@pytest.mark.parametrize(
    ("sport", "stored", "counted"),
    [
        ("running", "running", 1),
        ("9", "running", 1),
        (None, "unspecified", 1),
        ("cycling", "cycling", 0),
    ],
)
def test_the_gpx_track_type_is_the_sport(
    tmp_path: Path, sport: str | None, stored: str, counted: int
) -> None:
    runs, others = read_run_file(write(tmp_path / "t.gpx", gpx(sport=sport)))
    assert (len(runs), others) == (counted, 1 - counted)
    if runs:
        assert runs[0].sport == stored


def test_each_timed_gpx_track_is_a_run(tmp_path: Path) -> None:
    runs, _ = read_run_file(write(tmp_path / "two.gpx", gpx(tracks=2)))
    assert [r.started_at for r in runs] == [START, START + timedelta(hours=1)]


def test_a_gzipped_gpx_is_unpacked(tmp_path: Path) -> None:
    [run], _ = read_run_file(write(tmp_path / "morning.gpx.gz", gz(gpx())))
    assert run.started_at == START and run.source_name == "morning.gpx.gz"


# -- TCX -----------------------------------------------------------------------------------------


def test_a_tcx_activity_is_a_run(tmp_path: Path) -> None:
    [run], _ = read_run_file(write(tmp_path / "intervals.tcx", tcx(km=8, minutes=45)))
    assert run.started_at == START
    assert run.duration_s == 45 * 60
    assert run.distance_m == pytest.approx(8000)  # the laps' DistanceMeters added up
    assert (run.sport, run.source_kind) == ("running", SourceKind.TCX)


def test_a_treadmill_tcx_without_positions_is_kept(tmp_path: Path) -> None:
    [run], _ = read_run_file(write(tmp_path / "treadmill.tcx", tcx(positions=False)))
    assert run.duration_s == 45 * 60 and run.distance_m == pytest.approx(8000)


def test_a_tcx_ride_is_not_a_run(tmp_path: Path) -> None:
    assert read_run_file(write(tmp_path / "ride.tcx", tcx(sport="Biking"))) == ([], 1)


# -- FIT -----------------------------------------------------------------------------------------


def test_a_fit_session_is_a_run(tmp_path: Path) -> None:
    data = fit.fit_activity(START, 1834.5, 5012.3)
    [run], _ = read_run_file(write(tmp_path / "watch.fit", data))
    assert run.started_at == START
    assert run.duration_s == pytest.approx(1834.5)
    assert run.distance_m == pytest.approx(5012.3)
    assert (run.sport, run.source_kind) == ("running", SourceKind.FIT)


def test_a_fit_file_without_a_session_uses_its_records(tmp_path: Path) -> None:
    data = fit.records_only(START, [0, 600, 1200, 1500], [0, 1800, 3700, 4600])
    [run], _ = read_run_file(write(tmp_path / "app.fit", data))
    assert run.started_at == START
    assert run.duration_s == 1500 and run.distance_m == pytest.approx(4600)
    assert run.sport == "unspecified"


def test_a_fit_ride_is_not_a_run_and_a_gzipped_fit_is_read(tmp_path: Path) -> None:
    ride = fit.fit_activity(START, 3600, 30000, sport="cycling")
    assert read_run_file(write(tmp_path / "ride.fit.gz", gz(ride))) == ([], 1)


def test_the_content_decides_not_the_name(tmp_path: Path) -> None:
    [run], _ = read_run_file(write(tmp_path / "export-123", fit.fit_activity(START, 600, 2000)))
    assert run.source_kind is SourceKind.FIT
    [run], _ = read_run_file(write(tmp_path / "named.fit", tcx()))
    assert run.source_kind is SourceKind.TCX


# -- broken files --------------------------------------------------------------------------------

GOOD_FIT = fit.fit_activity(START, 1800, 5000)


@pytest.mark.parametrize(
    ("name", "data", "phrases"),
    [
        ("empty.gpx", b"", ("empty",)),
        ("blank.gpx.gz", gz(b""), ("empty",)),
        ("notes.txt", b"shopping list: eggs", ("not a run file", "GPX, TCX or FIT")),
        ("photo.gpx", b"\x89PNG\r\n\x1a\n" + bytes(100), ("not a valid GPX",)),
        ("cut.gpx", gpx()[:300], ("not a valid GPX",)),
        ("cut-end.gpx", gpx()[:-20], ("not a valid GPX",)),
        ("route.gpx", gpx(timed=False), ("no timed track points",)),
        ("point.gpx", gpx(points=1), ("single moment",)),
        ("cut.tcx", tcx()[:400], ("not a valid TCX",)),
        ("nosport.tcx", tcx(sport=None), ("not a valid TCX",)),
        ("cut.gpx.gz", gz(gpx())[:60], ("gzip", "truncated")),
        ("header.fit", GOOD_FIT[:10], ("truncated",)),
        ("cut-head.fit", GOOD_FIT[:13], ("truncated",)),
        ("cut-half.fit", GOOD_FIT[: len(GOOD_FIT) // 2], ("truncated",)),
        ("cut-crc.fit", GOOD_FIT[:-1], ("truncated",)),
        (
            "flipped.fit",
            GOOD_FIT[:40] + bytes([GOOD_FIT[40] ^ 0xFF]) + GOOD_FIT[41:],
            ("damaged", "checksum"),
        ),
        ("course.fit", fit.fit_activity(START, 1800, 5000, file_type="course"), ("course",)),
        ("nothing.fit", fit.records_only(START, [0], [0]), ("no timed activity",)),
    ],
)
def test_broken_files_are_refused_in_one_line(
    tmp_path: Path, name: str, data: bytes, phrases: tuple[str, ...]
) -> None:
    refused(write(tmp_path / name, data), *phrases)


def test_a_folder_or_a_missing_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "runs").mkdir()
    refused(tmp_path / "runs", "a folder")
    refused(tmp_path / "missing.gpx", "cannot be read")


def test_one_bad_file_fails_the_whole_batch(tmp_path: Path) -> None:
    good = write(tmp_path / "good.gpx", gpx())
    bad = write(tmp_path / "bad.fit", GOOD_FIT[:-5])
    with pytest.raises(RunFileError, match=r"^bad\.fit: "):
        read_runs([good, bad])
    batch = read_runs([good, write(tmp_path / "other.tcx", tcx(start=START + timedelta(days=1)))])
    assert (len(batch.runs), batch.files, batch.other_activities) == (2, 2, 0)


def test_a_file_too_big_once_unpacked_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backcoach.runfiles import _read

    monkeypatch.setattr(_read, "MAX_FILE_BYTES", 10_000)
    refused(write(tmp_path / "bomb.gpx.gz", gz(b"<gpx>" + b" " * 50_000)), "too big")
    refused(write(tmp_path / "huge.gpx", gpx(points=400)), "too big")
