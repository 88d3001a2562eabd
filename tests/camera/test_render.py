"""The test-video renderer puts the body exactly where the synthetic track says it is."""

from __future__ import annotations

import numpy as np
import pytest

from backcoach.camera._render_humanoid import camera_frames, focal_px, lift_to_camera
from backcoach.synth import TrackSpec, generate
from tests.camera._videos import needs_videos


@pytest.mark.parametrize(
    ("exercise", "facing", "yaw", "size"),
    [
        ("glute_bridge", "right", 0.0, (640, 360)),
        ("wall_sit", "left", 12.0, (480, 360)),
        ("bird_dog", "right", -20.0, (360, 640)),
    ],
)
def test_lifted_landmarks_project_back_onto_the_track(
    exercise: str, facing: str, yaw: float, size: tuple[int, int]
) -> None:
    width, height = size
    spec = TrackSpec(exercise, reps=1, facing=facing, yaw_deg=yaw, width=width, height=height)  # type: ignore[arg-type]
    doc = generate(spec, seed=5).document
    f = focal_px(width, height)
    for frame in doc["frames"][::25]:
        cam = lift_to_camera(frame["points"], frame["world"], width, height, f)
        assert np.all(cam[:, 2] > 0.5)  # in front of the camera
        x = (width / 2 + f * cam[:, 0] / cam[:, 2]) / width
        y = (height / 2 + f * cam[:, 1] / cam[:, 2]) / height
        points = np.asarray(frame["points"])
        assert np.allclose(x, points[:, 0], atol=1e-4)
        assert np.allclose(y, points[:, 1], atol=1e-4)


def test_the_floor_is_under_the_body() -> None:
    doc = generate(TrackSpec("glute_bridge", reps=1), seed=3).document
    scene, bodies = camera_frames(doc)
    lowest = max(float(b[:, 1].max()) for b in bodies if b is not None)
    assert 0.0 < scene.floor_down_m - lowest < 0.1
    assert scene.back_wall_m > max(float(b[:, 2].max()) for b in bodies if b is not None)


@needs_videos
def test_a_rendered_frame_shows_a_person_on_an_empty_room() -> None:
    from backcoach.camera._render_humanoid import HumanoidRenderer

    doc = generate(TrackSpec("wall_sit", reps=1, width=160, height=120), seed=2).document
    scene, bodies = camera_frames(doc)
    renderer = HumanoidRenderer(scene)
    try:
        room = renderer.render()
        person = renderer.render(bodies[0])
    finally:
        renderer.close()
    assert room.shape == person.shape == (120, 160, 3)
    changed = np.any(room != person, axis=2).mean()
    assert 0.02 < changed < 0.5
