"""Pain limits: the pain-monitoring model used with runners (0 to 10, pain now)."""

from __future__ import annotations

from dataclasses import dataclass

from backcoach.errors import BackcoachError

PAIN_MIN = 0
PAIN_MAX = 10
SAFE_MAX = 3
"""Pain up to 3/10 during exercise is safe."""
ACCEPTABLE_MAX = 5
"""Pain up to 5/10 is acceptable if it settles by the next morning; above it, stop the exercise."""


class PainScoreError(BackcoachError, ValueError):
    """A pain score that is not a whole number from 0 to 10."""


def check_pain_score(value: object) -> int:
    """The score as an int, or `PainScoreError` with a message saying what is allowed."""
    if isinstance(value, bool):
        raise PainScoreError(f"pain must be a whole number from 0 to 10, got {value}")
    if isinstance(value, int):
        score = value
    elif isinstance(value, str) and value.strip().lstrip("-").isdigit():
        score = int(value.strip())
    else:
        raise PainScoreError(f"pain must be a whole number from 0 to 10, got {value!r}")
    if not PAIN_MIN <= score <= PAIN_MAX:
        raise PainScoreError(f"pain must be from 0 (none) to 10 (worst), got {score}")
    return score


@dataclass(frozen=True, slots=True)
class PainAdvice:
    stop_exercise: bool
    message: str


def advice_during_exercise(score: int) -> PainAdvice:
    """What to do when an exercise hurts: above 5/10, stop that exercise."""
    score = check_pain_score(score)
    if score > ACCEPTABLE_MAX:
        return PainAdvice(
            True,
            f"Pain {score}/10 is above the 5/10 limit: stop this exercise "
            "for today and move on. It has been noted.",
        )
    if score > SAFE_MAX:
        return PainAdvice(
            False,
            f"Pain {score}/10 is acceptable if it settles by tomorrow "
            "morning. Go gently, and stop if it rises above 5.",
        )
    return PainAdvice(False, f"Pain {score}/10 is in the safe range. Carry on gently.")


def advice_before_session(score: int) -> str | None:
    """A word of caution before starting, or None when none is needed."""
    score = check_pain_score(score)
    if score > ACCEPTABLE_MAX:
        return (
            f"Your pain is {score}/10 before starting. Go gently, skip any exercise that "
            "makes it worse, and see a clinician if it stays this high."
        )
    return None


def advice_after_session(before: int | None, after: int) -> str | None:
    """A note on how the session went for the back, or None."""
    after = check_pain_score(after)
    if after > ACCEPTABLE_MAX:
        return (
            f"Pain {after}/10 after the session is above the 5/10 limit. Rest today; "
            "if it has not settled by tomorrow morning, take a step back next time."
        )
    if before is not None and after > before + 2:
        return (
            f"Your pain rose from {before} to {after}. Check tomorrow morning whether it "
            "has settled."
        )
    return None
