"""The red-flag screen taken before the first session: signs that back pain needs a clinician
before any exercise."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from backcoach.errors import BackcoachError


class RedFlag(StrEnum):
    """Identifiers of the screen's questions (stored with the answers: never respelled)."""

    BLADDER_BOWEL = "bladder_bowel"
    SADDLE_NUMBNESS = "saddle_numbness"
    BOTH_LEGS = "both_legs"
    FEVER_UNWELL = "fever_unwell"
    RECENT_TRAUMA = "recent_trauma"
    CANCER_HISTORY = "cancer_history"
    WEIGHT_LOSS = "weight_loss"
    NIGHT_PAIN = "night_pain"


@dataclass(frozen=True, slots=True)
class Question:
    flag: RedFlag
    text: str
    urgent: bool
    """A yes needs medical help the same day (possible nerve compression, cauda equina)."""


QUESTIONS: tuple[Question, ...] = (
    Question(
        RedFlag.BLADDER_BOWEL,
        "Since your back pain began, have you had new trouble controlling or emptying your "
        "bladder or bowels?",
        urgent=True,
    ),
    Question(
        RedFlag.SADDLE_NUMBNESS,
        "Do you have numbness or pins and needles around your groin, genitals or buttocks "
        "(the area a saddle would touch)?",
        urgent=True,
    ),
    Question(
        RedFlag.BOTH_LEGS, "Do you have weakness, numbness or tingling in both legs?", urgent=True
    ),
    Question(
        RedFlag.FEVER_UNWELL,
        "Do you have a fever, or feel generally unwell, along with the back pain?",
        urgent=False,
    ),
    Question(
        RedFlag.RECENT_TRAUMA,
        "Did the pain start after a fall, an accident or a hard blow?",
        urgent=False,
    ),
    Question(RedFlag.CANCER_HISTORY, "Have you ever had cancer?", urgent=False),
    Question(RedFlag.WEIGHT_LOSS, "Have you lost weight recently without trying?", urgent=False),
    Question(
        RedFlag.NIGHT_PAIN,
        "Is the pain constant at night, even when you lie still or change position?",
        urgent=False,
    ),
)

URGENT_ADVICE = (
    "Please get medical help today: call your doctor, an urgent care service or emergency "
    "services. These signs can mean a nerve is being pressed and need checking quickly. "
    "Do not start these exercises."
)
CLINICIAN_ADVICE = (
    "Please see a doctor or physiotherapist before starting these exercises. Your back may well "
    "be fine, but this sign should be checked first."
)
CLEAR_MESSAGE = "No warning signs. You can start. Retake the screen if anything changes."


class ScreeningError(BackcoachError):
    """The screen's answers are incomplete or name an unknown question."""


@dataclass(frozen=True, slots=True)
class ScreenOutcome:
    """What the answers mean: whether a session may start, and what to tell the user."""

    passed: bool
    urgent: tuple[RedFlag, ...]
    other: tuple[RedFlag, ...]

    @property
    def advice(self) -> str:
        if self.urgent:
            return URGENT_ADVICE
        if self.other:
            return CLINICIAN_ADVICE
        return CLEAR_MESSAGE


def assess_screen(answers: Mapping[str, bool]) -> ScreenOutcome:
    """Judge a full set of answers (question id -> yes). Any yes blocks exercise."""
    known = {q.flag.value for q in QUESTIONS}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise ScreeningError(f"unknown screening question: {', '.join(unknown)}")
    missing = [q.flag.value for q in QUESTIONS if q.flag.value not in answers]
    if missing:
        raise ScreeningError(f"unanswered screening questions: {', '.join(missing)}")
    urgent = tuple(q.flag for q in QUESTIONS if q.urgent and answers[q.flag.value])
    other = tuple(q.flag for q in QUESTIONS if not q.urgent and answers[q.flag.value])
    return ScreenOutcome(passed=not urgent and not other, urgent=urgent, other=other)
