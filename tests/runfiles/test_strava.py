"""A Strava bulk export: activities.csv and its activity files, gzip'd or not."""

from __future__ import annotations

import zipfile
from datetime import timedelta
from pathlib import Path

import pytest

from backcoach.runfiles import RunFileError, read_run_file, read_runs
from backcoach.running import SourceKind
from tests.runfiles import _fitwriter as fit
from tests.runfiles._files import (
    START,
    STRAVA_HEADER,
    gpx,
    gz,
    strava_row,
    strava_zip,
    tcx,
    write,
)

DAY = timedelta(days=1)


def export(folder: str = "") -> bytes:
    rows = [
        strava_row(101, START, "Run", "activities/101.gpx"),
        strava_row(102, START + DAY, "Trail Run", "activities/102.tcx.gz"),
        strava_row(103, START + 2 * DAY, "Run", "activities/103.fit.gz"),
        strava_row(104, START + 3 * DAY, "Ride", "activities/104.fit.gz"),
        strava_row(105, START + 4 * DAY, "Run", "", seconds=2400, km=7.5),  # entered by hand
        strava_row(106, START + 5 * DAY, "Swim", ""),
    ]
    files = {
        "activities/101.gpx": gpx(START),
        "activities/102.tcx.gz": gz(tcx(START + DAY, km=12, minutes=80)),
        "activities/103.fit.gz": gz(fit.fit_activity(START + 2 * DAY, 2000, 6000)),
        # Not a run, so never opened: that it is damaged does not matter.
        "activities/104.fit.gz": b"\x1f\x8b damaged ride",
    }
    return strava_zip(rows, files, folder=folder)


@pytest.mark.parametrize("folder", ["", "export_12345678/"])
def test_the_runs_of_an_export_are_read(tmp_path: Path, folder: str) -> None:
    runs, others = read_run_file(write(tmp_path / "export.zip", export(folder)))
    assert others == 2
    assert [r.started_at for r in runs] == [START + n * DAY for n in (0, 1, 2, 4)]
    assert [r.source_kind for r in runs] == [
        SourceKind.GPX,
        SourceKind.TCX,
        SourceKind.FIT,
        SourceKind.STRAVA_CSV,
    ]
    assert [r.sport for r in runs] == ["run", "trail_run", "run", "run"]
    assert runs[0].distance_m == pytest.approx(5000, rel=0.005)
    assert runs[1].distance_m == pytest.approx(12000) and runs[1].duration_s == 80 * 60
    assert runs[2].distance_m == pytest.approx(6000) and runs[2].duration_s == 2000
    assert (runs[3].duration_s, runs[3].distance_m) == (2400, 7500)
    assert runs[0].source_name == f"export.zip:{folder}activities/101.gpx"
    assert runs[3].source_name == f"export.zip:{folder}activities.csv#105"


def test_the_csv_distance_in_km_is_used_without_the_metres_column(tmp_path: Path) -> None:
    row = strava_row(7, START, "Run", "", seconds=1500, km=4.25)[:13]
    data = strava_zip([row], {}, header=STRAVA_HEADER[:13])
    [run], _ = read_run_file(write(tmp_path / "old.zip", data))
    assert run.distance_m == pytest.approx(4250)


def _rows_with(member: str, data: bytes) -> bytes:
    return strava_zip([strava_row(1, START, "Run", member)], {member: data})


@pytest.mark.parametrize(
    ("data", "phrases"),
    [
        (
            strava_zip([strava_row(1, START, "Run", "activities/1.gpx")], {}),
            ("line 2", "activities/1.gpx", "not in the zip"),
        ),
        (
            _rows_with("activities/1.fit.gz", gz(fit.fit_activity(START, 60, 100))[:-9]),
            ("activities/1.fit.gz", "truncated"),
        ),
        (_rows_with("activities/1.gpx", b"<gpx><trk>"), ("activities/1.gpx", "not a valid GPX")),
        (
            strava_zip([["x", "not a date", "n", "Run", "", "60", "1", *[""] * 12]], {}),
            ("line 2", "Activity Date"),
        ),
        (
            strava_zip([strava_row(1, START, "Run", "", seconds=0)], {}),
            ("Elapsed Time must be positive",),
        ),
    ],
    ids=["missing-file", "truncated-member", "bad-member", "bad-date", "zero-time"],
)
def test_a_bad_export_is_refused_naming_the_culprit(
    tmp_path: Path, data: bytes, phrases: tuple[str, ...]
) -> None:
    with pytest.raises(RunFileError) as caught:
        read_run_file(write(tmp_path / "export.zip", data))
    message = str(caught.value)
    assert message.startswith("export.zip") and "\n" not in message
    for phrase in phrases:
        assert phrase in message


def test_a_zip_that_is_not_an_export_or_is_cut_short(tmp_path: Path) -> None:
    other = tmp_path / "photos.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("holiday.jpg", b"\xff\xd8")
    with pytest.raises(RunFileError, match=r"without activities\.csv, so not a Strava export"):
        read_run_file(other)
    cut = write(tmp_path / "cut.zip", export()[:700])
    with pytest.raises(RunFileError, match=r"^cut\.zip: a damaged or truncated zip"):
        read_run_file(cut)
    header = [("Kind" if t == "Activity Type" else t) for t in STRAVA_HEADER]
    no_type = write(tmp_path / "odd.zip", strava_zip([], {}, header=header))
    with pytest.raises(RunFileError, match="no 'Activity Type' column"):
        read_run_file(no_type)


def test_an_export_and_its_own_files_read_together(tmp_path: Path) -> None:
    zipped = write(tmp_path / "export.zip", export())
    loose = write(tmp_path / "101.gpx", gpx(START))
    batch = read_runs([zipped, loose])
    assert (len(batch.runs), batch.other_activities, batch.files) == (5, 2, 2)
    assert len({r.fingerprint for r in batch.runs}) == 4  # the loose GPX is the export's first run


def test_progress_names_each_file_read(tmp_path: Path) -> None:
    seen: list[str] = []
    read_runs([write(tmp_path / "export.zip", export())], progress=seen.append)
    assert seen == [
        "export.zip",
        "export.zip:activities/101.gpx",
        "export.zip:activities/102.tcx.gz",
        "export.zip:activities/103.fit.gz",
    ]


def test_errors_give_the_csv_line_even_after_a_description_on_two_lines(tmp_path: Path) -> None:
    first = strava_row(1, START, "Run", "")
    first[STRAVA_HEADER.index("Activity Description")] = "Hills.\nLegs heavy."
    second = strava_row(2, START + DAY, "Run", "")
    second[STRAVA_HEADER.index("Activity Date")] = "yesterday-ish"
    data = strava_zip([first, second], {})
    with pytest.raises(
        RunFileError, match=r"activities\.csv line 4: cannot read the Activity Date"
    ):
        read_run_file(write(tmp_path / "export.zip", data))
