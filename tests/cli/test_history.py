"""`backcoach history`, `progress`, `export`, and what bad storage does to them."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest

from tests.cli.conftest import Cli

FAST = ("session", "--speed", "5000", "--yes")


@pytest.fixture
def two_sessions(cli: Cli) -> Cli:
    cli.screened()
    assert cli(*FAST, "--pain-before", "5", "--pain-after", "3").exit_code == 0
    assert cli(*FAST, "--pain-before", "4", "--pain-after", "2").exit_code == 0
    return cli


def test_history_when_empty(cli: Cli) -> None:
    r = cli("history")
    assert r.exit_code == 0
    assert "No sessions yet" in r.stdout


def test_history_table_and_json(two_sessions: Cli) -> None:
    r = two_sessions("history")
    assert r.exit_code == 0
    assert r.stdout.count("completed") == 2
    assert "62/62" in r.stdout and "5 → 3" in r.stdout
    sessions = two_sessions("history", "--json").json()
    assert [s["id"] for s in sessions] == [1, 2]
    assert two_sessions("history", "--json", "--limit", "1").json()[0]["id"] == 2


def test_progress_summary_and_json(two_sessions: Cli) -> None:
    r = two_sessions("progress")
    assert r.exit_code == 0
    assert "Sessions: 2 (2 completed" in r.stdout
    assert "Streak: 1 day" in r.stdout
    assert "4.5 before, 2.5 after" in r.stdout
    doc = two_sessions("progress", "--json").json()
    assert doc["completion_rate"] == 1.0 and doc["streak_days"] == 1
    assert sum(w["sessions"] for w in doc["weeks"]) == 2


def test_progress_chart_is_a_png(two_sessions: Cli, tmp_path: Path) -> None:
    chart = tmp_path / "progress.png"
    r = two_sessions("progress", "--chart", str(chart))
    assert r.exit_code == 0
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert chart.stat().st_size > 10_000


def test_progress_chart_must_be_png(two_sessions: Cli, tmp_path: Path) -> None:
    r = two_sessions("progress", "--chart", str(tmp_path / "chart.pdf"))
    assert r.exit_code == 1 and "PNG" in r.stderr


def test_export_json_holds_everything(two_sessions: Cli, tmp_path: Path) -> None:
    out = tmp_path / "export.json"
    assert two_sessions("export", "--format", "json", "-o", str(out)).exit_code == 0
    doc = json.loads(out.read_text())
    assert doc["format"] == "backcoach-export" and doc["version"] == 1
    assert len(doc["sessions"]) == 2 and len(doc["screenings"]) == 1
    first = doc["sessions"][0]
    assert len(first["results"]) == 7 and len(first["pain"]) == 2
    assert doc == {
        **doc,
        **json.loads(two_sessions("export").stdout),
        "exported_at": doc["exported_at"],
    }


def test_export_csv_writes_one_file_per_table(two_sessions: Cli, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    assert two_sessions("export", "--format", "csv", "-o", str(out)).exit_code == 0
    with (out / "exercise_results.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 14
    assert rows[-1]["exercise_id"] == "glute_bridge" and rows[-1]["reps_done"] == "8"
    with (out / "sessions.csv").open() as handle:
        assert [r["status"] for r in csv.DictReader(handle)] == ["completed", "completed"]
    assert (out / "pain_scores.csv").read_text().count("\n") == 5
    assert (out / "screenings.csv").exists()
    assert (out / "questionnaires.csv").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("export", "--format", "xml"), "unknown export format 'xml'"),
        (("export", "--format", "csv"), "give a folder with --output"),
    ],
)
def test_export_bad_arguments(cli: Cli, args: tuple[str, ...], message: str) -> None:
    r = cli(*args)
    assert r.exit_code == 1
    assert message in r.stderr


def test_an_unwritable_data_folder_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    cli = Cli(blocker / "home")
    for args in (("history",), ("screen", "--none-apply")):
        r = cli(*args)
        assert r.exit_code == 1
        assert r.stderr.startswith("error: cannot write to the data folder")
        assert r.stderr.strip().count("\n") == 0


def test_a_home_that_is_a_file_is_refused(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.write_text("oops")
    r = Cli(home)("history")
    assert r.exit_code == 1 and "not a folder" in r.stderr


def test_a_corrupt_database_is_reported_and_left_untouched(cli: Cli) -> None:
    cli.home.mkdir(parents=True)
    db = cli.home / "backcoach.db"
    garbage = b"this is not sqlite at all\x00" * 200
    db.write_bytes(garbage)
    for args in (("history",), (*FAST, "--pain-before", "1"), ("export",)):
        r = cli(*args)
        assert r.exit_code == 1
        assert r.stderr.startswith("error: ")
        assert r.stderr.strip().count("\n") == 0
        assert "Traceback" not in r.stdout + r.stderr
    assert db.read_bytes() == garbage


def test_a_locked_database_is_reported_without_losing_data(
    two_sessions: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import backcoach.storage._store as store_module

    original = store_module.open_store
    monkeypatch.setattr(
        store_module, "open_store", lambda url, **kw: original(url, busy_timeout_s=0.2)
    )
    db = two_sessions.home / "backcoach.db"
    locker = sqlite3.connect(db)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        r = two_sessions(*FAST, "--pain-before", "1")
        assert r.exit_code == 1
        assert "locked" in r.stderr
        assert r.stderr.strip().count("\n") == 0
    finally:
        locker.rollback()
        locker.close()
    assert len(two_sessions("history", "--json").json()) == 2
