"""Stick figures of each exercise's start and target positions, drawn as SVG from segment angles.

A pose gives the direction of every body segment in the picture plane (degrees, counter-clockwise
from the +x axis, y up), seen from the side: the figure lies with its head to the left, stands or
kneels facing right. Forward kinematics turns the angles into joint positions for a body of height
1; the joint angles the motion coach measures (hip, knee, trunk lift...) follow from them, and the
tests check them against the exercise contract's start and target. The near side of the body is
drawn dark, the far side light, and what moves in the exercise in the accent colour.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum
from html import escape

from backcoach.catalog import ExerciseId

# Segment lengths as shares of standing height (rounded anthropometric averages).
TRUNK = 0.288
"""Hip joint to shoulder joint."""
NECK = 0.11
"""Shoulder joint to the centre of the head."""
HEAD_R = 0.062
THIGH = 0.245
SHANK = 0.246
FOOT = 0.13
HEEL = 0.03
"""Heel behind the ankle joint (the rest of the foot is in front)."""
UPPER_ARM = 0.186
FOREARM = 0.146
"""Elbow to the wrist."""
HAND = 0.08
"""Wrist to the fingertips."""

SCALE = 100.0
"""Pixels (SVG user units) per unit of body height."""
VIEW_W = 1.7
"""Every figure is this wide (body heights), so all are drawn at the same scale."""
MIN_VIEW_H = 0.62
PAD = 0.06


class Pose(StrEnum):
    START = "start"
    TARGET = "target"


class Part(StrEnum):
    """What can be drawn in the accent colour: the parts an exercise moves."""

    TRUNK = "trunk"
    NEAR_LEG = "near_leg"
    FAR_LEG = "far_leg"
    NEAR_ARM = "near_arm"
    FAR_ARM = "far_arm"


@dataclass(frozen=True, slots=True)
class Leg:
    thigh: float
    shank: float
    foot: float


@dataclass(frozen=True, slots=True)
class Arm:
    upper: float
    fore: float
    hand: float | None = None
    """Direction of the hand (None: in line with the forearm)."""


@dataclass(frozen=True, slots=True)
class Posture:
    """Segment directions in degrees; `arch` lifts the lower back off the floor (share of trunk)."""

    trunk: float
    head: float
    near_leg: Leg
    far_leg: Leg
    near_arm: Arm
    far_arm: Arm
    arch: float = 0.0
    wall: bool = False
    towel: bool = False
    press_arrow: bool = False
    moving: frozenset[Part] = field(default_factory=frozenset)


Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Joints:
    """Joint positions of a posture, the hip at the origin (body height 1, y up)."""

    hip: Point
    shoulder: Point
    head: Point
    near: dict[str, Point]
    far: dict[str, Point]

    def points(self) -> list[Point]:
        return [self.hip, self.shoulder, *self.near.values(), *self.far.values()]


def _at(origin: Point, length: float, degrees: float) -> Point:
    rad = math.radians(degrees)
    return (origin[0] + length * math.cos(rad), origin[1] + length * math.sin(rad))


def joints(posture: Posture) -> Joints:
    """Forward kinematics: where every joint is."""
    hip = (0.0, 0.0)
    shoulder = _at(hip, TRUNK, posture.trunk)
    head = _at(shoulder, NECK, posture.head)

    def limb(leg: Leg, arm: Arm) -> dict[str, Point]:
        knee = _at(hip, THIGH, leg.thigh)
        ankle = _at(knee, SHANK, leg.shank)
        elbow = _at(shoulder, UPPER_ARM, arm.upper)
        wrist = _at(elbow, FOREARM, arm.fore)
        return {
            "knee": knee,
            "ankle": ankle,
            "heel": _at(ankle, -HEEL, leg.foot),
            "toe": _at(ankle, FOOT - HEEL, leg.foot),
            "elbow": elbow,
            "wrist": wrist,
            "hand": _at(wrist, HAND, arm.fore if arm.hand is None else arm.hand),
        }

    return Joints(
        hip,
        shoulder,
        head,
        limb(posture.near_leg, posture.near_arm),
        limb(posture.far_leg, posture.far_arm),
    )


def angle_at(a: Point, b: Point, c: Point) -> float:
    """The angle a-b-c at b, in degrees (0-180)."""
    v1 = (a[0] - b[0], a[1] - b[1])
    v2 = (c[0] - b[0], c[1] - b[1])
    dot = v1[0] * v2[0] + v1[1] * v2[1]
    norm = math.hypot(*v1) * math.hypot(*v2)
    return math.degrees(math.acos(max(-1.0, min(1.0, dot / norm))))


# -- the poses ----------------------------------------------------------------------------------

# Lying on the back, knees bent, feet flat ("hook lying").
_HOOK = Leg(thigh=50, shank=-52, foot=0)
_ARMS_ALONG = Arm(upper=-4, fore=0)
_ARMS_CROSSED = Arm(upper=12, fore=150)
_LYING_HEAD = 170.0

POSTURES: dict[ExerciseId, dict[Pose, Posture]] = {
    ExerciseId.PARTIAL_CRUNCH: {
        Pose.START: Posture(180, _LYING_HEAD, _HOOK, _HOOK, _ARMS_CROSSED, _ARMS_CROSSED),
        Pose.TARGET: Posture(
            154,
            146,
            _HOOK,
            _HOOK,
            Arm(upper=-14, fore=124),
            Arm(upper=-14, fore=124),
            moving=frozenset({Part.TRUNK}),
        ),
    },
    ExerciseId.HAMSTRING_STRETCH: {
        Pose.START: Posture(
            180,
            _LYING_HEAD,
            _HOOK,
            _HOOK,
            Arm(upper=28, fore=10),
            Arm(upper=28, fore=10),
            towel=True,
            moving=frozenset({Part.NEAR_LEG}),
        ),
        Pose.TARGET: Posture(
            180,
            _LYING_HEAD,
            Leg(thigh=85, shank=81, foot=-9),
            _HOOK,
            Arm(upper=62, fore=58),
            Arm(upper=62, fore=58),
            towel=True,
            moving=frozenset({Part.NEAR_LEG}),
        ),
    },
    ExerciseId.WALL_SIT: {
        Pose.START: Posture(
            90,
            90,
            Leg(thigh=285, shank=290, foot=0),
            Leg(thigh=285, shank=290, foot=0),
            Arm(upper=272, fore=275),
            Arm(upper=272, fore=275),
            wall=True,
            moving=frozenset({Part.NEAR_LEG}),
        ),
        Pose.TARGET: Posture(
            90,
            90,
            Leg(thigh=332, shank=266, foot=0),
            Leg(thigh=332, shank=266, foot=0),
            Arm(upper=285, fore=320),
            Arm(upper=285, fore=320),
            wall=True,
            moving=frozenset({Part.NEAR_LEG}),
        ),
    },
    ExerciseId.KNEE_TO_CHEST: {
        Pose.START: Posture(
            180, _LYING_HEAD, _HOOK, _HOOK, _ARMS_ALONG, _ARMS_ALONG, moving=frozenset()
        ),
        Pose.TARGET: Posture(
            180,
            _LYING_HEAD,
            Leg(thigh=125, shank=-2, foot=40),
            _HOOK,
            Arm(upper=78, fore=8),
            Arm(upper=78, fore=8),
            moving=frozenset({Part.NEAR_LEG}),
        ),
    },
    ExerciseId.BIRD_DOG: {
        Pose.START: Posture(
            12,
            0,
            Leg(thigh=268, shank=180, foot=180),
            Leg(thigh=268, shank=180, foot=180),
            Arm(upper=270, fore=272, hand=0),
            Arm(upper=270, fore=272, hand=0),
        ),
        Pose.TARGET: Posture(
            12,
            4,
            Leg(thigh=182, shank=180, foot=250),
            Leg(thigh=268, shank=180, foot=180),
            Arm(upper=270, fore=272, hand=0),
            Arm(upper=2, fore=0),
            moving=frozenset({Part.NEAR_LEG, Part.FAR_ARM}),
        ),
    },
    ExerciseId.PELVIC_TILT: {
        Pose.START: Posture(180, _LYING_HEAD, _HOOK, _HOOK, _ARMS_ALONG, _ARMS_ALONG, arch=0.09),
        Pose.TARGET: Posture(
            180,
            _LYING_HEAD,
            _HOOK,
            _HOOK,
            _ARMS_ALONG,
            _ARMS_ALONG,
            arch=0.0,
            press_arrow=True,
            moving=frozenset({Part.TRUNK}),
        ),
    },
    ExerciseId.GLUTE_BRIDGE: {
        Pose.START: Posture(180, _LYING_HEAD, _HOOK, _HOOK, _ARMS_ALONG, _ARMS_ALONG),
        Pose.TARGET: Posture(
            200,
            178,
            Leg(thigh=30, shank=-64, foot=0),
            Leg(thigh=30, shank=-64, foot=0),
            Arm(upper=-12, fore=0),
            Arm(upper=-12, fore=0),
            moving=frozenset({Part.TRUNK}),
        ),
    },
}

_POSE_WORDS = {Pose.START: "start position", Pose.TARGET: "target position"}

_INK = "#1f2a37"
_FAR = "#9aa5b1"
_ACCENT = "#c2410c"
_FLOOR = "#6b7280"
_WALL = "#8b6f47"
_TOWEL = "#0e7490"
_STROKE = 0.05


def figure_svg(exercise_id: ExerciseId, pose: Pose, *, title: str | None = None) -> str:
    """The figure as a standalone SVG document (`role="img"`, titled for screen readers)."""
    posture = POSTURES[exercise_id][pose]
    j = joints(posture)
    label = title or f"{exercise_id.value.replace('_', ' ').capitalize()}: {_POSE_WORDS[pose]}"
    marker = f"arrow-{exercise_id.value}-{pose.value}"

    head_bottom = j.head[1] - HEAD_R
    floor = min(head_bottom, *(p[1] for p in j.points())) - 0.012
    xs = [p[0] for p in j.points()] + [j.head[0] - HEAD_R, j.head[0] + HEAD_R]
    if posture.wall:
        wall_x = min(j.hip[0], j.shoulder[0], j.head[0] - HEAD_R) - 0.035
        xs.append(wall_x)
    mid_x = (min(xs) + max(xs)) / 2
    top = max(j.head[1] + HEAD_R, *(p[1] for p in j.points()))
    if posture.wall:
        top = max(top, floor + 1.05)
    view_h = max(MIN_VIEW_H, top - floor + 2 * PAD)

    def tx(p: Point) -> tuple[float, float]:
        """Body units to SVG user units: centred across, standing on the floor line."""
        x = (p[0] - mid_x + VIEW_W / 2) * SCALE
        y = (view_h - PAD - (p[1] - floor)) * SCALE
        return round(x, 1), round(y, 1)

    parts: list[str] = []
    fx0, fy = tx((mid_x - VIEW_W / 2 + PAD / 2, floor))
    fx1, _ = tx((mid_x + VIEW_W / 2 - PAD / 2, floor))
    parts.append(
        f'<line x1="{fx0}" y1="{fy}" x2="{fx1}" y2="{fy}" stroke="{_FLOOR}" '
        f'stroke-width="2" class="floor"/>'
    )
    if posture.wall:
        wx, _ = tx((wall_x, floor))
        _, wy = tx((wall_x, floor + 1.05))
        parts.append(
            f'<line x1="{wx}" y1="{fy}" x2="{wx}" y2="{wy}" stroke="{_WALL}" '
            f'stroke-width="5" class="wall"/>'
        )

    def colour(part: Part, base: str) -> str:
        return _ACCENT if part in posture.moving else base

    def polyline(points: list[Point], stroke: str, width: float = _STROKE) -> str:
        coords = " ".join(f"{x},{y}" for x, y in (tx(p) for p in points))
        return (
            f'<polyline points="{coords}" fill="none" stroke="{stroke}" '
            f'stroke-width="{round(width * SCALE, 1)}" stroke-linecap="round" '
            'stroke-linejoin="round"/>'
        )

    def leg(points: dict[str, Point], stroke: str) -> str:
        return polyline([j.hip, points["knee"], points["ankle"]], stroke) + polyline(
            [points["heel"], points["toe"]], stroke, _STROKE * 0.8
        )

    def arm(points: dict[str, Point], stroke: str) -> str:
        return polyline(
            [j.shoulder, points["elbow"], points["wrist"], points["hand"]], stroke, _STROKE * 0.8
        )

    # Far side first, so the near side is drawn over it.
    parts.append(arm(j.far, colour(Part.FAR_ARM, _FAR)))
    parts.append(leg(j.far, colour(Part.FAR_LEG, _FAR)))
    trunk_colour = colour(Part.TRUNK, _INK)
    if posture.arch > 0:
        # The lower back curves away from the floor: bend the trunk toward the front.
        front = posture.trunk - 90
        mid = ((j.hip[0] + j.shoulder[0]) / 2, (j.hip[1] + j.shoulder[1]) / 2)
        ctrl = _at(mid, posture.arch * TRUNK * 2, front)
        (hx, hy), (cx, cy), (sx, sy) = tx(j.hip), tx(ctrl), tx(j.shoulder)
        parts.append(
            f'<path d="M{hx},{hy} Q{cx},{cy} {sx},{sy}" fill="none" stroke="{trunk_colour}" '
            f'stroke-width="{round(_STROKE * 1.3 * SCALE, 1)}" stroke-linecap="round"/>'
        )
    else:
        parts.append(polyline([j.hip, j.shoulder], trunk_colour, _STROKE * 1.3))
    parts.append(polyline([j.shoulder, _at(j.shoulder, NECK - HEAD_R, posture.head)], _INK))
    hx_, hy_ = tx(j.head)
    parts.append(
        f'<circle cx="{hx_}" cy="{hy_}" r="{round(HEAD_R * SCALE, 1)}" fill="#fff" '
        f'stroke="{_INK}" stroke-width="{round(_STROKE * 0.8 * SCALE, 1)}"/>'
    )
    parts.append(leg(j.near, colour(Part.NEAR_LEG, _INK)))
    parts.append(arm(j.near, colour(Part.NEAR_ARM, _INK)))
    if posture.towel:
        parts.append(polyline([j.near["hand"], j.near["toe"]], _TOWEL, _STROKE * 0.45))
    if posture.press_arrow:
        mid = ((j.hip[0] + j.shoulder[0]) / 2, (j.hip[1] + j.shoulder[1]) / 2)
        start, tip = tx((mid[0], mid[1] + 0.2)), tx((mid[0], mid[1] + 0.05))
        parts.append(
            f'<line x1="{start[0]}" y1="{start[1]}" x2="{tip[0]}" y2="{tip[1]}" '
            f'stroke="{_ACCENT}" stroke-width="3" marker-end="url(#{marker})"/>'
        )

    width, height = round(VIEW_W * SCALE), round(view_h * SCALE)
    defs = (
        f'<defs><marker id="{marker}" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="4" '
        f'markerHeight="4" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        f'fill="{_ACCENT}"/></marker></defs>'
        if posture.press_arrow
        else ""
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(label)}" '
        f'class="figure"><title>{escape(label)}</title>{defs}{"".join(parts)}</svg>'
    )
