"""The coaching display shows what the analyzer reported, nothing it did not."""

from __future__ import annotations

import pytest

from backcoach.camera import Board
from backcoach.motion import (
    Cue,
    HoldCountdown,
    Peak,
    Prescription,
    Rep,
    RepDone,
    RepStarted,
    TargetReached,
    Warning,
    spec_for,
)
from tests.motion import _figures


def _board(exercise: str = "glute_bridge") -> Board:
    return Board(spec_for(exercise), Prescription(hold_s=6, rest_s=10, reps=8), 1280, 720)


def _rep(index: int, side: str | None = None, faults: tuple[str, ...] = ()) -> Rep:
    return Rep(index, side, 1.0, 9.0, 6.0, Peak("hip_angle", 170.0), faults)


def test_a_rep_goes_from_moving_to_holding_to_resting() -> None:
    board = _board()
    points = _figures.frame(_figures.bridge(170.0))
    assert board.hold_text() == "Get into position"
    board.update(1.0, points, [RepStarted(1.0, 1)], side=0)
    assert board.phase == "moving"
    board.update(2.0, points, [TargetReached(2.0, 170.0, True), HoldCountdown(2.0, 6)], side=0)
    assert board.hold_text() == "Hold 6 s"
    board.update(8.0, points, [HoldCountdown(8.0, 0)], side=0)
    assert board.hold_text() == "Hold done"
    board.update(9.0, points, [RepDone(9.0, _rep(1, faults=("hips_too_low",)))], side=0)
    assert board.rep_text() == "Reps 1/8"
    assert board.hold_text() == "Rest"
    assert [m.text for m in board.current_messages()] == ["hips not high enough"]


def test_messages_expire_and_a_new_cue_replaces_the_old() -> None:
    board = _board()
    board.update(0.0, None, [Cue(0.0, "3"), Warning(0.0, "move into view")], side=0)
    board.update(0.5, None, [Cue(0.5, "2")], side=0)
    assert [m.text for m in board.current_messages()] == ["2", "move into view"]
    board.update(20.0, None, [], side=0)
    assert board.current_messages() == []
    assert not board.person


def test_one_sided_exercises_count_per_side() -> None:
    board = Board(spec_for("knee_to_chest"), Prescription(15, 5, reps=2), 1280, 720)
    board.update(1.0, None, [RepDone(1.0, _rep(1, "left")), RepDone(2.0, _rep(2, "right"))], 0)
    board.update(3.0, None, [RepDone(3.0, _rep(3, "left"))], 0)
    assert board.rep_text() == "Left 2/2  Right 1/2"


@pytest.mark.parametrize("angle", [135.0, 150.0, 172.0])
def test_the_angle_shown_is_the_measured_signal(angle: float) -> None:
    board = _board()
    board.update(0.0, _figures.frame(_figures.bridge(angle)), [], side=0)
    assert board.angle == pytest.approx(angle, abs=0.5)
    assert board.signal_label == "hip"


def test_words_for_faults_can_be_swapped() -> None:
    board = _board()
    board.words = lambda code: code.upper()
    board.update(1.0, None, [RepDone(1.0, _rep(1, faults=("hips_too_low",)))], side=0)
    assert board.current_messages()[0].text == "HIPS_TOO_LOW"
