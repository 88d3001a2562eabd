"""What to generate (TrackSpec), what was generated (SyntheticTrack, TruthRep)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from backcoach.synth._dosage import EXERCISES, FAULTS, dosage
from backcoach.synth._geometry import FloatArray

Facing = Literal["left", "right"]


@dataclass(frozen=True)
class TrackSpec:
    """One synthetic recording. The defaults give a clean pure side view at 30 fps.

    `reps` is per side for unilateral exercises; `reps`, `hold_s` and `rest_s` default to the
    catalog's prescription. `faults` maps a rep's 1-based index (time order, over both sides) to
    the fault codes to act out in that rep. `facing` is where the head (or the face, standing)
    points in the frame. `jitter` is the landmark noise's standard deviation as a share of the
    frame's longer side; `drop_rate` the share of frames missing from the track; `dropouts` runs
    of 0.1-1 s with no person found; `swaps` runs in which the pose model mixes up left and
    right; `fidgets` small movements in rests that are not reps; `settle_s` getting into
    position at the start; `absent_s` empty frames before the person appears and after they go.
    """

    exercise: str
    reps: int | None = None
    hold_s: float | None = None
    rest_s: float | None = None
    faults: Mapping[int, frozenset[str]] = field(default_factory=dict)
    facing: Facing = "right"
    yaw_deg: float = 0.0
    distance_m: float = 3.0
    camera_height_m: float | None = None  # None: the hips' height in the start position
    width: int = 1280
    height: int = 720
    fps: float = 30.0
    jitter: float = 0.0
    drop_rate: float = 0.0
    dropouts: int = 0
    swaps: int = 0
    fidgets: int = 0
    settle_s: float = 0.0
    lead_in_s: float = 2.0
    lead_out_s: float = 2.0
    absent_s: float = 0.0
    first_side: Facing = "left"  # alternating exercises only
    world: bool = True  # include world landmarks

    def __post_init__(self) -> None:
        if self.exercise not in EXERCISES:
            raise ValueError(f"unknown exercise {self.exercise!r} (known: {', '.join(EXERCISES)})")
        faults = {int(k): frozenset(v) for k, v in self.faults.items()}
        allowed = {*FAULTS[self.exercise], "hold_too_short"}
        for index, codes in faults.items():
            unknown = codes - allowed
            if unknown:
                raise ValueError(
                    f"rep {index}: {self.exercise} has no fault {sorted(unknown)[0]!r}"
                )
            if index == 1 and "rest_too_short" in codes:
                raise ValueError("rep 1 cannot have rest_too_short: no rep comes before it")
        object.__setattr__(self, "faults", faults)
        checks = [
            (self.reps is None or self.reps >= 1, "reps must be at least 1"),
            (self.hold_s is None or self.hold_s > 0, "hold_s must be positive"),
            (self.rest_s is None or self.rest_s >= 0, "rest_s must not be negative"),
            (self.facing in ("left", "right"), "facing must be 'left' or 'right'"),
            (self.first_side in ("left", "right"), "first_side must be 'left' or 'right'"),
            (abs(self.yaw_deg) < 89.0, "yaw_deg must be within +-89"),
            (self.distance_m > 0.5, "distance_m must exceed 0.5"),
            (self.width >= 16 and self.height >= 16, "width and height must be at least 16"),
            (1.0 <= self.fps <= 240.0, "fps must be within 1..240"),
            (0.0 <= self.jitter <= 0.1, "jitter must be within 0..0.1"),
            (0.0 <= self.drop_rate <= 0.9, "drop_rate must be within 0..0.9"),
            (min(self.dropouts, self.swaps, self.fidgets) >= 0, "counts must not be negative"),
            (
                min(self.settle_s, self.lead_in_s, self.lead_out_s, self.absent_s) >= 0,
                "durations must not be negative",
            ),
        ]
        for ok, message in checks:
            if not ok:
                raise ValueError(message)


@dataclass(frozen=True)
class TruthRep:
    """One generated rep as the motion coach should report it.

    start_s/end_s: when the primary signal left and returned to the start value; hold_s: time
    within 3 degrees of the rep's extreme (measured on the generated signal); peak_value: the
    primary signal's plateau at the peak; faults: contract codes the rep acts out.
    """

    index: int
    side: str | None
    start_s: float
    end_s: float
    hold_s: float
    peak_value: float
    faults: frozenset[str]
    signal: str = ""  # the joint_angles key of the primary signal
    rest_before_s: float = 0.0  # since the previous rep's end (0 for the first rep)


@dataclass(frozen=True, eq=False)
class SyntheticTrack:
    """A generated pose track (a pose-track v1 document) with its ground truth.

    joint_angles: the true signals at the document's frame times (key "t"), in degrees
    (hip_<side>, knee_<side>, knee_mean, trunk_lift, neck_angle, leg_line_<side>,
    arm_line_<side>) or as shares of a segment (heel_rise_<side> of the leg, hip_rise of the
    trunk); pelvic_tilt only for that exercise.
    """

    spec: TrackSpec
    document: dict[str, Any]
    truth: tuple[TruthRep, ...]
    joint_angles: dict[str, FloatArray]
    seed: int = 0
    prescribed_hold_s: float = 0.0
    prescribed_rest_s: float = 0.0

    @property
    def duration_s(self) -> float:
        frames = self.document["frames"]
        return float(frames[-1]["t"]) if frames else 0.0


_FRAMES = (
    (1280, 720),
    (1280, 720),
    (1280, 720),
    (1920, 1080),
    (720, 1280),
    (1080, 1920),
    (640, 480),
)
_FPS = (24.0, 25.0, 30.0, 30.0, 30.0, 60.0)


def random_spec(exercise: str, rng: np.random.Generator, *, noisy: bool = True) -> TrackSpec:
    """A varied, realistic recording of `exercise`: dosage, faults (about a quarter of the
    reps), camera and, when `noisy`, the pose model's noise."""
    d = dosage(exercise)
    reps = d.reps if rng.random() < 0.6 else int(rng.integers(d.reps_min, d.reps_max + 1))
    total = reps if d.sides == "bilateral" else 2 * reps
    codes = [*FAULTS[exercise], "hold_too_short"]
    faults: dict[int, frozenset[str]] = {}
    for index in range(1, total + 1):
        if rng.random() >= 0.28:
            continue
        usable = [c for c in codes if not (index == 1 and c == "rest_too_short")]
        k = 2 if rng.random() < 0.12 and len(usable) > 1 else 1
        faults[index] = frozenset(str(c) for c in rng.choice(usable, size=k, replace=False))
    width, height = _FRAMES[int(rng.integers(len(_FRAMES)))]
    portrait = height > width
    sign = float(rng.choice([-1.0, 1.0]))
    common: dict[str, Any] = {
        "exercise": exercise,
        "reps": reps,
        "faults": faults,
        "facing": "left" if rng.random() < 0.5 else "right",
        "first_side": "left" if rng.random() < 0.5 else "right",
        "width": width,
        "height": height,
        "fps": float(_FPS[int(rng.integers(len(_FPS)))]),
        "distance_m": float(rng.uniform(3.3, 4.3) if portrait else rng.uniform(2.4, 3.4)),
    }
    if not noisy:
        return TrackSpec(**common)
    return TrackSpec(
        **common,
        yaw_deg=sign * float(rng.uniform(0.0, 25.0)),
        jitter=float(rng.uniform(0.003, 0.01)),
        drop_rate=float(rng.uniform(0.0, 0.05)),
        dropouts=int(rng.integers(0, 4)),
        swaps=int(rng.integers(0, 4)),
        fidgets=int(rng.integers(0, 5)),
        settle_s=float(rng.uniform(2.0, 5.0)),
        lead_in_s=float(rng.uniform(1.0, 4.0)),
        lead_out_s=float(rng.uniform(1.0, 4.0)),
        absent_s=float(rng.uniform(0.0, 2.0)),
    )
