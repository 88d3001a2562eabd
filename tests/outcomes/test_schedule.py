"""Offered at the start, due from two weeks after the last one, overdue after four."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from backcoach.outcomes import DueStatus, InstrumentId, due

LAST = date(2024, 5, 6)


def test_never_taken_is_offered_at_the_start() -> None:
    answer = due(None, LAST, "rmdq")

    assert answer.status is DueStatus.FIRST
    assert answer.offer
    assert answer.instrument is InstrumentId.RMDQ
    assert "backcoach questionnaire rmdq" in answer.sentence
    assert "starting point" in answer.sentence


@pytest.mark.parametrize(
    ("days", "status", "offer"),
    [
        (0, DueStatus.NOT_YET, False),
        (13, DueStatus.NOT_YET, False),
        (14, DueStatus.DUE, True),
        (28, DueStatus.DUE, True),
        (29, DueStatus.OVERDUE, True),
        (200, DueStatus.OVERDUE, True),
    ],
)
def test_due_from_two_weeks_overdue_after_four(days: int, status: DueStatus, offer: bool) -> None:
    answer = due(LAST, LAST + timedelta(days=days))

    assert answer.status is status
    assert answer.offer is offer
    assert answer.due_on == LAST + timedelta(days=14)


def test_the_sentences_give_the_date_or_the_days() -> None:
    assert due(LAST, LAST + timedelta(days=3)).sentence == (
        "The ODI is next due on 20 May 2024 (every 2 to 4 weeks)."
    )
    assert "it has been 20 days" in due(LAST, LAST + timedelta(days=20)).sentence
    assert "overdue" in due(LAST, LAST + timedelta(days=40), "odi").sentence
