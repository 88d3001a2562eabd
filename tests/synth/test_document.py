"""Generated tracks are valid pose-track v1 documents that survive a JSON round trip."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from backcoach.synth import EXERCISES, TrackSpec, generate, random_spec
from tests.synth._validate import problems


def _fewer_reps(spec: TrackSpec, reps: int) -> TrackSpec:
    """The same recording set-up with fewer reps (keeps the test suite fast)."""
    per_rep = (
        1 if spec.exercise in ("partial_crunch", "wall_sit", "pelvic_tilt", "glute_bridge") else 2
    )
    faults = {i: f for i, f in spec.faults.items() if i <= reps * per_rep}
    return replace(spec, reps=reps, faults=faults)


def test_the_validator_catches_broken_documents() -> None:
    doc = generate(TrackSpec("glute_bridge", reps=1), 0).document
    broken = json.loads(json.dumps(doc))
    broken["frames"][3]["t"] = -1.0
    broken["frames"][5]["points"] = broken["frames"][5]["points"][:32]
    broken["landmarks"] = broken["landmarks"][::-1]
    found = problems(broken)
    assert "frame 3: time goes backwards" in found
    assert "frame 5: not 33 points" in found
    assert "landmarks are not the 33 BlazePose names" in found


@pytest.mark.parametrize("exercise", EXERCISES)
def test_clean_track_is_a_valid_document(exercise: str) -> None:
    doc = generate(TrackSpec(exercise, reps=2), 1).document
    assert problems(doc) == []
    assert doc["fps"] == 30.0 and (doc["width"], doc["height"]) == (1280, 720)
    assert all(frame["points"] is not None for frame in doc["frames"])


@pytest.mark.parametrize("exercise", EXERCISES)
def test_noisy_track_is_a_valid_document_after_a_json_round_trip(exercise: str) -> None:
    spec = _fewer_reps(random_spec(exercise, np.random.default_rng(7), noisy=True), 1)
    doc = generate(spec, 7).document
    text = json.dumps(doc, allow_nan=False)
    assert problems(json.loads(text)) == []


def test_world_landmarks_can_be_left_out() -> None:
    doc = generate(TrackSpec("wall_sit", reps=1, world=False), 2).document
    assert problems(doc) == []
    assert all("world" not in frame for frame in doc["frames"])
