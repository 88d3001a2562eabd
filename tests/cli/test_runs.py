"""`backcoach runs import`, `runs`, `today` and `reminders`, on a real SQLite file."""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

import backcoach.cli._runs  # noqa: F401  (registers the commands)
from tests.cli.conftest import Cli
from tests.runfiles import _fitwriter as fit
from tests.runfiles._files import gpx, gz, strava_row, strava_zip, tcx, write

TODAY = date.today()
MONDAY = TODAY - timedelta(days=TODAY.weekday())


def local(day: date, hour: int = 6) -> datetime:
    """`hour` o'clock on `day`, in the local zone (where the CLI counts days and weeks)."""
    return datetime.combine(day, time(hour)).astimezone()


def three_files(folder: Path) -> list[str]:
    """This week's Monday: a GPX; the week before: a TCX and a FIT."""
    return [
        str(write(folder / "a.gpx", gpx(local(MONDAY), km=5, minutes=30))),
        str(write(folder / "b.tcx", tcx(local(MONDAY - timedelta(days=7)), km=8, minutes=45))),
        str(
            write(folder / "c.fit", fit.fit_activity(local(MONDAY - timedelta(days=6)), 1800, 6000))
        ),
    ]


def test_runs_before_any_import(cli: Cli) -> None:
    r = cli("runs")
    assert r.exit_code == 0 and "No runs yet" in r.stdout
    assert cli("runs", "--json").json()["runs"] == 0


def test_import_counts_added_and_duplicates(cli: Cli, tmp_path: Path) -> None:
    files = three_files(tmp_path)
    r = cli("runs", "import", *files)
    assert r.exit_code == 0, r.stderr
    assert r.stdout.strip() == "Added 3 runs, 0 duplicates already stored (from 3 files)."
    again = cli(
        "runs", "import", files[0], str(write(tmp_path / "copy.gpx.gz", gz(gpx(local(MONDAY)))))
    )
    assert again.stdout.strip() == "Added 0 runs, 2 duplicates already stored (from 2 files)."
    assert cli("runs", "--json").json()["runs"] == 3


