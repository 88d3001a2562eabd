"""`backcoach report`: the files it writes and its one-line errors, run through the real app on a
real SQLite file in a temporary home."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

import backcoach.cli._report  # noqa: F401 - registers the command (the lead adds it to _commands)
from backcoach.program import CheckIn
from backcoach.storage import open_store
from tests.cli.conftest import Cli
from tests.report._history import ANALYSES, Session, on, write_session
from tests.report.conftest import pdf_text, visible_text


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    """A home with three sessions this week and last (one of them painful) and a check-in."""
    home = tmp_path / "home"
    home.mkdir()
    today = date.today()
    with open_store(f"sqlite:///{home / 'backcoach.db'}") as store:
        for ago, before, after in ((9, 4, 3), (2, 3, 3), (1, 2, 1)):
            write_session(store, Session(today - timedelta(days=ago), before, after))
        store.add_checkin(CheckIn(on(today, 7), 1, session_id=3))
    return Cli(home)


def test_pdf_and_html_at_once(cli: Cli, tmp_path: Path) -> None:
    r = cli("report", "--pdf", str(tmp_path / "r.pdf"), "--html", str(tmp_path / "r.html"))
    assert r.exit_code == 0, r.stderr
    assert f"HTML report written to {tmp_path / 'r.html'} (" in r.stdout
    assert f"PDF report written to {tmp_path / 'r.pdf'} (" in r.stdout
    assert "pages" in r.stdout or "1 page," in r.stdout
    page = visible_text((tmp_path / "r.html").read_text("utf-8"))
    assert "Sessions 3 3 completed, 0 stopped, 0 abandoned" in page
    assert "Morning check-ins 1.0" in page
    assert "(8 weeks)" in page
    text = pdf_text(tmp_path / "r.pdf")
    assert "3 completed, 0 stopped, 0 abandoned" in text


def test_weeks_and_analyses(cli: Cli, tmp_path: Path) -> None:
    analysis = tmp_path / "bridge.json"
    doc = dict(ANALYSES[0])
    doc.pop("analysed_at")  # as `backcoach analyze --json` prints it
    analysis.write_text(json.dumps(doc))
    out = tmp_path / "r.html"
    r = cli("report", "--html", str(out), "--weeks", "1", "--analysis", str(analysis))
    assert r.exit_code == 0, r.stderr
    page = visible_text(out.read_text("utf-8"))
    assert "(1 week)" in page
    assert "Glute bridge 1 8 3 (38%)" in page


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "error: say where to write the report: --pdf FILE, --html FILE or both"),
        (("--pdf", "{tmp}/r.html"), "error: the PDF report needs a file name ending in .pdf"),
        (("--html", "{tmp}/r.pdf"), "error: the HTML report needs a file name ending in .html"),
        (("--pdf", "{tmp}/nowhere/r.pdf"), "does not exist"),
        (("--html", "{tmp}/r.html", "--analysis", "{tmp}/junk.json"), "is not JSON"),
        (("--html", "{tmp}/r.html", "--analysis", "{tmp}/other.json"), "is not a motion analysis"),
        (("--html", "{tmp}/r.html", "--analysis", "{tmp}/none.json"), "No such file"),
    ],
)
def test_one_line_errors(cli: Cli, tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    (tmp_path / "junk.json").write_text("{not json")
    (tmp_path / "other.json").write_text('{"format": "backcoach-export"}')
    r = cli("report", *(a.format(tmp=tmp_path) for a in args))
    assert r.exit_code == 1
    assert message in r.stderr
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("error: ")
    assert not (tmp_path / "r.html").exists() and not (tmp_path / "r.pdf").exists()


def test_weeks_must_be_sensible(cli: Cli, tmp_path: Path) -> None:
    r = cli("report", "--html", str(tmp_path / "r.html"), "--weeks", "0")
    assert r.exit_code == 2


def test_in_a_fresh_process_without_a_display(cli: Cli, tmp_path: Path) -> None:
    """The whole path in a real process: no display, a cold matplotlib, files written."""
    env = {**os.environ, "BACKCOACH_HOME": str(cli.home), "COLUMNS": "100"}
    env.pop("BACKCOACH_DATABASE_URL", None)
    env.pop("DISPLAY", None)
    env["MPLBACKEND"] = "tkagg"  # a GUI backend asked for: the report must not use it
    code = "import backcoach.cli._report; from backcoach.cli import main; main()"
    out = tmp_path / "r.pdf"
    proc = subprocess.run(
        [sys.executable, "-c", code, "report", "--pdf", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"PDF report written to {out} (")
    assert out.read_bytes().startswith(b"%PDF")
