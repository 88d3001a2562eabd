"""Safety rules (pure domain): the red-flag screen and the pain limits. Never bypassed silently."""

from backcoach.safety._pain import (
    ACCEPTABLE_MAX,
    PAIN_MAX,
    PAIN_MIN,
    SAFE_MAX,
    PainAdvice,
    PainScoreError,
    advice_after_session,
    advice_before_session,
    advice_during_exercise,
    check_pain_score,
)
from backcoach.safety._screen import (
    CLEAR_MESSAGE,
    CLINICIAN_ADVICE,
    QUESTIONS,
    URGENT_ADVICE,
    Question,
    RedFlag,
    ScreeningError,
    ScreenOutcome,
    assess_screen,
)

__all__ = [
    "ACCEPTABLE_MAX",
    "CLEAR_MESSAGE",
    "CLINICIAN_ADVICE",
    "PAIN_MAX",
    "PAIN_MIN",
    "QUESTIONS",
    "SAFE_MAX",
    "URGENT_ADVICE",
    "PainAdvice",
    "PainScoreError",
    "Question",
    "RedFlag",
    "ScreenOutcome",
    "ScreeningError",
    "advice_after_session",
    "advice_before_session",
    "advice_during_exercise",
    "assess_screen",
    "check_pain_score",
]
