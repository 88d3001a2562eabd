"""The stick figures: drawn from segment angles whose joint angles match the exercise contract's
typical start and target positions (what the motion coach measures)."""

from __future__ import annotations

import math
from xml.etree import ElementTree

import pytest

from backcoach.catalog import ExerciseId
from backcoach.web._figures import HEAD_R, POSTURES, Joints, Pose, angle_at, figure_svg, joints

SVG = "{http://www.w3.org/2000/svg}"


def pose(exercise: ExerciseId, which: Pose) -> Joints:
    return joints(POSTURES[exercise][which])


def floor_of(j: Joints) -> float:
    return min(j.head[1] - HEAD_R, *(p[1] for p in j.points()))


def line_angle(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Angle of the line a->b above the horizontal, in degrees (-90 to 90)."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    return math.degrees(math.atan2(dy, abs(dx)))


def hip_angle(j: Joints, side: str = "near") -> float:
    limb = j.near if side == "near" else j.far
    return angle_at(j.shoulder, j.hip, limb["knee"])


def knee_angle(j: Joints, side: str = "near") -> float:
    limb = j.near if side == "near" else j.far
    return angle_at(j.hip, limb["knee"], limb["ankle"])


def test_partial_crunch_lifts_the_trunk_20_to_35_degrees_without_pulling_the_neck() -> None:
    start, target = (
        pose(ExerciseId.PARTIAL_CRUNCH, Pose.START),
        pose(ExerciseId.PARTIAL_CRUNCH, Pose.TARGET),
    )
    assert abs(line_angle(start.hip, start.shoulder)) <= 5
    assert 20 <= line_angle(target.hip, target.shoulder) <= 35
    assert angle_at(target.head, target.shoulder, target.hip) >= 130


def test_hamstring_stretch_raises_a_straight_leg_toward_vertical() -> None:
    start, target = (
        pose(ExerciseId.HAMSTRING_STRETCH, Pose.START),
        pose(ExerciseId.HAMSTRING_STRETCH, Pose.TARGET),
    )
    assert 120 <= hip_angle(start) <= 140
    assert knee_angle(start) < 120
    assert 85 <= hip_angle(target) <= 105
    assert 165 <= knee_angle(target) <= 180
    assert 120 <= hip_angle(target, "far") <= 140  # the other foot stays down


def test_wall_sit_bends_the_knees_to_a_safe_depth_with_the_back_on_the_wall() -> None:
    start, target = pose(ExerciseId.WALL_SIT, Pose.START), pose(ExerciseId.WALL_SIT, Pose.TARGET)
    assert knee_angle(start) >= 165
    assert 100 <= knee_angle(target) <= 150
    assert knee_angle(target) >= 80  # never too deep
    assert target.near["knee"][1] <= target.hip[1]  # thighs no lower than parallel
    assert abs(target.hip[0] - target.shoulder[0]) < 0.01  # back upright against the wall


def test_knee_to_chest_brings_one_knee_in_and_leaves_the_other_foot_down() -> None:
    start, target = (
        pose(ExerciseId.KNEE_TO_CHEST, Pose.START),
        pose(ExerciseId.KNEE_TO_CHEST, Pose.TARGET),
    )
    assert 120 <= hip_angle(start) <= 140
    assert hip_angle(target) <= 60
    heel_start = start.far["heel"][1] - floor_of(start)
    heel_target = target.far["heel"][1] - floor_of(target)
    assert abs(heel_target - heel_start) < 0.01


def test_bird_dog_extends_one_leg_and_the_opposite_arm_level() -> None:
    start, target = pose(ExerciseId.BIRD_DOG, Pose.START), pose(ExerciseId.BIRD_DOG, Pose.TARGET)
    assert abs(line_angle(start.hip, start.near["knee"])) > 80  # folded, knee under the hip
    assert abs(line_angle(target.hip, target.near["ankle"])) <= 15
    assert abs(line_angle(target.shoulder, target.far["hand"])) <= 35
    # The supporting hand and knee stay on the floor.
    floor = floor_of(target)
    assert target.near["hand"][1] - floor < 0.04
    assert target.far["knee"][1] - floor < 0.04


def test_pelvic_tilt_keeps_the_hips_on_the_floor() -> None:
    start, target = (
        pose(ExerciseId.PELVIC_TILT, Pose.START),
        pose(ExerciseId.PELVIC_TILT, Pose.TARGET),
    )
    assert start.hip[1] - floor_of(start) == pytest.approx(target.hip[1] - floor_of(target))
    assert POSTURES[ExerciseId.PELVIC_TILT][Pose.START].arch > 0
    assert POSTURES[ExerciseId.PELVIC_TILT][Pose.TARGET].arch == 0


def test_glute_bridge_opens_the_hips_to_a_straight_line() -> None:
    start, target = (
        pose(ExerciseId.GLUTE_BRIDGE, Pose.START),
        pose(ExerciseId.GLUTE_BRIDGE, Pose.TARGET),
    )
    assert 120 <= hip_angle(start) <= 140
    assert 165 <= hip_angle(target) <= 180
    assert target.hip[1] - floor_of(target) > 0.15  # the hips are up


@pytest.mark.parametrize("exercise", list(ExerciseId))
@pytest.mark.parametrize("which", list(Pose))
def test_each_figure_is_a_titled_svg_image_drawn_to_one_scale(
    exercise: ExerciseId, which: Pose
) -> None:
    svg = ElementTree.fromstring(figure_svg(exercise, which, title="A & B"))
    assert svg.tag == f"{SVG}svg"
    assert (svg.get("role"), svg.get("aria-label")) == ("img", "A & B")
    title = svg.find(f"{SVG}title")
    assert title is not None
    assert title.text == "A & B"
    assert svg.get("width") == "170"
    assert len(svg.findall(f"{SVG}polyline")) >= 6
    assert len(svg.findall(f"{SVG}circle")) == 1  # the head
