"""The JSON API's shapes: what clients send (`*Create`, `*Update`) kept apart from what the server
returns (`*Public`), in the style of the FastAPI full-stack template.

Input models forbid unknown fields and use strict types, so `"3"`, `3.0` or `true` are not a pain
score; pain scores carry the safety module's own message when out of range.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema

from backcoach.safety import PAIN_MAX, PAIN_MIN, check_pain_score

MAX_ID = 2**53
"""Largest id accepted in a path (beyond it SQLite cannot bind the number)."""


def _pain(value: int) -> int:
    return check_pain_score(value)


PainValue = Annotated[
    int,
    Field(strict=True),
    AfterValidator(_pain),
    WithJsonSchema(
        {
            "type": "integer",
            "minimum": PAIN_MIN,
            "maximum": PAIN_MAX,
            "description": "pain now, 0 (none) to 10 (worst imaginable)",
        }
    ),
]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


# -- errors -------------------------------------------------------------------------------------


class FieldErrorPublic(BaseModel):
    loc: list[str | int] = Field(description="where in the request, e.g. ['body', 'score']")
    message: str


class ErrorPublic(BaseModel):
    """Every 4xx and 5xx answer: one sentence for a person, and the fields at fault if any."""

    detail: str
    errors: list[FieldErrorPublic] = Field(default_factory=list)


# -- exercises and the plan --------------------------------------------------------------------


class RangePublic(BaseModel):
    default: float
    min: float
    max: float


class FiguresPublic(BaseModel):
    start: str = Field(description="URL of the start position's SVG figure")
    target: str = Field(description="URL of the target position's SVG figure")


class ExercisePublic(BaseModel):
    id: str
    name: str
    summary: str
    sides: str
    side_part: str
    unilateral: bool
    reps: RangePublic = Field(description="per side for unilateral exercises")
    hold_s: RangePublic
    rest_s: RangePublic
    setup: list[str]
    steps: list[str]
    breathing: str
    form_cues: list[str]
    common_mistakes: list[str]
    safety: list[str]
    camera_view: str
    figures: FiguresPublic


class ExercisesPublic(BaseModel):
    data: list[ExercisePublic]
    count: int


class StepPublic(BaseModel):
    index: int
    kind: str
    duration_s: float
    start_s: float
    position: int
    exercise_id: str
    rep: int | None
    reps_total: int
    side: str | None
    text: str
    say: str | None
    counted: bool = Field(description="its seconds are counted down big")


class SpanPublic(BaseModel):
    position: int
    exercise_id: str
    name: str
    reps: int
    hold_s: float
    rest_s: float
    reps_total: int = Field(description="reps over the whole exercise, both sides counted")
    first_step: int
    last_step: int
    start_s: float
    duration_s: float


class TimelinePublic(BaseModel):
    """Every timed step of a session, exactly as the terminal player runs it."""

    total_s: float
    get_ready_s: float
    exercises: list[SpanPublic]
    steps: list[StepPublic]


# -- sessions -----------------------------------------------------------------------------------


class SessionCreate(_In):
    pain_before: PainValue


class RoutineItemPublic(BaseModel):
    exercise_id: str
    reps: int
    hold_s: float
    rest_s: float


class ExerciseResultPublic(BaseModel):
    position: int
    exercise_id: str
    name: str
    reps_planned: int
    reps_done: int
    hold_planned_s: float
    holds_s: list[float]
    skipped: bool
    painful: bool
    complete: bool


class PainPublic(BaseModel):
    phase: str
    score: int
    at: datetime
    exercise_id: str | None


class SessionPublic(BaseModel):
    id: int
    started_at: datetime
    ended_at: datetime | None
    status: str
    end_reason: str | None
    planned_s: float
    reps_planned: int
    reps_done: int
    pain_before: int | None
    pain_after: int | None
    routine: list[RoutineItemPublic]
    results: list[ExerciseResultPublic]
    pain: list[PainPublic]
    resumable: bool = Field(
        description="in progress and started by this server: its page can pick it up again"
    )
    difficulty: int | None = Field(
        default=None, description="how hard it felt, 1 (too easy) to 5 (too hard), if rated"
    )


class SessionCreatedPublic(SessionPublic):
    advice: str | None = Field(description="a word of caution when pain before is high")


class SessionsPublic(BaseModel):
    data: list[SessionPublic]
    count: int = Field(description="sessions stored in all")


class HeartbeatEvent(_In):
    """The page is still there (sent every so often, paused or not)."""

    type: Literal["heartbeat"]


class RepDoneEvent(_In):
    """A rep's hold ended (counted down or skipped): the rep is done, with its hold time."""

    type: Literal["rep_done"]
    position: Annotated[int, Field(ge=0, le=99)]
    rep: Annotated[int, Field(ge=1, le=999, description="1-based over both sides")]
    hold_s: Annotated[float, Field(ge=0, le=3600, allow_inf_nan=False)]


