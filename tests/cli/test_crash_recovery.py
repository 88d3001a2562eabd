"""A session in a real subprocess, killed halfway, leaves a recoverable stopped session."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from backcoach.routine import EndReason, SessionStatus
from backcoach.storage import open_store
from tests.cli.conftest import WIDTH, run_backcoach


# Slow enough (the whole routine takes 46 s at x25) that the session is still running when the
# test, polling as another process would, sees its first reps even on a busy machine.
def start_session(home: Path, speed: str = "25") -> subprocess.Popen[str]:
    env = {**os.environ, "BACKCOACH_HOME": str(home), "COLUMNS": WIDTH}
    env.pop("BACKCOACH_DATABASE_URL", None)
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "backcoach",
            "session",
            "--yes",
            "--speed",
            speed,
            "--pain-before",
            "4",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_reps(home: Path, process: subprocess.Popen[str], reps: int) -> None:
    """Poll the database (as another process would) until `reps` reps are stored."""
    url = f"sqlite:///{home / 'backcoach.db'}"
    for _ in range(600):
        assert process.poll() is None, process.communicate()
        if (home / "backcoach.db").exists():
            with open_store(url) as store:
                sessions = store.sessions()
                if sessions and sessions[-1].reps_done >= reps:
                    return
        time.sleep(0.1)
    process.kill()
    pytest.fail("the session never stored a rep")


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    assert run_backcoach(home, "screen", "--none-apply").returncode == 0
    return home


def test_a_killed_session_is_found_stopped_with_its_reps_at_the_next_start(home: Path) -> None:
    process = start_session(home)
    wait_for_reps(home, process, 3)
    process.send_signal(signal.SIGKILL)
    process.wait()

    history = run_backcoach(home, "history", "--json")
    assert history.returncode == 0
    assert "was interrupted after" in history.stderr
    assert "recorded as stopped" in history.stderr
    import json

    [session] = json.loads(history.stdout)
    assert session["status"] == SessionStatus.STOPPED.value
    assert session["end_reason"] == EndReason.CRASHED.value
    assert session["reps_done"] >= 3
    assert session["pain_before"] == 4
    assert session["results"][0]["holds_s"][:3] == [1.0, 1.0, 1.0]

    again = run_backcoach(home, "history", "--json")
    assert "interrupted" not in again.stderr  # said once, then it is an ordinary record


def test_the_next_session_start_reports_the_interrupted_one(home: Path) -> None:
    process = start_session(home)
    wait_for_reps(home, process, 1)
    process.kill()
    process.wait()
    nxt = run_backcoach(home, "session", "--yes", "--speed", "5000", "--pain-before", "2")
    assert nxt.returncode == 0, nxt.stderr
    assert "was interrupted after" in nxt.stderr
    statuses = [s.status for s in open_store(f"sqlite:///{home / 'backcoach.db'}").sessions()]
    assert statuses == [SessionStatus.STOPPED, SessionStatus.COMPLETED]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_or_terminate_stops_cleanly_with_exit_130(home: Path, sig: signal.Signals) -> None:
    process = start_session(home)
    wait_for_reps(home, process, 2)
    process.send_signal(sig)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "stopped; everything done so far is recorded" in err
    assert "Traceback" not in err
    with open_store(f"sqlite:///{home / 'backcoach.db'}") as store:
        [session] = store.sessions()
    assert session.status is SessionStatus.STOPPED
    assert session.end_reason is EndReason.INTERRUPTED
    assert session.reps_done >= 2
