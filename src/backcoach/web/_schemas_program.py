"""The API's shapes for the program's other records: questionnaires, runs and reports."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, Field

from backcoach.web._schemas import _In

MAX_ANSWERS = 100
"""More answers than any questionnaire has items: refused before the domain even looks."""


# -- questionnaires -----------------------------------------------------------------------------


class OptionPublic(BaseModel):
    points: int = Field(description="what choosing it scores (ODI 0-5; Roland-Morris no 0, yes 1)")
    text: str


class ItemPublic(BaseModel):
    number: int = Field(description="1-based, in the order asked")
    key: str = Field(description="stable identifier, e.g. odi-3")
    topic: str
    prompt: str
    options: list[OptionPublic]
    optional: bool = Field(description="may be left unanswered without comment")


class InstrumentPublic(BaseModel):
    """A questionnaire's items, in backcoach's own words (see `note`)."""

    id: str
    name: str
    short_name: str
    version: int
    intro: str
    unit: str
    max_score: float
    important_change: float = Field(description="the smallest change, either way, that matters")
    max_unanswered: int = Field(description="items that may be left blank (null answers)")
    items: list[ItemPublic]
    note: str = Field(description="the items are paraphrased, not the licensed wording")


class QuestionnaireAnswers(_In):
    """One answer per item, in order: the points of the option chosen, or null to leave it blank
    (the ODI allows two blanks; the Roland-Morris none)."""

    answers: Annotated[list[int | None], Field(max_length=MAX_ANSWERS)]


class ChangePublic(BaseModel):
    before: float
    after: float
    delta: float = Field(description="after - before; negative is better")
    direction: str = Field(description="better, worse or same")
    important: bool = Field(description="at least the minimal important change")
    sentence: str


class ResponsePublic(BaseModel):
    id: int
    instrument: str
    version: int
    taken_at: datetime
    answers: list[int | None]
    answered: int
    score: float
    score_text: str
    band: str | None = Field(description="ODI only: minimal, moderate, severe...")
    band_label: str | None
    band_meaning: str | None
    change: ChangePublic | None = Field(description="against the previous response, if any")


class DuePublic(BaseModel):
    instrument: str
    name: str
    status: str = Field(description="first, not_yet, due or overdue")
    offer: bool = Field(description="whether to offer it today")
    due_on: date
    sentence: str


class QuestionnaireResultPublic(BaseModel):
    response: ResponsePublic
    next_due: DuePublic
    note: str


class QuestionnairesPublic(BaseModel):
    data: list[ResponsePublic] = Field(description="newest first")
    count: int
    due: list[DuePublic]
    note: str


# -- runs ---------------------------------------------------------------------------------------


class RunsImportedPublic(BaseModel):
    files: int
    read: int = Field(description="runs read from the files")
    added: int
    duplicates: int = Field(description="runs already stored (same start, to the minute)")
    other_activities: int = Field(description="activities passed over: not runs")
    message: str


class RunWeekPublic(BaseModel):
    start: date = Field(description="the Monday the week starts on")
    distance_m: float
    duration_s: float
    runs: int
    change: float | None = Field(description="over last week's distance (+0.25 is 25% more)")
    baseline_m: float | None = Field(description="mean distance of the two weeks before")
    ramp: float | None = Field(description="over the baseline")
    flagged: bool = Field(description="more than 30% above the two weeks before")
    pain_before_mean: float | None
    pain_scores: int


class DayAdvicePublic(BaseModel):
    day: date
    kind: str = Field(description="rest, easy or hard")
    distance_m: float
    runs: int
    usual_m: float | None
    week_flagged: bool
    do_routine: bool
    message: str


class RunsPublic(BaseModel):
    ramp_limit: float
    runs: int = Field(description="runs stored in all")
    weeks: list[RunWeekPublic] = Field(description="oldest first, the current week last")
    today: DayAdvicePublic
