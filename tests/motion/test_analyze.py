"""Whole-track analysis on hand-built tracks: every exercise's signal, sides, faults, warnings,
bad input, and the streaming analyzer agreeing with the batch one."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pytest

from backcoach.catalog import ExerciseId, UnknownExerciseError
from backcoach.motion import (
    Analysis,
    PoseTrack,
    RepDone,
    StreamingAnalyzer,
    analyze,
    track_from_dict,
)
from backcoach.motion._landmarks import MIRROR, Landmark
from tests.motion import _figures as stick

FPS = 30.0


def build(
    figures: Sequence[stick.Figure | None], *, jitter: float = 0.0, seed: int = 0
) -> PoseTrack:
    rng = np.random.default_rng(seed)
    frames: list[np.ndarray | None] = []
    for fig in figures:
        if fig is None:
            frames.append(None)
            continue
        pts = stick.frame(fig)
        if jitter:
            pts[:, :2] += rng.normal(0.0, jitter, size=(33, 2))
        frames.append(pts)
    return track_from_dict(stick.track_doc(frames, fps=FPS))


def reps(
    pose: Callable[[float], stick.Figure], start: float, peaks: Sequence[float], **kw: float
) -> list[stick.Figure]:
    hold, rest, move = kw.get("hold", 6.0), kw.get("rest", 10.0), kw.get("move", 1.5)
    segs: list[tuple[float, float]] = [(start, 3.0)]
    for peak in peaks:
        segs += [(peak, move), (peak, hold), (start, move), (start, rest)]
    return [pose(v) for v in stick.profile(segs)]


def summary(a: Analysis) -> list[tuple[str | None, tuple[str, ...]]]:
    return [(r.side, r.faults) for r in a.reps]


def test_glute_bridge_reps_holds_and_faults() -> None:
    track = build(reps(stick.bridge, 130.0, [172.0, 150.0, 171.0]), jitter=0.001)
    a = analyze(track, "glute_bridge")
    assert summary(a) == [(None, ()), (None, ("hips_too_low",)), (None, ())]
    assert all(abs(r.hold_s - 6.3) < 0.4 for r in a.reps)
    assert a.quality.side_used == "left"  # the near side in these tracks
    assert a.sides is None


def test_partial_crunch_neck_pulled() -> None:
    figs = reps(lambda v: stick.crunch(v, neck_flex=0.0), 0.0, [25.0], hold=1.0, rest=2.0)
    figs += reps(lambda v: stick.crunch(v, neck_flex=2.4 * v), 0.0, [25.0], hold=1.0, rest=2.0)
    a = analyze(build(figs), "partial_crunch")
    assert summary(a) == [(None, ()), (None, ("neck_pulled",))]


def test_wall_sit_too_deep() -> None:
    a = analyze(build(reps(stick.wall_sit, 175.0, [120.0, 70.0], hold=10.0, rest=5.0)), "wall_sit")
    assert summary(a) == [(None, ()), (None, ("too_deep",))]


def test_knee_to_chest_sides_and_faults() -> None:
    def left(v: float) -> stick.Figure:
        return stick.knee_to_chest(v, 130.0)

    def right_lifting_left_heel(v: float) -> stick.Figure:
        fig = stick.knee_to_chest(130.0, v)
        lift = 40.0 * (130.0 - v) / 75.0
        legs = (stick.Leg(50.0, -50.0 + lift), fig.legs[1])
        return stick.replace(fig, legs=legs)

    figs = reps(left, 130.0, [55.0], hold=15.0, rest=5.0)
    figs += reps(right_lifting_left_heel, 130.0, [55.0], hold=15.0, rest=5.0)
    figs += reps(left, 130.0, [100.0], hold=15.0, rest=5.0)
    a = analyze(build(figs), "knee_to_chest")
    assert summary(a) == [
        ("left", ()),
        ("right", ("other_leg_lifted",)),
        ("left", ("knee_not_to_chest",)),
    ]
    assert a.sides == {"left": 2, "right": 1}


def test_bird_dog_moving_leg_and_arm() -> None:
    figs = reps(
        lambda v: stick.bird_dog(v, -45.0, arm=0.0 if v > -40 else -90.0),
        -45.0,
        [0.0],
        hold=5.0,
        rest=3.0,
    )
    figs += reps(lambda v: stick.bird_dog(-45.0, v), -45.0, [0.0], hold=5.0, rest=3.0)
    figs += reps(
        lambda v: stick.bird_dog(v, -45.0, arm=-10.0 if v > -40 else -90.0),
        -45.0,
        [-28.0],
        hold=5.0,
        rest=3.0,
    )
    a = analyze(build(figs), "bird_dog")
    assert summary(a) == [
        ("left", ()),
        ("right", ("arm_not_raised",)),
        ("left", ("leg_not_level",)),
    ]


def test_pelvic_tilt_is_honest() -> None:
    figs = reps(stick.bridge, 130.0, [172.0], hold=10.0, rest=3.0)
    a = analyze(build(figs), "pelvic_tilt")
    assert summary(a) == [(None, ("hips_lifted",))]
    assert any("may not see a pelvic tilt" in w for w in a.warnings)
    still = analyze(build([stick.bridge(130.0)] * 300, jitter=0.002), "pelvic_tilt")
    assert still.rep_count == 0
    assert any("no clear pelvic tilt" in w for w in still.warnings)


def test_hold_override_changes_the_hold_fault() -> None:
    track = build(reps(stick.bridge, 130.0, [172.0], hold=3.0))
    assert summary(analyze(track, "glute_bridge")) == [(None, ("hold_too_short",))]
    relaxed = analyze(track, "glute_bridge", hold_s=3.0, rest_s=20.0)
    assert summary(relaxed) == [(None, ())]
    assert relaxed.to_dict()["prescribed"] == {"hold_s": 3.0, "rest_s": 20.0}


def test_contract_document() -> None:
    a = analyze(build(reps(stick.knee_to_chest_left, 130.0, [55.0], hold=15.0)), "knee_to_chest")
    doc = a.to_dict()
    assert list(doc) == [
        "version",
        "exercise",
        "prescribed",
        "reps",
        "sides",
        "rep_details",
        "faults",
        "warnings",
        "quality",
    ]
    assert doc["version"] == 1 and doc["exercise"] == "knee_to_chest"
    assert doc["prescribed"] == {"hold_s": 15.0, "rest_s": 5.0}
    assert doc["reps"] == 1 and doc["sides"] == {"left": 1, "right": 0}
    (rep,) = doc["rep_details"]
    assert list(rep) == ["index", "side", "start_s", "end_s", "hold_s", "peak", "faults"]
    assert rep["index"] == 1 and rep["side"] == "left"
    assert rep["peak"]["signal"] == "hip_angle"
    assert rep["peak"]["value"] == pytest.approx(55.0, abs=1.0)
    assert doc["faults"] == {}
    assert doc["quality"] == {
        "frames": a.quality.frames,
        "frames_with_pose": a.quality.frames,
        "side_used": "left",
    }


def test_no_person_gives_no_reps_and_a_warning() -> None:
    a = analyze(build([None] * 90), "glute_bridge")
    assert a.rep_count == 0
    assert a.quality.frames_with_pose == 0 and a.quality.side_used is None
    assert any("no person" in w for w in a.warnings)


def test_a_two_second_track() -> None:
    a = analyze(build([stick.bridge(130.0 + i / 10) for i in range(60)]), "glute_bridge")
    assert a.rep_count == 0
    assert any("too short" in w for w in a.warnings)


@pytest.mark.parametrize("exercise", [e.value for e in ExerciseId])
def test_another_exercise_track_gives_few_reps_and_no_crash(exercise: str) -> None:
    track = build(
        reps(stick.wall_sit, 175.0, [120.0, 115.0, 118.0], hold=10.0, rest=5.0), jitter=0.002
    )
    a = analyze(track, exercise)
    if exercise == "wall_sit":
        assert a.rep_count == 3
    else:
        assert a.rep_count <= 1
    a.to_dict()


def test_unknown_exercise() -> None:
    with pytest.raises(UnknownExerciseError, match="squat"):
        analyze(build([stick.bridge(130.0)] * 10), "squat")


def _swap(track: PoseTrack, runs: Sequence[tuple[float, float]]) -> PoseTrack:
    points = np.array(track.points, copy=True)
    for a, b in runs:
        sel = (track.t >= a) & (track.t < b)
        points[sel] = points[sel][:, MIRROR]
    return PoseTrack(
        t=track.t, points=points, fps=track.fps, width=track.width, height=track.height
    )


def test_left_right_swaps_are_repaired() -> None:
    figs = reps(lambda v: stick.knee_to_chest(v, 130.0), 130.0, [55.0], hold=15.0, rest=5.0)
    figs += reps(lambda v: stick.knee_to_chest(130.0, v), 130.0, [55.0], hold=15.0, rest=5.0)
    track = _swap(build(figs), [(8.0, 9.0), (12.0, 12.5), (31.0, 32.2)])
    a = analyze(track, "knee_to_chest")
    assert summary(a) == [("left", ()), ("right", ())]
    assert any("left/right swaps repaired in" in w for w in a.warnings)


def test_a_front_view_is_flagged() -> None:
    track = build(reps(stick.bridge, 130.0, [172.0]))
    points = np.array(track.points, copy=True)
    right = [lm for lm in Landmark if lm.name.startswith("RIGHT_")]
    points[:, right, 1] += 0.25  # the two sides far apart: the camera looks along the body
    turned = PoseTrack(t=track.t, points=points, fps=FPS, width=track.width, height=track.height)
    assert any("side" in w and "camera" in w for w in analyze(turned, "glute_bridge").warnings)
    assert not any("camera" in w for w in analyze(track, "glute_bridge").warnings)


def test_short_dropouts_are_bridged_and_long_ones_reported() -> None:
    figs: list[stick.Figure | None] = list(reps(stick.bridge, 130.0, [172.0, 172.0]))
    for i in range(150, 160):  # a third of a second inside the first hold
        figs[i] = None
    for i in range(480, 600):  # four seconds in the rest
        figs[i] = None
    a = analyze(build(figs), "glute_bridge")
    assert a.rep_count == 2
    assert abs(a.reps[0].hold_s - 6.3) < 0.4
    assert any("longest gap" in w for w in a.warnings)


def stream(track: PoseTrack, exercise: str) -> tuple[Analysis, list[object]]:
    s = StreamingAnalyzer(exercise, width=track.width, height=track.height, fps=track.fps)
    events: list[object] = []
    for t, p in zip(track.t.tolist(), track.points, strict=True):
        events += s.push(t, None if np.isnan(p[0, 0]) else p)
    return s.finish(), events


TRACKS: dict[str, Callable[[], tuple[PoseTrack, str]]] = {
    "bridge": lambda: (
        build(reps(stick.bridge, 130.0, [172.0, 150.0, 171.0]), jitter=0.002),
        "glute_bridge",
    ),
    "knee to chest with swaps": lambda: (
        _swap(
            build(
                reps(lambda v: stick.knee_to_chest(v, 130.0), 130.0, [55.0], hold=15.0, rest=5.0)
                + reps(lambda v: stick.knee_to_chest(130.0, v), 130.0, [95.0], hold=15.0, rest=5.0),
                jitter=0.002,
            ),
            [(10.0, 11.0)],
        ),
        "knee_to_chest",
    ),
    "wall sit": lambda: (
        build(reps(stick.wall_sit, 175.0, [120.0, 70.0], hold=10.0, rest=5.0)),
        "wall_sit",
    ),
}


@pytest.mark.parametrize("name", list(TRACKS))
def test_streaming_and_batch_agree(name: str) -> None:
    track, exercise = TRACKS[name]()
    batch = analyze(track, exercise)
    live, events = stream(track, exercise)
    assert summary(live) == summary(batch)
    for a, b in zip(live.reps, batch.reps, strict=True):
        assert a.hold_s == pytest.approx(b.hold_s, abs=0.05)
        assert a.start_s == pytest.approx(b.start_s, abs=0.05)
    done = [e.rep for e in events if isinstance(e, RepDone)]
    assert done == list(live.reps)
    assert live.to_dict()["quality"] == batch.to_dict()["quality"]


def test_streaming_rejects_bad_frames() -> None:
    s = StreamingAnalyzer("glute_bridge")
    with pytest.raises(ValueError, match="shape"):
        s.push(0.0, np.zeros((32, 4)))
    s.finish()
    with pytest.raises(RuntimeError):
        s.push(1.0, None)
