"""BlazePose's 33 landmarks by name, and the skeleton's bones for drawing."""

from __future__ import annotations

from backcoach.motion import LANDMARK_NAMES

INDEX: dict[str, int] = {name: i for i, name in enumerate(LANDMARK_NAMES)}

BONES: tuple[tuple[int, int], ...] = tuple(
    (INDEX[a], INDEX[b])
    for a, b in (
        ("left_shoulder", "right_shoulder"),
        ("left_hip", "right_hip"),
        *(
            (f"{side}_{a}", f"{side}_{b}")
            for side in ("left", "right")
            for a, b in (
                ("shoulder", "elbow"),
                ("elbow", "wrist"),
                ("shoulder", "hip"),
                ("hip", "knee"),
                ("knee", "ankle"),
                ("ankle", "heel"),
                ("heel", "foot_index"),
                ("ankle", "foot_index"),
                ("ear", "shoulder"),
            )
        ),
    )
)
"""Pairs of landmark indices joined when a skeleton is drawn."""
