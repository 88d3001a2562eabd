"""Outcome questionnaires (pure domain): the Oswestry Disability Index and the Roland-Morris
Disability Questionnaire, their scoring and bands, minimal important change, and when each is due.

Both instruments' published wordings are copyrighted and licensed. The items here are written in
our own words (items paraphrased; not the licensed instrument wording): same areas, same levels,
same scoring, but not the validated forms, and every view of them says so (`PARAPHRASE_NOTE`).
"""

from backcoach.outcomes._change import (
    PAIN_POINTS,
    PAIN_SHARE,
    PAIN_WINDOW,
    Change,
    Direction,
    compare,
    compare_pain,
    pain_change,
)
from backcoach.outcomes._instruments import (
    INSTRUMENTS,
    ODI,
    PARAPHRASE_NOTE,
    RMDQ,
    Instrument,
    InstrumentId,
    Question,
    instrument,
)
from backcoach.outcomes._schedule import DUE_AFTER, OVERDUE_AFTER, Due, DueStatus, due
from backcoach.outcomes._scoring import (
    ODI_BANDS,
    AnswerError,
    Answers,
    Band,
    BandKey,
    QuestionnaireResponse,
    band_for,
    band_named,
    check_answers,
    format_score,
    respond,
    response_to_dict,
    score,
)

__all__ = [
    "DUE_AFTER",
    "INSTRUMENTS",
    "ODI",
    "ODI_BANDS",
    "OVERDUE_AFTER",
    "PAIN_POINTS",
    "PAIN_SHARE",
    "PAIN_WINDOW",
    "PARAPHRASE_NOTE",
    "RMDQ",
    "AnswerError",
    "Answers",
    "Band",
    "BandKey",
    "Change",
    "Direction",
    "Due",
    "DueStatus",
    "Instrument",
    "InstrumentId",
    "Question",
    "QuestionnaireResponse",
    "band_for",
    "band_named",
    "check_answers",
    "compare",
    "compare_pain",
    "due",
    "format_score",
    "instrument",
    "pain_change",
    "respond",
    "response_to_dict",
    "score",
]
