"""The two questionnaires as data: the Oswestry Disability Index and the Roland-Morris.

The published wordings of both are copyrighted and licensed, so every item below is written in
our own words: it asks about the same activity, at the same levels, in the same order, so the
scores are computed the same way, but it is not the licensed instrument. Results are for the
user's own tracking; a clinic that needs the validated instrument should use the licensed form.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

PARAPHRASE_NOTE = "items paraphrased; not the licensed instrument wording"
"""Shown wherever the items or their scores are: the footer of every questionnaire view."""


class InstrumentId(StrEnum):
    """Identifiers of the questionnaires (stored with every response: never respelled)."""

    ODI = "odi"
    RMDQ = "rmdq"


@dataclass(frozen=True, slots=True)
class Question:
    """One item. Option `i` scores `i` points (ODI: 0-5; Roland-Morris: no = 0, yes = 1)."""

    key: str
    """Stable identifier (`odi-1`..`odi-10`, `rmdq-1`..`rmdq-24`), used as the FHIR linkId."""
    topic: str
    prompt: str
    options: tuple[str, ...]
    optional: bool = False
    """May be left unanswered without comment (the ODI's sex-life section)."""

    @property
    def max_points(self) -> int:
        return len(self.options) - 1


@dataclass(frozen=True, slots=True)
class Instrument:
    """A questionnaire: its items and how its score reads."""

    id: InstrumentId
    name: str
    short_name: str
    version: int
    """Version of our wording; stored with each response so old answers keep their meaning."""
    intro: str
    questions: tuple[Question, ...]
    max_score: float
    unit: str
    """`%` for the ODI (an index 0-100), `points` for the Roland-Morris (0-24)."""
    important_change: float
    """The smallest change (either way) that counts as a real change, not day-to-day noise."""
    max_unanswered: int
    """How many items may be left unanswered and the response still scored."""

    def question(self, number: int) -> Question:
        """The `number`-th question, counting from 1."""
        return self.questions[number - 1]


_ODI_PROMPT = "Which one statement fits you best today?"


def _odi(number: int, topic: str, *options: str, optional: bool = False) -> Question:
    if len(options) != 6:
        raise ValueError(f"ODI section {number} needs six statements, has {len(options)}")
    return Question(f"odi-{number}", topic, _ODI_PROMPT, options, optional=optional)


ODI = Instrument(
    id=InstrumentId.ODI,
    name="Oswestry Disability Index",
    short_name="ODI",
    version=1,
    intro=(
        "Ten everyday areas, each with six statements from 'no trouble' to 'the most trouble'. "
        "For each area, pick the one statement closest to how you are today. You may skip an "
        "area that does not apply to you (up to two)."
    ),
    questions=(
        _odi(
            1,
            "How strong the pain is",
            "Right now my back does not hurt at all.",
            "Right now the pain is very slight.",
            "Right now the pain is noticeable but moderate.",
            "Right now the pain is fairly strong.",
            "Right now the pain is very strong.",
            "Right now the pain is as bad as I can imagine.",
        ),
        _odi(
            2,
            "Looking after yourself (washing, dressing)",
            "I wash and dress as usual, and it does not make the pain worse.",
            "I wash and dress as usual, but it makes the pain a lot worse.",
            "Washing and dressing hurt, so I take them slowly and carefully.",
            "I need a little help, but I still manage most of it on my own.",
            "I need help every day with most of my washing and dressing.",
            "I cannot get dressed; washing is a struggle and I stay in bed.",
        ),
        _odi(
            3,
            "Lifting",
            "I can lift heavy things and the pain stays the same.",
            "I can lift heavy things, but the pain gets worse.",
            "Pain keeps me from lifting heavy things off the floor, but I manage them from a "
            "convenient height, such as a table.",
            "Pain keeps me from lifting heavy things, but I manage light or medium things from a "
            "convenient height.",
            "I can lift only very light things.",
            "I cannot lift or carry anything.",
        ),
        _odi(
            4,
            "Walking",
            "Pain does not limit how far I can walk.",
            "Pain keeps me from walking more than about 1.5 km (a mile).",
            "Pain keeps me from walking more than about 800 m (half a mile).",
            "Pain keeps me from walking more than about 100 m.",
            "I can walk only with a stick or crutches.",
            "I spend most of the day in bed and need help even to reach the toilet.",
        ),
        _odi(
            5,
            "Sitting",
            "I can sit in any chair for as long as I like.",
            "I can sit for as long as I like, but only in my favourite chair.",
            "Pain keeps me from sitting for more than an hour.",
            "Pain keeps me from sitting for more than half an hour.",
            "Pain keeps me from sitting for more than ten minutes.",
            "Pain keeps me from sitting at all.",
        ),
        _odi(
            6,
            "Standing",
            "I can stand for as long as I like and the pain stays the same.",
            "I can stand for as long as I like, but the pain gets worse.",
            "Pain keeps me from standing for more than an hour.",
            "Pain keeps me from standing for more than half an hour.",
            "Pain keeps me from standing for more than ten minutes.",
            "Pain keeps me from standing at all.",
        ),
        _odi(
            7,
            "Sleeping",
            "Pain never disturbs my sleep.",
            "Pain disturbs my sleep now and then.",
            "Because of pain I get less than six hours of sleep.",
            "Because of pain I get less than four hours of sleep.",
            "Because of pain I get less than two hours of sleep.",
            "Pain keeps me from sleeping at all.",
        ),
        _odi(
            8,
            "Sex life (skip if it does not apply)",
            "My sex life is as usual and does not make the pain worse.",
            "My sex life is as usual, but it makes the pain worse.",
            "My sex life is nearly as usual, but it is very painful.",
            "Pain limits my sex life a great deal.",
            "Because of pain I have almost no sex life.",
            "Pain rules out any sex life.",
            optional=True,
        ),
        _odi(
            9,
            "Social life",
            "My social life is as usual and does not make the pain worse.",
            "My social life is as usual, but it makes the pain worse.",
            "Pain has changed my social life little, apart from more energetic things like sport.",
            "Pain has cut down my social life: I go out less often.",
            "Pain has cut my social life down to my own home.",
            "Because of pain I have no social life.",
        ),
        _odi(
            10,
            "Travelling",
            "I can travel anywhere and it does not hurt.",
            "I can travel anywhere, but it makes the pain worse.",
            "Travelling hurts, but I manage journeys of more than two hours.",
            "Pain limits me to journeys of less than an hour.",
            "Pain limits me to short, necessary journeys of less than half an hour.",
            "Pain keeps me from travelling except to get treatment.",
        ),
    ),
    max_score=100.0,
    unit="%",
    important_change=10.0,
    max_unanswered=2,
)

_RMDQ_STATEMENTS = (
    "I spend most of my time at home.",
    "I keep shifting position to find one that is comfortable.",
    "I walk more slowly than I normally would.",
    "I am leaving household jobs undone that I would normally do.",
    "I need the handrail to climb stairs.",
    "I lie down to rest more than I usually do.",
    "I need to hold on to something to get up from a soft chair.",
    "I ask other people to do things for me.",
    "Getting dressed takes me longer than usual.",
    "I can stand only for short spells.",
    "I avoid bending down or kneeling.",
    "Getting up from a chair is hard.",
    "My back hurts nearly all the time.",
    "Turning over in bed is hard.",
    "I have less appetite than usual.",
    "Putting on socks or tights is hard.",
    "I can walk only short distances.",
    "I sleep worse than usual.",
    "I need someone's help to get dressed.",
    "I spend most of the day sitting down.",
    "I steer clear of heavy jobs around the house.",
    "I am more irritable or short-tempered with people than usual.",
    "I climb stairs more slowly than usual.",
    "I stay in bed most of the day.",
)

RMDQ = Instrument(
    id=InstrumentId.RMDQ,
    name="Roland-Morris Disability Questionnaire",
    short_name="RMDQ",
    version=1,
    intro=(
        "Twenty-four short statements about things back pain can change. Answer yes to each one "
        "that describes you today because of your back, and no otherwise."
    ),
    questions=tuple(
        Question(
            f"rmdq-{n}",
            "Today, because of my back",
            statement,
            ("no", "yes"),
        )
        for n, statement in enumerate(_RMDQ_STATEMENTS, start=1)
    ),
    max_score=24.0,
    unit="points",
    important_change=5.0,
    max_unanswered=0,
)

INSTRUMENTS: dict[InstrumentId, Instrument] = {ODI.id: ODI, RMDQ.id: RMDQ}


def instrument(which: InstrumentId | str) -> Instrument:
    """The questionnaire named `which` (`odi` or `rmdq`); `ValueError` for any other name."""
    return INSTRUMENTS[InstrumentId(which)]
