"""`plan` (and `dosage`) read the history straight from the SQLite file: the same output as through
the store, nothing written, and neither SQLAlchemy nor Alembic loaded; `--help` loads nothing
heavy. (How fast is measured in benchmarks/startup.py, not here.)"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command

from backcoach.cli import _plan, _program  # noqa: F401  (register plan and dosage)
from backcoach.program import CheckIn, DifficultyRating
from backcoach.routine import SessionStatus
from backcoach.storage import open_store, read_history
from backcoach.storage._migrate import alembic_config
from backcoach.storage._schema import HEAD_REVISION, VERSION_TABLE
from tests.cli.conftest import WIDTH, Cli
from tests.report._history import on, routine, write_months

TODAY = date(2024, 6, 26)
NOW = datetime(2024, 6, 27, 18, 0, tzinfo=UTC)
VIEWS = [("plan", "--json"), ("plan",), ("dosage", "--json"), ("dosage",)]


def _url(path: Path) -> str:
    return f"sqlite:///{path}"


@pytest.fixture(scope="module")
def months_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A month of sessions decided by the program, with check-ins, dosage changes, difficulty
    ratings, and a session left running by a process that died (plan must not recover it)."""
    path = tmp_path_factory.mktemp("months") / "backcoach.db"
    with open_store(_url(path)) as store:
        write_months(store, 24, TODAY, seed=4)
        sessions = store.sessions()
        for n, session in enumerate(sessions):
            if n % 3 == 0:
                store.set_difficulty(session.id, DifficultyRating(2 + n % 4))
        # The back had not settled the morning after the last session: the program holds.
        last = sessions[-1]
        store.add_checkin(CheckIn(on(TODAY + timedelta(days=1), 7), 7, session_id=last.id))
        store.start_session(routine(), 900, on(TODAY, 19), pid=2**22 + 7, host="elsewhere")
    return path


@pytest.fixture
def user(cli: Cli, months_db: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    cli.home.mkdir(parents=True)
    shutil.copyfile(months_db, cli.home / "backcoach.db")
    monkeypatch.setattr("backcoach.cli._context.now", lambda: NOW)
    return cli


def _no_store(*args: object, **kwargs: object) -> None:
    raise AssertionError("the store was opened: the history should have been read directly")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("args", VIEWS, ids=[" ".join(v) for v in VIEWS])
def test_the_direct_read_gives_the_same_output_as_the_store(
    user: Cli, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    with monkeypatch.context() as direct:
        direct.setattr("backcoach.storage._store.open_store", _no_store)
        fast = user(*args)
    with monkeypatch.context() as through_store:
        through_store.setattr("backcoach.storage._read.read_history", lambda url, **kw: None)
        slow = user(*args)

    assert fast.exit_code == slow.exit_code == 0, fast.stderr + slow.stderr
    assert fast.stdout == slow.stdout
    assert fast.stderr == slow.stderr == ""


def test_the_history_compared_is_a_rich_one(user: Cli) -> None:
    doc = user("plan", "--json").json()
    rules = {d["rule"] for d in doc["decisions"]}
    history = read_history(_url(user.home / "backcoach.db"))

    assert history is not None
    assert len(history.sessions) > 20 and history.checkins and history.ratings
    assert len({c.rule for c in history.dosage_changes}) > 1
    assert rules - {"start", "steady"}, rules


def test_plan_and_dosage_write_nothing_and_recover_nothing(user: Cli) -> None:
    db = user.home / "backcoach.db"
    before = _digest(db)

    for args in VIEWS:
        assert user(*args).exit_code == 0

    assert _digest(db) == before
    history = read_history(_url(db))
    assert history is not None
    assert history.sessions[-1].status is SessionStatus.IN_PROGRESS


def test_an_older_database_is_upgraded_by_plan_as_before(user: Cli) -> None:
    db = user.home / "backcoach.db"
    expected = user("plan", "--json").stdout
    with open_store(_url(db)) as store, store.engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")

    r = user("plan", "--json")

    assert r.exit_code == 0, r.stderr
    assert r.stdout == expected
    with closing(sqlite3.connect(db)) as raw:
        assert raw.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchall() == [
            (HEAD_REVISION,)
        ]


def test_a_corrupt_database_is_reported_by_plan_in_one_line(cli: Cli) -> None:
    cli.home.mkdir(parents=True)
    db = cli.home / "backcoach.db"
    garbage = b"SQLite format 3\x00" + bytes(range(256)) * 16
    db.write_bytes(garbage)

    r = cli("plan")

    assert r.exit_code == 1
    assert r.stderr.startswith("error: ") and r.stderr.strip().count("\n") == 0
    assert "is not a backcoach database" in r.stderr
    assert db.read_bytes() == garbage


def _imported(home: Path, *args: str) -> set[str]:
    """The modules a real `backcoach ARGS` process imports (from `python -X importtime`)."""
    env = {**os.environ, "BACKCOACH_HOME": str(home), "COLUMNS": WIDTH}
    env.pop("BACKCOACH_DATABASE_URL", None)
    r = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "backcoach", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    lines = [line for line in r.stderr.splitlines() if line.startswith("import time:")]
    return {line.rsplit("|", 1)[1].strip() for line in lines[1:]}  # [0] is the header


def test_help_imports_nothing_heavy(tmp_path: Path) -> None:
    imported = _imported(tmp_path, "--help")
    heavy = {"pydantic", "sqlalchemy", "alembic", "numpy", "backcoach.catalog"}

    assert "typer" in imported
    assert imported & heavy == set()


def test_plan_on_a_database_loads_neither_sqlalchemy_nor_alembic(user: Cli) -> None:
    imported = _imported(user.home, "plan", "--json")

    assert "sqlite3" in imported and "backcoach.storage._read" in imported
    assert imported & {"sqlalchemy", "alembic"} == set()
