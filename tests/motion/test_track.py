"""The pose-track v1 format: what readers accept, what they reject and why (with the frame)."""

from __future__ import annotations

import copy
import math
from typing import Any

import numpy as np
import pytest

from backcoach.motion import (
    LANDMARK_NAMES,
    Landmark,
    PoseTrack,
    TrackError,
    elevation,
    joint_angle,
    to_pixels,
    track_from_dict,
    track_to_dict,
)
from tests.motion import _figures as stick


def _doc(n: int = 4) -> dict[str, Any]:
    frames: list[np.ndarray | None] = [stick.frame(stick.bridge(130 + i)) for i in range(n)]
    frames[1] = None
    doc = stick.track_doc(frames)
    doc["frames"][2]["world"] = [[0.0, 0.1, 0.2]] * 33
    return doc


def test_landmarks_are_the_33_blazepose_names_in_order() -> None:
    assert len(LANDMARK_NAMES) == 33
    assert LANDMARK_NAMES[0] == "nose"
    assert LANDMARK_NAMES[Landmark.LEFT_HIP] == "left_hip"
    assert LANDMARK_NAMES[-1] == "right_foot_index"


def test_a_document_round_trips() -> None:
    doc = _doc()
    track = track_from_dict(doc)
    assert track.n_frames == 4
    assert track.has_pose.tolist() == [True, False, True, True]
    assert np.isnan(track.points[1]).all()
    assert track.world is not None and np.isnan(track.world[0]).all()
    again = track_to_dict(track)
    assert again["frames"][1]["points"] is None
    assert again["frames"][2]["world"][0] == [0.0, 0.1, 0.2]
    assert "world" not in again["frames"][0]
    assert again["width"] == 1280 and again["fps"] == 30.0
    assert again["source"] == {"kind": "test"}
    np.testing.assert_array_equal(track_from_dict(again).points, track.points)


def test_no_person_at_all_is_a_valid_track() -> None:
    track = track_from_dict(stick.track_doc([None, None, None]))
    assert track.n_frames == 3 and not track.has_pose.any()


def _set(path: str, value: Any) -> Any:
    def change(doc: dict[str, Any]) -> None:
        *keys, last = path.split(".")
        node: Any = doc
        for k in keys:
            node = node[int(k)] if k.isdigit() else node[k]
        if value is _DELETE:
            del node[int(last) if last.isdigit() else last]
        else:
            node[int(last) if last.isdigit() else last] = value

    return change


_DELETE = object()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_set("format", "pose"), "format"),
        (_set("version", 2), "version 2"),
        (_set("fps", _DELETE), "no fps"),
        (_set("fps", 0), "fps must be a positive"),
        (_set("width", -5), "width must be a positive"),
        (_set("height", "720"), "height must be a positive"),
        (_set("landmarks", list(LANDMARK_NAMES[:32])), "got 32 names"),
        (_set("landmarks.3", "left_eye"), "landmark 3"),
        (_set("frames", None), "no list of frames"),
        (
            _set("frames.2.points", [[0.1, 0.2, 0.0, 0.9]] * 32),
            "frame 2: expected 33 points, got 32",
        ),
        (_set("frames.3.points.5", [0.1, 0.2, 0.0]), "frame 3: points 5"),
        (_set("frames.2.points.7.1", math.nan), "frame 2: non-finite"),
        (_set("frames.3.points.0.0", math.inf), "frame 3: non-finite"),
        (_set("frames.2.points.1.1", "x"), "frame 2: points 1"),
        (_set("frames.3.t", 0.01), "frame 3: time"),
        (_set("frames.2.t", None), "frame 2: time"),
        (_set("frames.2.world", [[0.0, 0.0, 0.0]] * 3), "frame 2: expected 33 world points"),
        (_set("frames.0.points", _DELETE), "frame 0: no 'points'"),
    ],
)
def test_malformed_documents_are_rejected_with_the_problem_named(change: Any, message: str) -> None:
    doc = copy.deepcopy(_doc())
    change(doc)
    with pytest.raises(TrackError, match=message.replace("(", r"\(")):
        track_from_dict(doc)


def test_not_an_object_is_rejected() -> None:
    with pytest.raises(TrackError, match="not a JSON object"):
        track_from_dict([1, 2])  # type: ignore[arg-type]


def _arrays(n: int = 3) -> dict[str, Any]:
    return {
        "t": np.arange(n) / 30.0,
        "points": np.random.default_rng(0).random((n, 33, 4)),
        "fps": 30.0,
        "width": 640,
        "height": 480,
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("t", np.array([0.0, 0.2, 0.1]), "frame 2: time 0.1 s goes back"),
        ("t", np.array([0.0, math.nan, 0.1]), "frame 1: time is not a finite"),
        ("points", np.zeros((3, 32, 4)), "points must have shape"),
        ("fps", 0.0, "fps must be a positive"),
        ("height", math.inf, "height must be a positive"),
    ],
)
def test_pose_track_checks_its_arrays(field: str, value: Any, message: str) -> None:
    kwargs = _arrays()
    kwargs[field] = value
    with pytest.raises(TrackError, match=message):
        PoseTrack(**kwargs)


def test_a_frame_must_be_all_numbers_or_all_nan() -> None:
    kwargs = _arrays()
    kwargs["points"][1, 4, 2] = math.nan
    with pytest.raises(TrackError, match="frame 1: non-finite"):
        PoseTrack(**kwargs)
    kwargs["points"][1] = math.nan
    assert PoseTrack(**kwargs).has_pose.tolist() == [True, False, True]


def test_float32_points_are_kept_and_world_is_checked() -> None:
    kwargs = _arrays()
    kwargs["points"] = kwargs["points"].astype(np.float32)
    assert PoseTrack(**kwargs).points.dtype == np.float32
    with pytest.raises(TrackError, match="world must have shape"):
        PoseTrack(**kwargs, world=np.zeros((3, 33, 2)))


def test_angles_correct_for_the_frame_aspect_ratio() -> None:
    # On a 1280x720 frame, normalised (0,0)->(0.5625,1) is a 45 degree line in true pixels.
    a = to_pixels(np.array([0.0, 1.0]), 1280, 720)
    b = to_pixels(np.array([0.5625, 0.0]), 1280, 720)
    assert float(elevation(a, b)) == pytest.approx(45.0)
    assert float(elevation(b, a)) == pytest.approx(-45.0)
    c = to_pixels(np.array([0.5625 * 2, 1.0]), 1280, 720)
    assert float(joint_angle(a, b, c)) == pytest.approx(90.0)
