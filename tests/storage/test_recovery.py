"""Sessions left IN_PROGRESS by a dead process are closed on the next start, results kept."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from backcoach.routine import EndReason, PainPhase, PainScore, SessionStatus
from backcoach.storage import Store, open_store
from tests.storage._support import T0, at, result, routine

HOST = "laptop"


class FakeProcesses:
    """`is_alive` for the tests: the listed pids are alive on HOST; every call is noted."""

    def __init__(self, *alive: int) -> None:
        self.alive = set(alive)
        self.asked: list[tuple[int, str]] = []

    def __call__(self, pid: int, host: str) -> bool:
        self.asked.append((pid, host))
        return host == HOST and pid in self.alive


def test_a_dead_process_session_is_stopped_as_crashed_with_its_results(store: Store) -> None:
    session_id = store.start_session(routine(), 600, T0, pid=101, host=HOST)
    store.save_result(session_id, result(0, reps_done=8))
    store.save_result(session_id, result(1, reps_done=2))
    store.add_pain(session_id, PainScore(PainPhase.BEFORE, 3, at(1)))
    store.heartbeat(session_id, at(95))

    recovered = store.recover_interrupted(at(120), FakeProcesses())

    record = store.get_session(session_id)
    assert recovered == [record]
    assert record.status is SessionStatus.STOPPED
    assert record.end_reason is EndReason.CRASHED
    assert record.ended_at == at(95)
    assert record.results == (result(0, reps_done=8), result(1, reps_done=2))
    assert record.pain_at(PainPhase.BEFORE) == 3


def test_a_dead_session_without_a_rep_done_is_abandoned(store: Store) -> None:
    session_id = store.start_session(routine(), 600, T0, pid=101, host=HOST)
    store.save_result(session_id, result(0, reps_done=0, skipped=True))

    [record] = store.recover_interrupted(at(30), FakeProcesses())

    assert record.id == session_id
    assert record.status is SessionStatus.ABANDONED
    assert record.end_reason is EndReason.CRASHED
    assert record.ended_at == T0, "no heartbeat: it ends when it started"


def test_a_live_session_with_a_fresh_heartbeat_is_left_running(store: Store) -> None:
    session_id = store.start_session(routine(), 600, T0, pid=101, host=HOST)
    store.save_result(session_id, result(0, reps_done=4))
    store.heartbeat(session_id, at(500))
    processes = FakeProcesses(101)

    assert store.recover_interrupted(at(560), processes) == []

    assert processes.asked == [(101, HOST)]
    record = store.get_session(session_id)
    assert record.status is SessionStatus.IN_PROGRESS
    assert record.ended_at is None


def test_a_live_pid_with_a_stale_heartbeat_is_taken_as_reused_and_recovered(store: Store) -> None:
    session_id = store.start_session(routine(), 600, T0, pid=101, host=HOST)
    store.save_result(session_id, result(0, reps_done=4))
    store.heartbeat(session_id, at(100))

    [record] = store.recover_interrupted(at(100 + 601), FakeProcesses(101), stale_after_s=600)

    assert record.id == session_id
    assert record.status is SessionStatus.STOPPED
    assert record.ended_at == at(100)


def test_the_staleness_limit_is_the_callers(store: Store) -> None:
    session_id = store.start_session(routine(), 600, T0, pid=101, host=HOST)

    assert store.recover_interrupted(at(50), FakeProcesses(101), stale_after_s=60) == []
    assert [r.id for r in store.recover_interrupted(at(61), FakeProcesses(101), 60)] == [session_id]


def test_only_sessions_in_progress_are_looked_at_and_the_result_is_oldest_first(
    store: Store,
) -> None:
    finished = store.start_session(routine(), 600, at(0), pid=7, host=HOST)
    store.finish_session(finished, SessionStatus.COMPLETED, EndReason.FINISHED, at(600))
    newer = store.start_session(routine(), 600, at(2000), pid=8, host=HOST)
    older = store.start_session(routine(), 600, at(1800), pid=9, host=HOST)
    processes = FakeProcesses()

    recovered = store.recover_interrupted(at(2100), processes)

    assert [r.id for r in recovered] == [older, newer]
    assert sorted(processes.asked) == [(8, HOST), (9, HOST)]
    assert store.get_session(finished).end_reason is EndReason.FINISHED
    assert store.recover_interrupted(at(2200), processes) == [], "a second pass finds nothing"


def test_the_host_is_passed_to_is_alive_as_stored(store: Store) -> None:
    store.start_session(routine(), 600, T0, pid=101, host="other-machine")
    processes = FakeProcesses(101)

    [record] = store.recover_interrupted(at(10), processes)

    assert processes.asked == [(101, "other-machine")]
    assert record.status is SessionStatus.ABANDONED


_KILLED_MID_SESSION = """
import os, signal, sys
from backcoach.storage import open_store
from tests.storage._support import T0, at, result, routine

store = open_store(sys.argv[1])
session_id = store.start_session(routine(), 600, T0, pid=os.getpid(), host="laptop")
store.save_result(session_id, result(0, reps_done=8))
store.heartbeat(session_id, at(40))
store.save_result(session_id, result(1, reps_done=3))
print(session_id, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def _pid_alive(pid: int, host: str) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return host == HOST


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_killed_process_loses_nothing_it_had_written(db_path: Path) -> None:
    url = f"sqlite:///{db_path}"
    child = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_KILLED_MID_SESSION), url],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).parents[2],
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    session_id = int(child.stdout)

    with open_store(url) as store:
        [record] = store.recover_interrupted(at(60), _pid_alive)

    assert record.id == session_id
    assert record.status is SessionStatus.STOPPED
    assert record.end_reason is EndReason.CRASHED
    assert record.ended_at == at(40)
    assert record.results == (result(0, reps_done=8), result(1, reps_done=3))