class ExerciseSkippedEvent(_In):
    """The rest of an exercise was skipped."""

    type: Literal["exercise_skipped"]
    position: Annotated[int, Field(ge=0, le=99)]


class HurtsEvent(_In):
    """The exercise hurts: with a score, the 5/10 rule decides whether it stops here."""

    type: Literal["hurts"]
    position: Annotated[int, Field(ge=0, le=99)]
    score: PainValue | None = None


ProgressEventCreate = Annotated[
    HeartbeatEvent | RepDoneEvent | ExerciseSkippedEvent | HurtsEvent,
    Field(discriminator="type"),
]


class PainAdvicePublic(BaseModel):
    stop_exercise: bool
    message: str


class ProgressPublic(BaseModel):
    """What an event changed: the exercise's result as now stored, and any advice to show."""

    session_id: int
    result: ExerciseResultPublic | None
    advice: PainAdvicePublic | None


class SessionFinish(_In):
    reason: Literal["finished", "quit"] = Field(
        description="finished: the timeline ran to its end (skips allowed); quit: stopped early"
    )


class PainCreate(_In):
    phase: Literal["before", "after"] = Field(
        description="pain during an exercise is sent as a 'hurts' progress event"
    )
    score: PainValue


class PainRecordedPublic(BaseModel):
    pain: PainPublic
    advice: str | None


class DifficultyCreate(_In):
    rating: Annotated[
        int, Field(ge=1, le=5, description="1 too easy, 2 easy, 3 about right, 4 hard, 5 too hard")
    ]


class DifficultyPublic(BaseModel):
    session_id: int
    rating: int
    label: str


# -- check-ins ----------------------------------------------------------------------------------


class CheckInCreate(_In):
    """Pain now, on its own: usually the morning after a session (`backcoach checkin`)."""

    pain: PainValue
    note: Annotated[str, Field(max_length=500)] | None = None


class CheckInPublic(BaseModel):
    id: int
    at: datetime
    pain: int
    session_id: int | None = Field(description="the session it reports on: the latest one ended")
    note: str | None


class CheckInsPublic(BaseModel):
    data: list[CheckInPublic]
    count: int


# -- screening ----------------------------------------------------------------------------------


class QuestionPublic(BaseModel):
    id: str
    text: str
    urgent: bool


class ScreeningAnswers(_In):
    """A yes (true) or no (false) for every question of the red-flag screen."""

    bladder_bowel: bool
    saddle_numbness: bool
    both_legs: bool
    fever_unwell: bool
    recent_trauma: bool
    cancer_history: bool
    weight_loss: bool
    night_pain: bool


class ScreeningCreate(_In):
    answers: ScreeningAnswers


class ScreeningPublic(BaseModel):
    id: int
    taken_at: datetime
    answers: dict[str, bool]
    passed: bool
    urgent: list[str]
    other: list[str]
    advice: str


class ScreeningStatePublic(BaseModel):
    questions: list[QuestionPublic]
    latest: ScreeningPublic | None


# -- history and progress ----------------------------------------------------------------------


class WeekPublic(BaseModel):
    start: date
    sessions: int


class PainPointPublic(BaseModel):
    session_id: int
    at: datetime
    before: int | None
    after: int | None


class ProgressSummaryPublic(BaseModel):
    sessions: int
    completed: int
    stopped: int
    abandoned: int
    completion_rate: float
    rep_completion_rate: float
    streak_days: int
    longest_streak_days: int
    pain_before_mean: float | None
    pain_after_mean: float | None
    pain_trend_per_week: float | None
    weeks: list[WeekPublic]
    pain: list[PainPointPublic]


class ExportPublic(BaseModel):
    """Everything stored, in the same document as `backcoach export --format json`."""

    format: str
    version: int
    exported_at: datetime
    sessions: list[dict[str, Any]]
    screenings: list[dict[str, Any]]


# -- settings -----------------------------------------------------------------------------------


class SettingsPublic(BaseModel):
    voice: bool = Field(description="speak the cues aloud")
    get_ready_s: float
    home: str = Field(description="the data folder")
    database: str
    settings_file: str


class SettingsUpdate(_In):
    voice: bool | None = None
    get_ready_s: Annotated[float, Field(ge=0, le=120, allow_inf_nan=False)] | None = None


class HealthPublic(BaseModel):
    status: Literal["ok"]
    version: str
    database: str
