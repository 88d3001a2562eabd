"""Scores against hand-worked cases: the ODI index (with skipped sections), its bands at every
boundary, the Roland-Morris count, and answers that do not fit."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

import backcoach.outcomes
from backcoach.outcomes import (
    ODI,
    ODI_BANDS,
    PARAPHRASE_NOTE,
    RMDQ,
    AnswerError,
    BandKey,
    InstrumentId,
    _instruments,
    band_for,
    format_score,
    respond,
    score,
)

T0 = datetime(2024, 5, 6, 7, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ((0,) * 10, 0.0),
        ((5,) * 10, 100.0),
        ((0, 1, 2, 3, 4, 5, 0, 1, 2, 3), 42.0),  # 21 of 50 points
        ((2, 2, 2, 2, 2, 2, 2, None, 2, 2), 40.0),  # one skipped: 18 of 45
        ((1, 1, 1, 1, 1, 1, 1, None, 1, 2), 100 * 10 / 45),  # 22.2...
        ((4, None, 4, 4, 4, 4, 4, None, 4, 4), 80.0),  # two skipped: 32 of 40
        ((1, 2, 3, None, 2, 2, 1, None, 2, 3), 40.0),  # 16 of 40
    ],
    ids=["all-0", "all-5", "full", "one-skipped", "one-skipped-thirds", "two-skipped", "mixed"],
)
def test_the_odi_is_the_share_of_points_possible_over_the_sections_answered(
    answers: tuple[int | None, ...], expected: float
) -> None:
    assert score(InstrumentId.ODI, answers) == pytest.approx(expected)


def test_a_skipped_section_neither_adds_nor_counts_against() -> None:
    # Skipping a section scored like the others leaves the index where it was.
    assert score("odi", (3,) * 10) == score("odi", (3, 3, 3, 3, 3, 3, 3, None, 3, 3)) == 60.0


def test_three_skipped_sections_are_too_many_to_score() -> None:
    with pytest.raises(AnswerError, match="at most 2 items left blank: 3 were"):
        score("odi", (1, None, 1, 1, None, 1, 1, None, 1, 1))


@pytest.mark.parametrize(
    ("points", "answered", "band"),
    [
        (0, 10, BandKey.MINIMAL),
        (10, 10, BandKey.MINIMAL),  # 20%
        (11, 10, BandKey.MODERATE),  # 22%
        (20, 10, BandKey.MODERATE),  # 40%
        (21, 10, BandKey.SEVERE),  # 42%
        (30, 10, BandKey.SEVERE),  # 60%
        (31, 10, BandKey.VERY_SEVERE),  # 62%
        (40, 10, BandKey.VERY_SEVERE),  # 80%
        (41, 10, BandKey.EXTREME),  # 82%
        (50, 10, BandKey.EXTREME),  # 100%
        (9, 9, BandKey.MINIMAL),  # 20.0% with one section skipped
        (10, 9, BandKey.MODERATE),  # 22.2%
        (8, 8, BandKey.MINIMAL),  # 20.0% with two skipped
        (9, 8, BandKey.MODERATE),  # 22.5%
    ],
)
def test_odi_bands_at_their_boundaries(points: int, answered: int, band: BandKey) -> None:
    answers: list[int | None] = [0] * answered + [None] * (10 - answered)
    for i in range(points):
        answers[i % answered] = (answers[i % answered] or 0) + 1

    response = respond("odi", answers, T0)

    assert response.band is not None
    assert response.band.key is band


def test_the_top_bands_are_worded_kindly() -> None:
    words = " ".join(f"{b.label} {b.meaning}" for b in ODI_BANDS).lower()
    for harsh in ("crippl", "bed-bound", "bed bound", "exaggerat", "invalid"):
        assert harsh not in words
    assert "doctor" in band_for("odi", 90).meaning  # type: ignore[union-attr]


def test_band_for_refuses_a_score_off_the_scale() -> None:
    with pytest.raises(ValueError, match="0 to 100"):
        band_for("odi", 100.5)


@pytest.mark.parametrize(
    ("answers", "expected"),
    [((0,) * 24, 0), ((1,) * 24, 24), ((1, 0) * 12, 12), ((1,) * 5 + (0,) * 19, 5)],
    ids=["none", "all", "half", "five"],
)
def test_the_roland_morris_counts_the_yes_answers(answers: tuple[int, ...], expected: int) -> None:
    response = respond("rmdq", answers, T0)

    assert response.score == expected
    assert response.band is None
    assert response.score_text == f"{expected}/24"


@pytest.mark.parametrize(
    ("which", "answers", "message"),
    [
        ("odi", (0,) * 9, "the ODI has 10 sections: got 9 answers"),
        ("odi", (0,) * 11, "the ODI has 10 sections: got 11 answers"),
        ("odi", (0,) * 9 + (6,), "ODI item 10 takes 0 to 5, not 6"),
        ("odi", (-1,) + (0,) * 9, "ODI item 1 takes 0 to 5, not -1"),
        ("odi", (True,) + (0,) * 9, "ODI item 1: True is not a whole number"),
        ("rmdq", (0,) * 23, "the RMDQ has 24 statements: got 23 answers"),
        ("rmdq", (2,) + (0,) * 23, "RMDQ item 1 takes 0 to 1, not 2"),
        ("rmdq", (None,) + (0,) * 23, "every RMDQ item needs an answer: 1 left blank"),
    ],
    ids=["odi-short", "odi-long", "odi-6", "odi-negative", "odi-bool", "rmdq-short", "rmdq-2",
         "rmdq-blank"],
)  # fmt: skip
def test_answers_that_do_not_fit_say_what_is_wrong(
    which: str, answers: tuple[int | None, ...], message: str
) -> None:
    with pytest.raises(AnswerError) as caught:
        respond(which, answers, T0)
    assert str(caught.value) == message


def test_a_response_needs_an_aware_time() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        respond("odi", (0,) * 10, datetime(2024, 5, 6))


def test_a_response_keeps_the_raw_answers_and_our_wording_version() -> None:
    answers = (1, 2, 3, None, 2, 2, 1, None, 2, 3)

    response = respond(ODI, answers, T0)

    assert response.answers == answers
    assert response.answered == 8
    assert response.version == ODI.version
    assert response.score_text == "40%"


def test_scores_read_as_people_write_them() -> None:
    assert format_score("odi", 100 * 10 / 45) == "22.2%"
    assert format_score("odi", 42.0) == "42%"
    assert format_score("rmdq", 7.0) == "7/24"


def test_the_instruments_have_the_published_shape() -> None:
    assert len(ODI.questions) == 10
    assert all(len(q.options) == 6 for q in ODI.questions)
    assert len(RMDQ.questions) == 24
    assert all(q.options == ("no", "yes") for q in RMDQ.questions)
    keys = [q.key for q in (*ODI.questions, *RMDQ.questions)]
    assert len(set(keys)) == len(keys)
    assert [q.optional for q in ODI.questions].count(True) == 1


def test_the_paraphrase_is_declared_where_the_items_live() -> None:
    assert PARAPHRASE_NOTE == "items paraphrased; not the licensed instrument wording"
    assert PARAPHRASE_NOTE in (backcoach.outcomes.__doc__ or "")
    assert "our own words" in (_instruments.__doc__ or "")
