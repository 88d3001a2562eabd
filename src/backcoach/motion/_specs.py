"""What the motion coach measures for each exercise, declared as data, in one place.

Every number here is a default, tuned on generated tracks (`benchmarks/motion_accuracy.py`), not
a fact: replace a spec with `dataclasses.replace(SPECS[id], ...)` and pass it to the analyzer.

Primary signal and rep detection (degrees; "moving" = the leg further toward the target):

| exercise | primary signal (side) | start | target | zone | min exc. |
|---|---|---|---|---|---|
| partial_crunch | trunk_lift: hip->shoulder above level (in use) | 0 | 25 | 20..35 | 8.3 |
| hamstring_stretch | hip_angle shoulder-hip-knee (moving) | 130 | 95 | 80..105 | 11.7 |
| wall_sit | knee_angle hip-knee-ankle (in use) | 175 | 125 | 100..150 | 16.7 |
| knee_to_chest | hip_angle shoulder-hip-knee (moving) | 130 | 60 | 20..60 | 23.3 |
| bird_dog | leg_elevation hip->ankle above level (moving) | -45 | 0 | -15..15 | 15 |
| pelvic_tilt | hip_angle shoulder-hip-knee (in use) | 130 | 136 | 134..150 | 2 |
| glute_bridge | hip_angle shoulder-hip-knee (in use) | 130 | 170 | 165..180 | 13.3 |

Before a rep counts, the resting baseline must lie within `start_tolerance` (22; wall sit 30,
crunch 20) of the typical start.

The min excursion is a third of start -> typical target; a rep must also stand clear of the
noise (`noise_factor` x the noise left after smoothing, but at most `noise_cap` of the typical
excursion). The state machine leaves a candidate rep when the signal falls back below half the
min excursion from the resting baseline and enters one `hysteresis` degrees above that (at most at
the min excursion). A finished rep is measured on the zero-phase smoothed signal: its extreme is
the plateau (the median of the frames within `hold_band` of the `extreme_percentile`, twice), and
the hold is the time within `hold_band` (3) degrees of it (on noisy signals: of movement templates
fitted to the rise and the fall, see `_holdfit`).

Start position (`posture`, checked just before each rep; a movement from another position is not
a rep): lying exercises need the trunk within 35 degrees of level and a thigh level or raised
(elevation >= -20); the wall sit an upright trunk (>= 55); the bird dog a level trunk and a thigh
hanging under the hip (<= -45). In the hamstring stretch and knee to chest the trunk must also stay
within 15 degrees of level through the hold (a crunch would close the hip angle too).

Faults (`stat`: `peak` = the rep's robust extreme of the primary signal; `hold_median` = median
of the channel while the hold lasts; `rise` = how far the channel rises during the rep above its
level just before it, divided by the median of `per`):

| exercise | fault | channel (which side) | stat | fault when |
|---|---|---|---|---|
| all | hold_too_short | - | hold | hold < prescribed - 1 s (prescribed < 2 s: < half of it) |
| partial_crunch | neck_pulled | neck_angle ear-shoulder-hip (in use) | hold_median | < 130 |
| hamstring_stretch | knee_not_straight | knee_angle (moving leg) | hold_median | < 150 |
| wall_sit | too_deep | knee_angle (in use) | peak | < 80 |
| knee_to_chest | knee_not_to_chest | hip_angle (moving leg) | peak | > 90 |
| knee_to_chest | other_leg_lifted | heel_height (resting leg) per leg_length | rise | > 0.15 |
| bird_dog | leg_not_level | leg_elevation (moving leg) | peak | < -25 |
| bird_dog | arm_not_raised | arm_elevation (higher arm) | hold_median | < -35 |
| pelvic_tilt | hips_lifted | hip_height (in use) per torso_length | rise | > 0.15 |
| glute_bridge | hips_too_low | hip_angle (in use) | peak | < 160 |
| glute_bridge | rest_too_short | - | rest | rest before the rep < prescribed rest - 1 s |
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from backcoach.catalog import ExerciseId

SideRule = Literal["used", "moving", "resting", "max", "min"]
"""Which side a channel is read on: the side in use (bilateral exercises), the moving leg, the
resting leg, or the larger / smaller value of the two sides (label swaps cannot fool these)."""

Stat = Literal["peak", "hold_median", "rise"]


@dataclass(frozen=True, slots=True)
class FaultRule:
    """One posture check: a fault `code` when `stat` of `channel` is below/above a threshold."""

    code: str
    channel: str
    stat: Stat
    side: SideRule = "used"
    below: float | None = None
    above: float | None = None
    per: str | None = None
    cue: str | None = None
    """What the coach says when it sees the fault during a hold (streaming)."""

    def failed(self, value: float) -> bool:
        """Whether a measured statistic is a fault."""
        if self.below is not None and value < self.below:
            return True
        return self.above is not None and value > self.above


@dataclass(frozen=True, slots=True)
class PostureCheck:
    """The body must look right: `channel` (read on `side`) within lo..hi just before each rep
    (`during="start"`) or through its hold (`"hold"`), or the movement is not counted (another
    exercise, or getting into position)."""

    channel: str
    lo: float
    hi: float
    side: SideRule = "used"
    during: Literal["start", "hold"] = "start"


LYING = (
    PostureCheck("trunk_lift", -35.0, 35.0),
    PostureCheck("thigh_elevation", -20.0, 90.0, side="max"),
)
"""Lying on the back: trunk near the floor, thighs level or pointing up."""
LEG_MOVES = (*LYING, PostureCheck("trunk_lift", -15.0, 15.0, during="hold"))
"""Lying, and the trunk stays down while the leg moves (a crunch also closes the hip angle)."""


@dataclass(frozen=True, slots=True)
class ExerciseSpec:
    """How one exercise is measured: its primary signal, thresholds and posture checks."""

    exercise: ExerciseId
    signal: str
    """Channel name of the primary signal (also `peak.signal` in the output)."""
    unilateral: bool
    start: float
    target: float
    zone: tuple[float, float]
    faults: tuple[FaultRule, ...] = ()
    rest_fault: bool = False
    """Report `rest_too_short` (carried by the rep after the short rest)."""
    posture: tuple[PostureCheck, ...] = LYING
    visible_joints: tuple[str, ...] = ("shoulder", "hip", "knee", "ankle")
    """Joints whose visibility decides the side in use."""
    start_tolerance: float = 22.0
    """The resting baseline must lie within this of `start` for excursions to count as reps."""
    hysteresis: float = 3.0
    hold_band: float = 3.0
    extreme_percentile: float = 95.0
    noise_factor: float = 8.0
    noise_cap: float | None = 2.0 / 3.0
    """The noise never asks for more than this share of the typical excursion (None: no cap,
    for a movement that may be hidden in the noise)."""
    min_excursion_fraction: float = 1.0 / 3.0
    warnings: tuple[str, ...] = field(default=())
    """Warnings every analysis of this exercise carries."""
    correction_cue: str | None = None
    """Said when a hold settles short of the target zone."""

    @property
    def direction(self) -> float:
        """+1 when the signal grows from start to target, -1 when it shrinks."""
        return 1.0 if self.target >= self.start else -1.0

    @property
    def excursion(self) -> float:
        """Degrees from the typical start to the typical target."""
        return abs(self.target - self.start)

    @property
    def min_excursion(self) -> float:
        """The smallest movement that counts as a rep (a third of start -> target)."""
        return self.excursion * self.min_excursion_fraction

    @property
    def exit_level(self) -> float:
        """Movement from the baseline below which a candidate rep has returned."""
        return self.min_excursion / 2.0

    @property
    def enter_level(self) -> float:
        """Movement from the baseline at which a candidate rep begins."""
        return min(self.exit_level + self.hysteresis, self.min_excursion)

    @property
    def zone_entry(self) -> float:
        """The edge of the target zone nearest the start, in signal units."""
        lo, hi = self.zone
        return lo if self.direction > 0 else hi


SPECS: dict[ExerciseId, ExerciseSpec] = {
    ExerciseId.PARTIAL_CRUNCH: ExerciseSpec(
        exercise=ExerciseId.PARTIAL_CRUNCH,
        signal="trunk_lift",
        unilateral=False,
        start=0.0,
        target=25.0,
        zone=(20.0, 35.0),
        visible_joints=("ear", "shoulder", "hip", "knee"),
        faults=(
            FaultRule(
                "neck_pulled",
                "neck_angle",
                "hold_median",
                below=130.0,
                cue="Keep your chin off your chest",
            ),
        ),
        start_tolerance=20.0,
        correction_cue="Lift your shoulders a little higher",
    ),
    ExerciseId.HAMSTRING_STRETCH: ExerciseSpec(
        exercise=ExerciseId.HAMSTRING_STRETCH,
        signal="hip_angle",
        unilateral=True,
        posture=LEG_MOVES,
        start=130.0,
        target=95.0,
        zone=(80.0, 105.0),
        faults=(
            FaultRule(
                "knee_not_straight",
                "knee_angle",
                "hold_median",
                side="moving",
                below=150.0,
                cue="Straighten your knee",
            ),
        ),
        correction_cue="Raise your leg a little further",
    ),
    ExerciseId.WALL_SIT: ExerciseSpec(
        exercise=ExerciseId.WALL_SIT,
        signal="knee_angle",
        unilateral=False,
        start=175.0,
        target=125.0,
        zone=(100.0, 150.0),
        faults=(
            FaultRule(
                "too_deep", "knee_angle", "peak", below=80.0, cue="Not so low: come up a bit"
            ),
        ),
        posture=(PostureCheck("trunk_lift", 55.0, 90.0),),
        start_tolerance=30.0,
        correction_cue="Slide a little lower",
    ),
    ExerciseId.KNEE_TO_CHEST: ExerciseSpec(
        exercise=ExerciseId.KNEE_TO_CHEST,
        signal="hip_angle",
        unilateral=True,
        posture=LEG_MOVES,
        start=130.0,
        target=60.0,
        zone=(20.0, 60.0),
        visible_joints=("shoulder", "hip", "knee", "ankle", "heel"),
        faults=(
            FaultRule(
                "knee_not_to_chest",
                "hip_angle",
                "peak",
                side="moving",
                above=90.0,
                cue="Bring your knee closer to your chest",
            ),
            FaultRule(
                "other_leg_lifted",
                "heel_height",
                "rise",
                side="resting",
                per="leg_length",
                above=0.15,
                cue="Keep the other foot on the floor",
            ),
        ),
    ),
    ExerciseId.BIRD_DOG: ExerciseSpec(
        exercise=ExerciseId.BIRD_DOG,
        signal="leg_elevation",
        unilateral=True,
        start=-45.0,
        target=0.0,
        zone=(-15.0, 15.0),
        visible_joints=("shoulder", "wrist", "hip", "knee", "ankle"),
        faults=(
            FaultRule(
                "leg_not_level",
                "leg_elevation",
                "peak",
                side="moving",
                below=-25.0,
                cue="Lift your leg level with your back",
            ),
            FaultRule(
                "arm_not_raised",
                "arm_elevation",
                "hold_median",
                side="max",
                below=-35.0,
                cue="Reach your arm forward",
            ),
        ),
        posture=(
            PostureCheck("trunk_lift", -35.0, 35.0),
            PostureCheck("thigh_elevation", -90.0, -45.0, side="min"),
        ),
    ),
    ExerciseId.PELVIC_TILT: ExerciseSpec(
        exercise=ExerciseId.PELVIC_TILT,
        signal="hip_angle",
        unilateral=False,
        start=130.0,
        target=136.0,
        zone=(134.0, 150.0),
        faults=(
            FaultRule(
                "hips_lifted",
                "hip_height",
                "rise",
                per="torso_length",
                above=0.15,
                cue="Keep your hips on the floor",
            ),
        ),
        hysteresis=1.0,
        noise_factor=8.0,
        noise_cap=None,
        warnings=(
            "a side camera may not see a pelvic tilt: reps are counted only where the movement "
            "is clear",
        ),
    ),
    ExerciseId.GLUTE_BRIDGE: ExerciseSpec(
        exercise=ExerciseId.GLUTE_BRIDGE,
        signal="hip_angle",
        unilateral=False,
        start=130.0,
        target=170.0,
        zone=(165.0, 180.0),
        faults=(
            FaultRule(
                "hips_too_low", "hip_angle", "peak", below=160.0, cue="Lift your hips higher"
            ),
        ),
        rest_fault=True,
    ),
}
"""The default spec of each exercise."""


def spec_for(exercise: ExerciseId | str) -> ExerciseSpec:
    """The default spec for an exercise id (raises `UnknownExerciseError` for an unknown id)."""
    from backcoach.catalog import UnknownExerciseError

    try:
        return SPECS[ExerciseId(exercise)]
    except ValueError:
        raise UnknownExerciseError(str(exercise)) from None
