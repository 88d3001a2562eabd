"""Video -> landmarks -> analysis, end to end on rendered videos whose truth is known."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pytest

from backcoach.camera import PoseResult, analyze_video, iter_video_landmarks, track_from_video
from backcoach.motion import Analysis, PoseTrack, analyze, track_from_dict
from tests.camera import _videos
from tests.camera._videos import CLIPS, needs_videos

pytestmark = needs_videos


@pytest.fixture(scope="module")
def replay_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("replay")


@cache
def _track(name: str) -> PoseTrack:
    return track_from_video(_videos.video(name))


def _streamed(name: str, workers: int = 1, annotate: Path | None = None) -> Analysis:
    clip = CLIPS[name]
    return analyze_video(
        _videos.video(name),
        clip.spec.exercise,
        hold_s=clip.hold_s,
        rest_s=clip.rest_s,
        workers=workers,
        annotate=annotate,
    )


@pytest.fixture(scope="module")
def bridge(replay_dir: Path) -> Analysis:
    """The glute bridge clip analysed in one streaming pass, writing an annotated replay."""
    return _streamed("glute_bridge", annotate=replay_dir / "replay.mp4")


def _analysis(name: str, request: pytest.FixtureRequest) -> Analysis:
    if name == "glute_bridge":
        result: Analysis = request.getfixturevalue("bridge")
        return result
    # The other clips go through a whole track and the batch analyzer (the other route).
    clip = CLIPS[name]
    return analyze(_track(name), clip.spec.exercise, hold_s=clip.hold_s, rest_s=clip.rest_s)


@pytest.mark.parametrize("name", ["glute_bridge", "wall_sit"])
def test_video_analysis_matches_the_truth(name: str, request: pytest.FixtureRequest) -> None:
    truth = _videos.track(name).truth
    result = _analysis(name, request)
    assert result.quality.frames == _videos.frame_count(_videos.video(name))
    assert result.quality.frames_with_pose == result.quality.frames
    assert result.rep_count == len(truth)
    for got, want in zip(result.reps, truth, strict=True):
        assert got.side == want.side
        assert got.start_s == pytest.approx(want.start_s, abs=0.7)
        assert got.end_s == pytest.approx(want.end_s, abs=0.7)
        assert got.hold_s == pytest.approx(want.hold_s, abs=0.6)
        assert got.peak.value == pytest.approx(want.peak_value, abs=6.0)
        assert set(got.faults) == set(want.faults)


def test_two_trackers_agree_with_one(bridge: Analysis) -> None:
    one = bridge
    two = _streamed("glute_bridge", workers=2)
    assert two.quality == one.quality
    assert [r.faults for r in two.reps] == [r.faults for r in one.reps]
    for a, b in zip(one.reps, two.reps, strict=True):
        assert b.peak.value == pytest.approx(a.peak.value, abs=2.0)
        assert b.hold_s == pytest.approx(a.hold_s, abs=0.3)


def test_track_from_video_is_a_pose_track_of_every_frame() -> None:
    path = _videos.video("wall_sit")
    track = _track("wall_sit")
    assert track.n_frames == _videos.frame_count(path)
    assert (track.width, track.height, track.fps) == (*_videos.SIZE, _videos.FPS)
    assert track.source["model"] == "blazepose-full"
    assert track.world is not None
    # Landmarks land where the rendered body is: hips and knees within a tenth of the torso.
    truth = track_from_dict(_videos.track("wall_sit").document)
    px = np.array([track.width, track.height])
    hip, shoulder, knee = 23, 11, 25
    torso = np.linalg.norm((truth.points[:, shoulder, :2] - truth.points[:, hip, :2]) * px, axis=1)
    for joint in (hip, hip + 1, knee, knee + 1):
        err = np.linalg.norm((track.points[:, joint, :2] - truth.points[:, joint, :2]) * px, axis=1)
        assert float(np.median(err / torso)) < 0.1


def test_phone_video_is_tracked_upright() -> None:
    track = track_from_video(_videos.rotated())
    assert track.source["rotation"] == 90
    assert (track.width, track.height) == _videos.SIZE
    truth = track_from_dict(_videos.track("glute_bridge").document)
    n = track.n_frames
    hips = np.abs(track.points[:, 23, :2] - truth.points[:n, 23, :2])
    assert float(np.median(hips)) < 0.03


def test_video_with_nobody_gives_no_reps_and_says_so() -> None:
    result = analyze_video(_videos.empty_room(), "glute_bridge")
    assert result.rep_count == 0
    assert result.quality.frames_with_pose == 0
    assert any("no person" in w for w in result.warnings)


def test_second_person_is_reported_and_the_first_followed() -> None:
    track = track_from_video(_videos.two_people())
    assert any("more than one person" in w for w in track.source["warnings"])
    truth = track_from_dict(_videos.track("glute_bridge").document)
    n = track.n_frames
    # The person followed is the one exercising (on the floor), not the one standing by.
    hips = np.abs(track.points[:, 23, :2] - truth.points[:n, 23, :2])
    assert float(np.median(hips)) < 0.03


def test_annotated_replay_has_every_frame(bridge: Analysis, replay_dir: Path) -> None:
    out = replay_dir / "replay.mp4"
    assert _videos.frame_count(out) == bridge.quality.frames
    assert not list(replay_dir.glob("*.part*"))


class _Scripted:
    """A stand-in pose model: the frame's mean grey level says where the 'person' is."""

    model = "scripted"

    def __init__(self) -> None:
        self.seen: list[int] = []

    def process(self, rgb: np.ndarray, t_ms: int) -> PoseResult | None:
        self.seen.append(t_ms)
        level = int(rgb[0, 0, 0])
        if level < 37:
            return None
        points = np.full((33, 4), level / 255.0, dtype=np.float32)
        return PoseResult(points)

    def close(self) -> None:
        pass


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_frames_stay_in_order_whatever_the_worker_count(tmp_path: Path, workers: int) -> None:
    import cv2

    path = tmp_path / "levels.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 15.0, (64, 48))
    levels = [10 + 6 * i for i in range(40)]  # the first five: "nobody there"
    for level in levels:
        writer.write(np.full((48, 64, 3), level, dtype=np.uint8))
    writer.release()
    models: list[_Scripted] = []

    def factory() -> _Scripted:
        models.append(_Scripted())
        return models[-1]

    done: list[int] = []
    with iter_video_landmarks(
        path, backend=factory, workers=workers, progress=lambda n, total: done.append(n)
    ) as stream:
        frames = list(stream)
    assert len(models) == workers
    assert [f.index for f in frames] == list(range(40))
    assert done == list(range(1, 41))
    for frame, level in zip(frames, levels, strict=True):
        if level < 37:
            assert frame.points is None
        else:
            assert frame.points is not None
            assert abs(float(frame.points[0, 0]) * 255 - level) <= 2  # JPEG's rounding
    for m in models:
        assert m.seen == sorted(m.seen) and len(set(m.seen)) == len(m.seen)
