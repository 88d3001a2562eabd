"""The 33 BlazePose landmark names, in BlazePose order (the pose-track v1 `landmarks` list)."""

from __future__ import annotations

LANDMARKS: tuple[str, ...] = (
    "nose",
    "left_eye_inner",
    "left_eye",
    "left_eye_outer",
    "right_eye_inner",
    "right_eye",
    "right_eye_outer",
    "left_ear",
    "right_ear",
    "mouth_left",
    "mouth_right",
    "left_shoulder",
    "right_shoulder",
    "left_elbow",
    "right_elbow",
    "left_wrist",
    "right_wrist",
    "left_pinky",
    "right_pinky",
    "left_index",
    "right_index",
    "left_thumb",
    "right_thumb",
    "left_hip",
    "right_hip",
    "left_knee",
    "right_knee",
    "left_ankle",
    "right_ankle",
    "left_heel",
    "right_heel",
    "left_foot_index",
    "right_foot_index",
)

INDEX: dict[str, int] = {name: i for i, name in enumerate(LANDMARKS)}


def _pairs() -> tuple[tuple[int, int], ...]:
    pairs = []
    for i, name in enumerate(LANDMARKS):
        if "left" in name:
            pairs.append((i, INDEX[name.replace("left", "right")]))
    return tuple(pairs)


LEFT_RIGHT_PAIRS: tuple[tuple[int, int], ...] = _pairs()
"""(left index, right index) for every paired landmark (mouth_left/mouth_right included)."""

LEG_PARTS = ("hip", "knee", "ankle", "heel", "foot_index")
LEG_PAIRS: tuple[tuple[int, int], ...] = tuple(
    (INDEX[f"left_{part}"], INDEX[f"right_{part}"]) for part in LEG_PARTS
)
