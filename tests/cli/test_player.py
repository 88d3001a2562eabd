"""The terminal player driven by scripted keys on a fake clock, writing to a real SQLite store."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rich.console import Console

from backcoach.catalog import ExerciseId, load_catalog
from backcoach.cli._keys import Key, ScriptedKeys, parse_keys
from backcoach.cli._player import Player, Recorder
from backcoach.cli._voice import Silent
from backcoach.routine import (
    EndReason,
    PainPhase,
    Routine,
    SessionEngine,
    SessionStatus,
    build_timeline,
    item_for,
)
from backcoach.storage import Store, open_store

CATALOG = load_catalog()


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += 0.5  # half a session-second per tick


class Speaker(Silent):
    def __init__(self) -> None:
        self.said: list[str] = []

    def say(self, text: str) -> None:
        self.said.append(text)


def make_player(
    tmp_path: Path, script: list[tuple[float, Key]], answers: list[str]
) -> tuple[Player, Store, int, Speaker]:
    store = open_store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    routine = Routine(
        tuple(
            item_for(CATALOG.get(i)) for i in (ExerciseId.PARTIAL_CRUNCH, ExerciseId.GLUTE_BRIDGE)
        )
    )
    timeline = build_timeline(routine, CATALOG, get_ready_s=0)
    clock = FakeClock()
    engine = SessionEngine(timeline, clock)
    session_id = store.start_session(routine, timeline.total_s, datetime.now(UTC), 1, "here")
    recorder = Recorder(store, session_id, engine, lambda: datetime.now(UTC))
    recorder.planned()
    speaker = Speaker()
    replies = iter(answers)
    player = Player(
        engine,
        CATALOG,
        recorder,
        Console(file=io.StringIO(), width=100),
        ScriptedKeys(script, lambda: engine.active_s),
        speaker,
        speed=1.0,
        live=False,
        ask=lambda question: next(replies),
        sleep=clock.sleep,
    )
    return player, store, session_id, speaker


def test_runs_to_the_end_and_says_the_cues(tmp_path: Path) -> None:
    player, store, session_id, speaker = make_player(tmp_path, [], [])
    outcome = player.run()
    assert (outcome.status, outcome.reason) == (SessionStatus.COMPLETED, EndReason.FINISHED)
    record = store.get_session(session_id)
    assert record.status is SessionStatus.COMPLETED
    assert [r.reps_done for r in record.results] == [8, 8]
    assert "Rep 1 of 8. Curl up." in speaker.said
    assert speaker.said.count("3") == 8  # the bridge's 6 s holds end "3, 2, 1"
    assert speaker.said[-1] == "Session complete. Well done."


def test_pain_above_5_stops_the_exercise_and_is_recorded(tmp_path: Path) -> None:
    player, store, session_id, _ = make_player(tmp_path, [(20.0, Key.HURTS)], ["7"])
    player.run()
    record = store.get_session(session_id)
    crunch, bridge = record.results
    assert crunch.painful and crunch.skipped and crunch.reps_done < 8
    assert bridge.reps_done == 8
    [during] = [p for p in record.pain if p.phase is PainPhase.DURING]
    assert (during.score, during.exercise_id) == (7, ExerciseId.PARTIAL_CRUNCH)
    assert record.status is SessionStatus.COMPLETED


def test_pain_within_the_limit_carries_on(tmp_path: Path) -> None:
    player, store, session_id, _ = make_player(tmp_path, [(20.0, Key.HURTS)], ["4"])
    player.run()
    crunch = store.get_session(session_id).results[0]
    assert crunch.painful and not crunch.skipped and crunch.reps_done == 8


def test_a_bad_pain_answer_is_asked_again(tmp_path: Path) -> None:
    player, store, session_id, _ = make_player(tmp_path, [(20.0, Key.HURTS)], ["12", "6"])
    player.run()
    assert store.get_session(session_id).results[0].skipped


def test_quit_records_a_stopped_session_with_what_was_done(tmp_path: Path) -> None:
    player, store, session_id, _ = make_player(tmp_path, [(40.0, Key.QUIT)], [])
    outcome = player.run()
    assert (outcome.status, outcome.reason) == (SessionStatus.STOPPED, EndReason.QUIT)
    record = store.get_session(session_id)
    assert record.status is SessionStatus.STOPPED and record.end_reason is EndReason.QUIT
    assert 0 < record.results[0].reps_done < 8
    assert record.results[1].reps_done == 0


def test_quit_before_any_rep_is_abandoned(tmp_path: Path) -> None:
    player, store, session_id, _ = make_player(tmp_path, [(1.0, Key.QUIT)], [])
    assert player.run().status is SessionStatus.ABANDONED
    assert store.get_session(session_id).status is SessionStatus.ABANDONED


def test_skip_exercise_key(tmp_path: Path) -> None:
    player, store, session_id, _ = make_player(tmp_path, [(1.0, Key.SKIP_EXERCISE)], [])
    player.run()
    crunch, bridge = store.get_session(session_id).results
    assert crunch.skipped and crunch.reps_done == 0 and bridge.reps_done == 8


def test_ctrl_c_records_the_stop_then_propagates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    player, store, session_id, _ = make_player(tmp_path, [], [])
    ticks = 0
    original = player.engine.tick

    def interrupting_tick() -> list:  # type: ignore[type-arg]
        nonlocal ticks
        ticks += 1
        if ticks == 100:
            raise KeyboardInterrupt
        return original()

    monkeypatch.setattr(player.engine, "tick", interrupting_tick)
    with pytest.raises(KeyboardInterrupt):
        player.run()
    record = store.get_session(session_id)
    assert record.status is SessionStatus.STOPPED
    assert record.end_reason is EndReason.INTERRUPTED
    assert record.reps_done > 0


@pytest.mark.parametrize(
    ("raw", "keys"),
    [
        (" ", [Key.PAUSE]),
        ("nNs", [Key.SKIP_STEP, Key.SKIP_STEP, Key.SKIP_EXERCISE]),
        ("\x1b[C", [Key.SKIP_STEP]),
        ("xhq", [Key.HURTS, Key.QUIT]),
        ("\x1b[A", []),
    ],
)
def test_key_parsing(raw: str, keys: list[Key]) -> None:
    assert parse_keys(raw) == keys
