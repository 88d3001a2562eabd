"""Scoring a response: the ODI index with its bands, the Roland-Morris count, and the record."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from backcoach.errors import BackcoachError
from backcoach.outcomes._instruments import ODI, Instrument, InstrumentId, instrument

Answers = tuple[int | None, ...]
"""One entry per item, in order: the points chosen, or None where the item was left unanswered."""


class AnswerError(BackcoachError, ValueError):
    """Answers that do not fit the questionnaire (wrong count, a value out of range...)."""


class BandKey(StrEnum):
    """Identifiers of the ODI bands (stored with every response: never respelled)."""

    MINIMAL = "minimal"
    MODERATE = "moderate"
    SEVERE = "severe"
    VERY_SEVERE = "very_severe"
    EXTREME = "extreme"


@dataclass(frozen=True, slots=True)
class Band:
    """A range of ODI scores and what it means, in plain words."""

    key: BandKey
    label: str
    upper: float
    """The highest score in the band (the band starts just above the previous one's upper)."""
    meaning: str


# The usual ODI bands. The published names of the top two describe people harshly ("crippled",
# "bed-bound or exaggerating their symptoms"); the labels here say what the score shows instead.
ODI_BANDS: tuple[Band, ...] = (
    Band(
        BandKey.MINIMAL,
        "minimal",
        20,
        "Back pain has little effect on your daily life. Keep moving and keep up the routine.",
    ),
    Band(
        BandKey.MODERATE,
        "moderate",
        40,
        "Some things, such as sitting, lifting or travelling, are harder. Staying active and "
        "keeping up the routine is the usual way forward.",
    ),
    Band(
        BandKey.SEVERE,
        "severe",
        60,
        "Back pain gets in the way of much of your daily life. It is worth talking it through "
        "with a doctor or physiotherapist.",
    ),
    Band(
        BandKey.VERY_SEVERE,
        "very high impact",
        80,
        "Back pain is affecting most parts of your daily life. Please see a doctor or "
        "physiotherapist: they can help with more than exercise alone.",
    ),
    Band(
        BandKey.EXTREME,
        "extreme impact",
        100,
        "Back pain is making nearly everything very hard right now. Please contact a doctor "
        "soon, and be gentle with yourself in the meantime.",
    ),
)
_BANDS_BY_KEY = {band.key: band for band in ODI_BANDS}


def check_answers(which: Instrument, answers: Sequence[int | None]) -> Answers:
    """The answers as a tuple, or `AnswerError` saying what does not fit the questionnaire."""
    name = which.short_name
    if len(answers) != len(which.questions):
        item = "sections" if which.id is InstrumentId.ODI else "statements"
        raise AnswerError(
            f"the {name} has {len(which.questions)} {item}: got {len(answers)} answers"
        )
    unanswered = 0
    for number, (question, answer) in enumerate(zip(which.questions, answers, strict=True), 1):
        if answer is None:
            unanswered += 1
            continue
        if isinstance(answer, bool) or not isinstance(answer, int):
            raise AnswerError(f"{name} item {number}: {answer!r} is not a whole number")
        if not 0 <= answer <= question.max_points:
            raise AnswerError(
                f"{name} item {number} takes 0 to {question.max_points}, not {answer}"
            )
    if unanswered > which.max_unanswered:
        if which.max_unanswered == 0:
            raise AnswerError(f"every {name} item needs an answer: {unanswered} left blank")
        raise AnswerError(
            f"the {name} can be scored with at most {which.max_unanswered} items left blank: "
            f"{unanswered} were"
        )
    return tuple(answers)


def score(which: Instrument | InstrumentId | str, answers: Sequence[int | None]) -> float:
    """The score of a complete set of answers (checked first: `AnswerError` if they do not fit).

    ODI: the points scored as a share of the points possible over the sections answered,
    ``sum / (5 x answered) x 100`` (0-100, lower is better), so a skipped section neither adds
    nor counts against. Roland-Morris: the number of yes answers (0-24, lower is better).
    """
    which = which if isinstance(which, Instrument) else instrument(which)
    checked = check_answers(which, answers)
    points = [a for a in checked if a is not None]
    if which.id is InstrumentId.ODI:
        possible = sum(
            q.max_points for q, a in zip(which.questions, checked, strict=True) if a is not None
        )
        return 100.0 * sum(points) / possible
    return float(sum(points))


def band_for(which: InstrumentId | str, value: float) -> Band | None:
    """The band an ODI score falls in; None for the Roland-Morris, which has no agreed bands."""
    if InstrumentId(which) is not InstrumentId.ODI:
        return None
    if not 0 <= value <= ODI.max_score:
        raise ValueError(f"an ODI score is from 0 to 100, not {value}")
    return next(band for band in ODI_BANDS if value <= band.upper)


def band_named(key: BandKey | str) -> Band:
    """The ODI band stored under `key` (`ValueError` for a key this version does not know)."""
    return _BANDS_BY_KEY[BandKey(key)]


def format_score(which: InstrumentId | str, value: float) -> str:
    """A score as people read it: ``36%`` or ``44.4%`` for the ODI, ``7/24`` for the RMDQ."""
    if InstrumentId(which) is InstrumentId.ODI:
        return f"{round(value, 1):g}%"
    return f"{value:g}/24"


@dataclass(frozen=True, slots=True)
class QuestionnaireResponse:
    """One filled-in questionnaire: the answers as given and what they scored."""

    instrument: InstrumentId
    taken_at: datetime
    answers: Answers
    score: float
    band: Band | None
    version: int = 1
    """The version of our wording the answers were given to (see `Instrument.version`)."""
    id: int | None = None
    """Set once stored."""

    @property
    def answered(self) -> int:
        return sum(1 for a in self.answers if a is not None)

    @property
    def score_text(self) -> str:
        return format_score(self.instrument, self.score)


def respond(
    which: Instrument | InstrumentId | str, answers: Sequence[int | None], taken_at: datetime
) -> QuestionnaireResponse:
    """Score `answers` and make the response to store (`AnswerError` if they do not fit)."""
    which = which if isinstance(which, Instrument) else instrument(which)
    if taken_at.tzinfo is None or taken_at.utcoffset() is None:
        raise ValueError(f"a timezone-aware datetime is needed, got {taken_at.isoformat()}")
    checked = check_answers(which, answers)
    value = score(which, checked)
    return QuestionnaireResponse(
        instrument=which.id,
        taken_at=taken_at,
        answers=checked,
        score=value,
        band=band_for(which.id, value),
        version=which.version,
    )


def response_to_dict(response: QuestionnaireResponse) -> dict[str, object]:
    """A response as plain JSON-ready data (outcomes --json, export)."""
    return {
        "id": response.id,
        "instrument": response.instrument.value,
        "version": response.version,
        "taken_at": response.taken_at.isoformat(),
        "answers": list(response.answers),
        "score": response.score,
        "score_text": response.score_text,
        "band": None if response.band is None else response.band.key.value,
        "band_label": None if response.band is None else response.band.label,
    }
