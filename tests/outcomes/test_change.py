"""Minimal important change: 10 points on the ODI, 5 on the Roland-Morris, 2 points or 30% for
pain, flagged either way and said in a sentence a person can read."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from backcoach.outcomes import (
    Direction,
    InstrumentId,
    QuestionnaireResponse,
    band_for,
    compare,
    compare_pain,
    pain_change,
    respond,
)

T0 = datetime(2024, 5, 6, 7, 30, tzinfo=UTC)


def _odi(value: float) -> QuestionnaireResponse:
    return QuestionnaireResponse(InstrumentId.ODI, T0, (), value, band_for("odi", value))


def _rmdq(value: int) -> QuestionnaireResponse:
    return respond("rmdq", (1,) * value + (0,) * (24 - value), T0)


@pytest.mark.parametrize(
    ("before", "after", "direction", "important"),
    [
        (40, 30, Direction.BETTER, True),  # exactly 10 points
        (40, 12, Direction.BETTER, True),
        (40, 32, Direction.BETTER, False),
        (30, 40, Direction.WORSE, True),
        (30, 38, Direction.WORSE, False),
        (24, 24, Direction.SAME, False),
    ],
)
def test_an_odi_change_matters_from_10_points(
    before: float, after: float, direction: Direction, important: bool
) -> None:
    change = compare(_odi(before), _odi(after))

    assert change.measure == "odi"
    assert change.direction is direction
    assert change.important is important
    assert change.delta == after - before


def test_ten_points_count_when_the_scores_come_from_skipped_sections() -> None:
    # 27 of 45 points (one section skipped) is 60%; 25 of 50 is 50%.
    before = respond("odi", (3, 3, 3, 3, 3, 3, 3, None, 3, 3), T0)
    after = respond("odi", (3, 2, 3, 2, 3, 2, 3, 2, 3, 2), T0)

    assert compare(before, after).important


@pytest.mark.parametrize(
    ("before", "after", "direction", "important"),
    [
        (12, 7, Direction.BETTER, True),  # exactly 5
        (12, 8, Direction.BETTER, False),
        (7, 12, Direction.WORSE, True),
        (7, 11, Direction.WORSE, False),
    ],
)
def test_a_roland_morris_change_matters_from_5_points(
    before: int, after: int, direction: Direction, important: bool
) -> None:
    change = compare(_rmdq(before), _rmdq(after))

    assert change.measure == "rmdq"
    assert change.direction is direction
    assert change.important is important


@pytest.mark.parametrize(
    ("before", "after", "direction", "important"),
    [
        (6, 4, Direction.BETTER, True),  # 2 points
        (3, 2, Direction.BETTER, True),  # 1 point but 33%
        (10, 7, Direction.BETTER, True),  # 3 points, 30%
        (8, 7, Direction.BETTER, False),  # 1 point, 12.5%
        (4, 6, Direction.WORSE, True),
        (0, 1, Direction.WORSE, False),  # no share of nothing: 1 point only
        (5, 5, Direction.SAME, False),
    ],
)
def test_a_pain_change_matters_from_2_points_or_30_percent(
    before: float, after: float, direction: Direction, important: bool
) -> None:
    change = compare_pain(before, after)

    assert change.measure == "pain"
    assert change.direction is direction
    assert change.important is important


def test_the_sentences_say_which_way_how_far_and_whether_it_matters() -> None:
    better = compare(_odi(40), _odi(28)).sentence
    small = compare(_odi(40), _odi(36)).sentence
    worse = compare(_rmdq(6), _rmdq(12)).sentence
    same = compare(_odi(24), _odi(24)).sentence
    pain = compare_pain(6, 3).sentence

    assert better == (
        "Your ODI went down 12 points, from 40% to 28%: a real improvement (10 points or more)."
    )
    assert "went down 4 points" in small
    assert "small change" in small
    assert worse.startswith("Your Roland-Morris score went up 6 points, from 6/24 to 12/24")
    assert "real worsening" in worse
    assert "doctor or physiotherapist" in worse
    assert same == "Your ODI is unchanged at 24%."
    assert pain.startswith("Your pain went down from 6.0 to 3.0 out of 10 (3.0 points, 50%)")


def test_different_questionnaires_are_not_compared() -> None:
    with pytest.raises(ValueError, match="cannot compare"):
        compare(_odi(40), _rmdq(5))


def test_pain_is_compared_first_few_against_last_few() -> None:
    change = pain_change([6, 7, 5, 5, 4, 4, 3])

    assert change is not None
    assert change.before == pytest.approx(6.0)  # 6, 7, 5
    assert change.after == pytest.approx(11 / 3)  # 4, 4, 3
    assert change.important
    assert change.sentence.startswith("Your pain before sessions went down")


def test_one_bad_day_among_few_scores_uses_smaller_windows() -> None:
    change = pain_change([5, 3])
    assert change is not None
    assert (change.before, change.after) == (5, 3)
    assert pain_change([5]) is None
    assert pain_change([]) is None


def test_pain_off_the_scale_is_refused() -> None:
    with pytest.raises(ValueError, match="0 to 10"):
        compare_pain(11, 3)
