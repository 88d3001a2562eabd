"""Minimal important change: whether a score moved enough to matter, said in a plain sentence.

The thresholds are the usual ones for low back pain: 10 points on the ODI, 5 on the
Roland-Morris, and for pain 2 points on the 0-10 scale or 30% of where it started. A smaller
move is within the ups and downs a score shows from one week to the next. For all three, lower
is better.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from backcoach.outcomes._instruments import InstrumentId, instrument
from backcoach.outcomes._scoring import QuestionnaireResponse, format_score

PAIN_POINTS = 2.0
"""A change in pain of this many points (0-10 scale) or more is important..."""
PAIN_SHARE = 0.30
"""...and so is a change of this share of the starting pain or more."""
PAIN_WINDOW = 3
"""Pain is compared as the mean of the first few scores against the mean of the last few."""

_EPSILON = 1e-9  # a 10.0-point change computed from thirds must still count as 10


class Direction(StrEnum):
    BETTER = "better"
    WORSE = "worse"
    SAME = "same"


@dataclass(frozen=True, slots=True)
class Change:
    """How a measure moved between two moments, whether that matters, and a sentence saying so."""

    measure: str
    """`odi`, `rmdq` or `pain`."""
    before: float
    after: float
    direction: Direction
    important: bool
    sentence: str

    @property
    def delta(self) -> float:
        """after - before (negative is an improvement)."""
        return self.after - self.before


def _direction(delta: float) -> Direction:
    if abs(delta) < _EPSILON:
        return Direction.SAME
    return Direction.BETTER if delta < 0 else Direction.WORSE


def _verdict(direction: Direction, important: bool, rule: str) -> str:
    if important and direction is Direction.BETTER:
        return f"a real improvement ({rule})"
    if important:
        return (
            f"a real worsening ({rule}). If it keeps rising, talk it over with a doctor or "
            "physiotherapist"
        )
    return f"a small change, within the usual ups and downs (a real change is {rule})"


def compare(previous: QuestionnaireResponse, current: QuestionnaireResponse) -> Change:
    """How `current` compares with `previous`, a response to the same questionnaire."""
    if previous.instrument is not current.instrument:
        raise ValueError(
            f"cannot compare a {previous.instrument.value} response with a "
            f"{current.instrument.value} one"
        )
    which = instrument(current.instrument)
    before, after = previous.score, current.score
    delta = after - before
    direction = _direction(delta)
    important = abs(delta) >= which.important_change - _EPSILON
    name = "ODI" if which.id is InstrumentId.ODI else "Roland-Morris score"
    was, now = format_score(which.id, before), format_score(which.id, after)
    if direction is Direction.SAME:
        sentence = f"Your {name} is unchanged at {now}."
    else:
        moved = "went down" if direction is Direction.BETTER else "went up"
        points = f"{round(abs(delta), 1):g} point{'s' if round(abs(delta), 1) != 1 else ''}"
        rule = f"{which.important_change:g} points or more"
        sentence = (
            f"Your {name} {moved} {points}, from {was} to {now}: "
            f"{_verdict(direction, important, rule)}."
        )
    return Change(which.id.value, before, after, direction, important, sentence)


def compare_pain(before: float, after: float, *, what: str = "pain") -> Change:
    """How pain (0-10) moved from `before` to `after`: important at 2 points or 30% or more."""
    for value in (before, after):
        if not 0 <= value <= 10:
            raise ValueError(f"pain is from 0 to 10, not {value}")
    delta = after - before
    direction = _direction(delta)
    share = abs(delta) / before if before > 0 else None
    important = direction is not Direction.SAME and (
        abs(delta) >= PAIN_POINTS - _EPSILON
        or (share is not None and share >= PAIN_SHARE - _EPSILON)
    )
    was, now = f"{before:.1f}", f"{after:.1f}"
    if direction is Direction.SAME:
        sentence = f"Your {what} is unchanged at {now}/10."
    else:
        moved = "went down" if direction is Direction.BETTER else "went up"
        by = f"{abs(delta):.1f} points" + (f", {share:.0%}" if share is not None else "")
        rule = f"{PAIN_POINTS:g} points or {PAIN_SHARE:.0%} or more"
        sentence = (
            f"Your {what} {moved} from {was} to {now} out of 10 ({by}): "
            f"{_verdict(direction, important, rule)}."
        )
    return Change("pain", before, after, direction, important, sentence)


def pain_change(scores: Sequence[int], window: int = PAIN_WINDOW) -> Change | None:
    """The change in pain over a series of scores (oldest first), or None with fewer than two.

    The mean of the first `window` scores is compared with the mean of the last `window` (fewer
    when there are not enough to keep the two apart), so that one bad day does not decide it.
    """
    if len(scores) < 2:
        return None
    n = min(window, len(scores) // 2)
    first = sum(scores[:n]) / n
    last = sum(scores[-n:]) / n
    return compare_pain(first, last, what="pain before sessions")
