"""`backcoach track`, `backcoach analyze VIDEO` and `backcoach coach` as a user runs them."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from backcoach.routine import SessionStatus
from backcoach.storage import open_store
from backcoach.trackfile import read_track
from tests.camera import _videos
from tests.camera._videos import needs_camera, needs_videos
from tests.cli.conftest import Cli


def _one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: ")
    return lines[0]


@needs_videos
def test_track_writes_a_pose_track_of_the_video(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "set.json.gz"
    r = cli("track", str(_videos.rotated()), "-o", str(out))
    assert r.exit_code == 0, r.stderr
    track = read_track(out)
    assert track.n_frames == _videos.frame_count(_videos.rotated())
    assert int(track.has_pose.sum()) == track.n_frames
    assert (track.width, track.height) == _videos.SIZE
    assert f"{track.n_frames} frames" in r.stderr


@needs_videos
def test_track_of_an_empty_room_warns_but_succeeds(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "nobody.json"
    r = cli("track", str(_videos.empty_room()), "-o", str(out))
    assert r.exit_code == 0
    assert "no person found" in r.stderr
    assert not read_track(out).has_pose.any()


@needs_camera
@pytest.mark.parametrize(
    ("video", "output", "expected"),
    [
        ("missing.mp4", "t.json", "no such file"),
        ("notes.mp4", "t.json", "not a video"),
        ("notes.mp4", "t.txt", "must end in .json"),
        ("notes.mp4", "nowhere/t.json", "no such folder"),
    ],
)
def test_track_bad_input_is_one_line_and_exit_1(
    cli: Cli, tmp_path: Path, video: str, output: str, expected: str
) -> None:
    (tmp_path / "notes.mp4").write_text("hello\n" * 100)
    r = cli("track", str(tmp_path / video), "-o", str(tmp_path / output))
    assert r.exit_code == 1
    assert expected in _one_error_line(r.stderr)
    assert not (tmp_path / output).exists()


@needs_videos
def test_analyze_takes_a_video(cli: Cli) -> None:
    r = cli("analyze", str(_videos.rotated()), "--exercise", "glute_bridge", "--json")
    assert r.exit_code == 0, r.stderr
    doc = r.json()
    assert doc["exercise"] == "glute_bridge"
    assert doc["quality"]["frames"] == _videos.frame_count(_videos.rotated())


@needs_camera
def test_analyze_unreadable_video_is_one_line(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "broken.mp4"
    bad.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 200)
    r = cli("analyze", str(bad), "--exercise", "wall_sit")
    assert r.exit_code == 1
    assert "broken.mp4" in _one_error_line(r.stderr)


@needs_camera
def test_coach_with_a_camera_that_cannot_be_opened(cli: Cli) -> None:
    r = cli.screened()("coach", "--exercise", "wall_sit", "--camera", "7")
    assert r.exit_code == 4
    assert "camera 7" in _one_error_line(r.stderr)


@needs_videos
def test_coach_needs_the_safety_screen_first(cli: Cli) -> None:
    r = cli("coach", "--exercise", "wall_sit", "--camera", str(_videos.rotated()))
    assert r.exit_code == 1
    assert "backcoach screen" in _one_error_line(r.stderr)


@needs_videos
def test_coach_counts_live_and_records_a_session(cli: Cli) -> None:
    clip = _videos.CLIPS["glute_bridge"]
    r = cli.screened()(
        "coach",
        "--exercise",
        "glute_bridge",
        "--camera",
        str(_videos.video("glute_bridge")),
        "--reps",
        "1",
        "--hold",
        str(clip.hold_s),
        "--rest",
        str(clip.rest_s),
        "--pain-before",
        "2",
        "--speed",
        "3",
    )
    assert r.exit_code == 0, r.stderr
    assert "rep 1" in r.stdout  # the rep as it happened
    with open_store(f"sqlite:///{cli.home / 'backcoach.db'}") as store:
        (record,) = store.sessions()
        assert record.status is SessionStatus.COMPLETED
        (result,) = record.results
        assert result.exercise_id.value == "glute_bridge"
        assert (result.reps_planned, result.reps_done) == (1, 1)
        assert result.holds_s[0] == pytest.approx(
            _videos.track("glute_bridge").truth[0].hold_s, abs=0.6
        )
        assert record.pain[0].score == 2
        # The camera's own account of the set is kept too, tied to the session.
        (stored,) = store.analyses()
        assert (stored.source, stored.session_id) == ("live", record.id)
        assert stored.document["reps"] >= 1


def test_camera_without_the_extra_says_how_to_install(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    video = tmp_path / "set.mp4"
    video.write_bytes(b"not really")
    monkeypatch.setitem(sys.modules, "cv2", None)
    r = cli("track", str(video), "-o", str(tmp_path / "t.json"))
    assert r.exit_code == 1
    assert "pip install 'backcoach[camera]'" in _one_error_line(r.stderr)


@needs_videos
def test_analyze_video_cli_writes_the_annotated_replay(tmp_path: Path) -> None:
    from backcoach.cli._camera_run import analyze_video_cli

    out = tmp_path / "replay.mp4"
    result = analyze_video_cli(_videos.rotated(), "glute_bridge", annotate=out)
    assert result.quality.frames == _videos.frame_count(out)


def test_progress_bar_shows_frames_per_second_and_time_left() -> None:
    import io

    from rich.console import Console

    from backcoach.cli._camera_run import video_progress

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=100)
    clock = iter(x / 50.0 for x in range(100_000))  # 50 frames a second
    with video_progress(console, "Tracking set.mp4", get_time=lambda: next(clock)) as update:
        for done in range(1, 301):
            update(done, 300)
    text = buffer.getvalue()
    assert "Tracking set.mp4" in text
    assert "300/300" in text
    assert re.search(r"\d+\.\d fps", text)
    assert re.search(r"\d:\d\d:\d\d", text)  # time left


def test_no_progress_bar_off_a_terminal_or_for_short_videos() -> None:
    import io

    from rich.console import Console

    from backcoach.cli._camera_run import video_progress

    for console, total in (
        (Console(file=io.StringIO(), force_terminal=False), 1000),
        (Console(file=io.StringIO(), force_terminal=True), 50),
    ):
        with video_progress(console, "x") as update:
            for done in range(1, total + 1):
                update(done, total)
        assert console.file.getvalue() == ""  # type: ignore[attr-defined]