def test_one_bad_file_stores_nothing(cli: Cli, tmp_path: Path) -> None:
    files = three_files(tmp_path)
    broken = write(tmp_path / "broken.fit", fit.fit_activity(local(MONDAY), 600, 2000)[:-7])
    r = cli("runs", "import", *files, str(broken))
    assert r.exit_code == 1
    assert r.stderr.startswith("error: broken.fit: the FIT file is truncated")
    assert r.stderr.count("\n") == 1
    assert cli("runs", "--json").json()["runs"] == 0


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notes.txt", b"dear diary", "error: notes.txt: not a run file backcoach knows"),
        ("empty.gpx", b"", "error: empty.gpx: the file is empty"),
        ("cut.tcx", tcx()[:200], "error: cut.tcx: not a valid TCX file"),
    ],
)
def test_import_errors_are_one_line(
    cli: Cli, tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    r = cli("runs", "import", str(write(tmp_path / name, data)))
    assert r.exit_code == 1
    assert r.stderr.startswith(message) and r.stderr.count("\n") == 1


def test_a_strava_export_is_imported(cli: Cli, tmp_path: Path) -> None:
    start = local(MONDAY - timedelta(days=14))
    rows = [
        strava_row(1, start, "Run", "activities/1.gpx.gz"),
        strava_row(2, start + timedelta(days=1), "Ride", "activities/2.fit.gz"),
        strava_row(3, start + timedelta(days=2), "Run", "", seconds=2000, km=6),
    ]
    files = {
        "activities/1.gpx.gz": gz(gpx(start)),
        "activities/2.fit.gz": gz(
            fit.fit_activity(start + timedelta(days=1), 3600, 30000, sport="cycling")
        ),
    }
    zipped = write(tmp_path / "export_42.zip", strava_zip(rows, files))
    r = cli("runs", "import", str(zipped))
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines() == [
        "Added 2 runs, 0 duplicates already stored (from 1 file).",
        "Passed over 1 activity that is not a run.",
    ]


def _weeks(cli: Cli, tmp_path: Path, *km: float) -> None:
    """One run a week, on Mondays, the last one this week."""
    files = []
    for i, distance in enumerate(km):
        day = MONDAY - timedelta(weeks=len(km) - 1 - i)
        files.append(
            str(write(tmp_path / f"w{i}.gpx", gpx(local(day), km=distance, minutes=distance * 6)))
        )
    assert cli("runs", "import", *files).exit_code == 0


def test_the_weekly_table_flags_a_ramp_over_30_percent(cli: Cli, tmp_path: Path) -> None:
    _weeks(cli, tmp_path, 10, 10, 10, 10, 14)
    doc = cli("runs", "--json", "--weeks", "3").json()
    assert doc["ramp_limit"] == 0.3
    weeks = doc["weeks"]
    assert [w["start"] for w in weeks] == [
        (MONDAY - timedelta(weeks=n)).isoformat() for n in (2, 1, 0)
    ]
    assert [round(w["distance_m"] / 1000, 1) for w in weeks] == [10.0, 10.0, 14.0]
    assert [w["flagged"] for w in weeks] == [False, False, True]
    assert weeks[2]["ramp"] == pytest.approx(0.4, abs=0.01)
    assert weeks[1]["change"] == pytest.approx(0.0, abs=0.01)
    shown = cli("runs", "--weeks", "3")
    assert shown.exit_code == 0
    [flag_row] = [line for line in shown.stdout.splitlines() if "▲ over 30%" in line]
    assert MONDAY.isoformat() in flag_row and "14.0" in flag_row and "+40%" in flag_row
    assert "Today:" in shown.stdout


def test_pain_before_sessions_goes_next_to_the_weeks_running(cli: Cli, tmp_path: Path) -> None:
    cli.screened()
    fast = ("session", "--speed", "5000", "--yes")
    assert cli(*fast, "--pain-before", "6", "--pain-after", "3").exit_code == 0
    assert cli(*fast, "--pain-before", "4", "--pain-after", "2").exit_code == 0
    _weeks(cli, tmp_path, 10)
    [week] = cli("runs", "--json", "--weeks", "1").json()["weeks"]
    assert (week["pain_before_mean"], week["pain_scores"]) == (5.0, 2)


def test_the_chart_is_a_png(cli: Cli, tmp_path: Path) -> None:
    _weeks(cli, tmp_path, 10, 12, 20)
    chart = tmp_path / "runs.png"
    r = cli("runs", "--chart", str(chart))
    assert r.exit_code == 0, r.stderr
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and chart.stat().st_size > 10_000
    bad = cli("runs", "--chart", str(tmp_path / "runs.svg"))
    assert bad.exit_code == 1 and "PNG" in bad.stderr


def test_today_is_one_line(cli: Cli, tmp_path: Path) -> None:
    r = cli("today")
    assert r.exit_code == 0
    assert r.stdout.startswith("Rest day") and r.stdout.count("\n") == 1
    # Three usual runs of 10 km in the past weeks, then 12 km today: a hard day.
    history = [
        str(write(tmp_path / f"h{n}.gpx", gpx(local(TODAY - timedelta(days=7 * n + 1)), km=10)))
        for n in (1, 2, 3)
    ]
    hard = str(write(tmp_path / "today.gpx", gpx(local(TODAY, hour=0), km=12, minutes=1)))
    assert cli("runs", "import", *history, hard).exit_code == 0
    r = cli("today")
    assert r.stdout.startswith("Hard or long day (12.0 km): skip the routine today")
    assert r.stdout.count("\n") == 1


def test_reminders_write_a_calendar_the_length_of_the_session(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "backcoach.ics"
    r = cli(
        "reminders", "--ics", str(out), "--days", "tue,thu", "--time", "18:15", "--alarm-min", "15"
    )
    assert r.exit_code == 0, r.stderr
    assert "Tue, Thu at 18:15" in r.stdout
    [event] = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert event["RRULE"]["BYDAY"] == ["TU", "TH"]
    start = event.decoded("DTSTART")
    assert (start.hour, start.minute, start.tzinfo) == (18, 15, None)
    assert start.date() >= TODAY and start.weekday() in (1, 3)
    planned = cli("plan", "--json").json()["total_s"]
    assert event.decoded("DURATION") == timedelta(minutes=math.ceil(planned / 60))
    [alarm] = event.walk("VALARM")
    assert alarm.decoded("TRIGGER") == timedelta(minutes=-15)
    uid = event["UID"]
    assert (
        cli("reminders", "--ics", str(out), "--days", "thu,tue", "--time", "18:15").exit_code == 0
    )
    assert Calendar.from_ical(out.read_bytes()).walk("VEVENT")[0]["UID"] == uid


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--days", "mon,someday"), "error: unknown day 'someday' in --days"),
        (("--days", ","), "error: --days needs at least one day"),
        (("--time", "24:00"), "error: --time must be HH:MM on a 24-hour clock"),
        (("--time", "7pm"), "error: --time must be HH:MM"),
        (("--tz", "Nowhere/Land"), "error: unknown time zone 'Nowhere/Land'"),
    ],
)
def test_reminders_refuse_bad_days_and_times(
    cli: Cli, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    out = tmp_path / "r.ics"
    r = cli("reminders", "--ics", str(out), *args)
    assert r.exit_code == 1
    assert r.stderr.startswith(message) and r.stderr.count("\n") == 1
    assert not out.exists()


def test_reminders_need_a_file_and_a_sane_alarm(cli: Cli, tmp_path: Path) -> None:
    assert cli("reminders").exit_code == 2
    assert cli("reminders", "--ics", str(tmp_path / "r.ics"), "--alarm-min", "-1").exit_code == 2
