"""Safety rules: the red-flag screen and the pain limits."""

from __future__ import annotations

import pytest

from backcoach.errors import BackcoachError
from backcoach.safety import (
    CLEAR_MESSAGE,
    CLINICIAN_ADVICE,
    QUESTIONS,
    URGENT_ADVICE,
    PainScoreError,
    RedFlag,
    ScreeningError,
    advice_after_session,
    advice_before_session,
    advice_during_exercise,
    assess_screen,
    check_pain_score,
)

ALL_NO = {q.flag.value: False for q in QUESTIONS}


def test_the_screen_asks_the_eight_warning_signs() -> None:
    assert {q.flag for q in QUESTIONS} == set(RedFlag)
    assert len(QUESTIONS) == 8
    urgent = {q.flag for q in QUESTIONS if q.urgent}
    assert urgent == {RedFlag.BLADDER_BOWEL, RedFlag.SADDLE_NUMBNESS, RedFlag.BOTH_LEGS}
    assert all(q.text.endswith("?") for q in QUESTIONS)


def test_all_no_passes() -> None:
    outcome = assess_screen(ALL_NO)
    assert outcome.passed
    assert outcome.advice == CLEAR_MESSAGE


@pytest.mark.parametrize("flag", list(RedFlag))
def test_any_yes_blocks_exercise(flag: RedFlag) -> None:
    outcome = assess_screen({**ALL_NO, flag.value: True})
    assert not outcome.passed
    urgent = flag in (RedFlag.BLADDER_BOWEL, RedFlag.SADDLE_NUMBNESS, RedFlag.BOTH_LEGS)
    assert outcome.advice == (URGENT_ADVICE if urgent else CLINICIAN_ADVICE)
    assert (flag in outcome.urgent) is urgent


def test_urgent_advice_wins_over_the_rest() -> None:
    outcome = assess_screen({**ALL_NO, "night_pain": True, "both_legs": True})
    assert outcome.advice == URGENT_ADVICE
    assert "today" in outcome.advice and "Do not start" in outcome.advice


def test_incomplete_or_unknown_answers_are_refused() -> None:
    partial = dict(ALL_NO)
    del partial["fever_unwell"]
    with pytest.raises(ScreeningError, match=r"unanswered.*fever_unwell"):
        assess_screen(partial)
    with pytest.raises(ScreeningError, match=r"unknown.*headache"):
        assess_screen({**ALL_NO, "headache": True})


@pytest.mark.parametrize("value", [0, 5, 10, "7", " 3 "])
def test_pain_scores_from_0_to_10_are_accepted(value: object) -> None:
    assert 0 <= check_pain_score(value) <= 10


@pytest.mark.parametrize("value", [11, -1, "eleven", "5.5", True, None, 3.0])
def test_other_pain_scores_are_refused_with_a_one_line_message(value: object) -> None:
    with pytest.raises(PainScoreError) as caught:
        check_pain_score(value)
    assert isinstance(caught.value, BackcoachError)
    assert "\n" not in str(caught.value) and "0" in str(caught.value)


@pytest.mark.parametrize(
    ("score", "stop"),
    [(0, False), (3, False), (4, False), (5, False), (6, True), (10, True)],
)
def test_pain_above_5_during_an_exercise_stops_it(score: int, stop: bool) -> None:
    advice = advice_during_exercise(score)
    assert advice.stop_exercise is stop
    assert f"{score}/10" in advice.message


def test_advice_before_and_after_a_session() -> None:
    assert advice_before_session(5) is None
    assert advice_before_session(7) is not None
    assert advice_after_session(2, 3) is None
    rose = advice_after_session(1, 4)
    assert rose is not None and "rose from 1 to 4" in rose
    high = advice_after_session(None, 6)
    assert high is not None and "above the 5/10 limit" in high
