"""`backcoach session --camera`: the motion coach confirming reps while the timer leads."""

from __future__ import annotations

import io
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rich.console import Console

from backcoach.camera import LandmarkStream, open_video
from backcoach.catalog import ExerciseId, load_catalog
from backcoach.cli._keys import ScriptedKeys
from backcoach.cli._player import Player, Recorder
from backcoach.cli._session_camera import (
    CameraConfirm,
    SeenRep,
    camera_line,
    summary_lines,
)
from backcoach.cli._voice import Silent
from backcoach.routine import Routine, SessionEngine, SessionStatus, build_timeline, item_for
from backcoach.storage import open_store
from tests.camera import _videos
from tests.camera._videos import needs_camera, needs_videos
from tests.cli.conftest import Cli

CATALOG = load_catalog()


class FakeClock:
    """Session time that moves only when the player sleeps, and never ahead of the video: each
    tick waits until the camera has analysed the frames up to that time (or has finished)."""

    def __init__(self) -> None:
        self.now = 0.0
        self.confirm: CameraConfirm | None = None

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += 0.5
        confirm = self.confirm
        while confirm is not None and not confirm.finished and confirm.last_t < self.now:
            time.sleep(0.005)


@needs_videos
def test_reps_seen_by_the_camera_go_to_the_exercise_being_done(tmp_path: Path) -> None:
    clip = _videos.CLIPS["glute_bridge"]
    assert clip.hold_s is not None and clip.rest_s is not None
    bridge = item_for(
        CATALOG.get(ExerciseId.GLUTE_BRIDGE),
        hold_s=clip.hold_s,
        rest_s=clip.rest_s,
        allow_outside_range=True,  # the clip's short holds
    )
    # The bridge lasts longer than the video, so every rep in it happens during the bridge;
    # the crunch after it sees only the end of the video.
    routine = Routine((bridge, item_for(CATALOG.get(ExerciseId.PARTIAL_CRUNCH))))
    timeline = build_timeline(routine, CATALOG, get_ready_s=0)
    video_s = _videos.frame_count(_videos.video("glute_bridge")) / _videos.FPS
    assert timeline.exercises[0].duration_s > video_s + 1
    clock = FakeClock()
    engine = SessionEngine(timeline, clock)
    store = open_store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    session_id = store.start_session(routine, timeline.total_s, datetime.now(UTC), 1, "here")
    recorder = Recorder(store, session_id, engine, lambda: datetime.now(UTC))
    recorder.planned()
    out = io.StringIO()
    # Every frame, as fast as the model goes: the clock waits for it.
    with LandmarkStream(open_video(_videos.video("glute_bridge")), workers=1) as stream:
        confirm = CameraConfirm(stream, timeline)
        clock.confirm = confirm
        player = Player(
            engine,
            CATALOG,
            recorder,
            Console(file=out, width=100),
            ScriptedKeys([], lambda: engine.active_s),
            Silent(),
            speed=1.0,
            live=False,
            ask=lambda question: "",
            sleep=clock.sleep,
            confirm=confirm,
        )
        confirm.start()
        try:
            outcome = player.run()
        finally:
            confirm.close()
    assert outcome.status is SessionStatus.COMPLETED
    assert confirm.error is None and confirm.frames_done > 0

    truth = _videos.track("glute_bridge").truth
    seen = player.seen[0]
    assert [r.rep for r in seen] == [1, 2]
    assert all(r.position == 0 for r in seen)
    assert seen[0].hold_s == pytest.approx(truth[0].hold_s, abs=0.6)
    assert "hold_too_short" in seen[1].faults
    assert 1 not in player.seen  # nothing counted for the crunch

    # The timer's record is untouched: the camera only confirms.
    record = store.get_session(session_id)
    assert [r.reps_done for r in record.results] == [8, 8]
    assert "camera: rep 1 seen, held" in out.getvalue()

    lines = summary_lines(timeline, player.seen, CATALOG)
    assert lines[1].startswith("  Glute bridge: 2 of 8 reps seen, mean hold")
    assert "hold too short (1×)" in lines[1]
    assert lines[2] == "  Partial crunch: no reps seen (of 8)"
    store.close()


def test_the_camera_line_on_the_player_screen() -> None:
    assert camera_line([], person_seen=False) == "camera: I can't see you - the timer keeps going"
    assert camera_line([], person_seen=True) == "camera: 0 reps seen"
    reps = [
        SeenRep(0, 1, None, 6.1, ()),
        SeenRep(0, 2, None, 5.8, ("hips_too_low",)),
    ]
    assert camera_line(reps, person_seen=True) == (
        "camera: 2 reps seen, last hold 5.8 s, hips not high enough"
    )


@needs_camera
def test_a_camera_that_cannot_be_opened_fails_before_any_session(cli: Cli, tmp_path: Path) -> None:
    import backcoach.cli._session  # noqa: F401

    r = cli.screened()(
        "session", "--yes", "--pain-before", "1", "--camera", str(tmp_path / "none.mp4")
    )
    assert r.exit_code == 1
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and "none.mp4" in lines[0]
    with open_store(f"sqlite:///{cli.home / 'backcoach.db'}") as store:
        assert store.sessions() == []


class _Watching:
    """A camera that has seen one rep of the first exercise."""

    person_seen = True

    def __init__(self) -> None:
        self.reps = [SeenRep(0, 1, None, 5.8, ("hips_too_low",))]

    def follow(self, position: int) -> None:
        pass

    def drain(self) -> list[SeenRep]:
        out, self.reps = self.reps, []
        return out


def test_the_player_screen_shows_what_the_camera_saw(tmp_path: Path) -> None:
    routine = Routine((item_for(CATALOG.get(ExerciseId.GLUTE_BRIDGE)),))
    timeline = build_timeline(routine, CATALOG, get_ready_s=0)
    engine = SessionEngine(timeline, lambda: 0.0)
    store = open_store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    session_id = store.start_session(routine, timeline.total_s, datetime.now(UTC), 1, "here")
    out = io.StringIO()
    console = Console(file=out, width=100)
    player = Player(
        engine,
        CATALOG,
        Recorder(store, session_id, engine, lambda: datetime.now(UTC)),
        console,
        ScriptedKeys([], lambda: engine.active_s),
        Silent(),
        speed=1.0,
        live=False,
        ask=lambda question: "",
        confirm=_Watching(),
    )
    engine.start()
    player._take_confirmed()
    console.print(player._screen())
    assert "camera: 1 rep seen, last hold 5.8 s, hips not high enough" in out.getvalue()
    store.close()
