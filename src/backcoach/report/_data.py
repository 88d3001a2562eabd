"""What a report shows, as plain frozen dataclasses: built by `build_report`, read by the
renderers. Names of exercises and words for changes are resolved here, so that the renderers
need neither the catalog nor the store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from backcoach.catalog import ExerciseId
from backcoach.outcomes import Change, InstrumentId
from backcoach.program import Action
from backcoach.progress import PainPoint, WeekCount
from backcoach.routine import EndReason, SessionStatus


@dataclass(frozen=True, slots=True)
class Period:
    """The days a report covers: whole calendar weeks (Monday first) up to `end`."""

    start: date
    end: date
    weeks: int

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


@dataclass(frozen=True, slots=True)
class Screen:
    """The latest red-flag screen."""

    taken_at: datetime
    passed: bool
    flags: tuple[str, ...]
    """The questions answered yes (their keys), if any."""


@dataclass(frozen=True, slots=True)
class Header:
    """What the top of the report says. No person is named: backcoach stores no names."""

    period: Period
    generated_at: datetime
    version: str
    screen: Screen | None
    first_session: datetime | None
    """The first session ever recorded (before the period too)."""


@dataclass(frozen=True, slots=True)
class ExerciseAdherence:
    """One exercise over the period's ended sessions that started it (reps count both sides;
    an exercise a stopped session never reached is not counted, as in `backcoach progress`)."""

    exercise_id: ExerciseId
    name: str
    sessions: int
    """Ended sessions in which the exercise was started."""
    reps_planned: int
    reps_done: int
    skipped: int
    painful: int
    hold_planned_s: float
    """The hold asked for in the newest of those sessions."""
    hold_mean_s: float | None
    """The mean hold timed over the period (None: no hold was timed)."""

    @property
    def rate(self) -> float:
        return self.reps_done / self.reps_planned if self.reps_planned else 0.0


@dataclass(frozen=True, slots=True)
class EndedEarly:
    """A session that did not run to its end."""

    session_id: int
    started_at: datetime
    status: SessionStatus
    reason: EndReason | None
    reps_done: int
    reps_planned: int
    stopped_at: str | None
    """The name of the exercise it stopped in (None: it got past the last one)."""
    pain_after: int | None


@dataclass(frozen=True, slots=True)
class Adherence:
    sessions: int
    """Ended sessions in the period (completed, stopped or abandoned)."""
    completed: int
    stopped: int
    abandoned: int
    completion_rate: float
    rep_completion_rate: float
    per_week: float
    """Sessions per 7 days over the period."""
    streak_days: int
    """Days in a row up to the report's day (or the day before) with a completed session."""
    longest_streak_days: int
    """The longest run of days in a row within the period."""
    weeks: tuple[WeekCount, ...]
    exercises: tuple[ExerciseAdherence, ...]
    ended_early: tuple[EndedEarly, ...]


@dataclass(frozen=True, slots=True)
class PainEvent:
    """Pain reported during an exercise (score None: marked painful without a score)."""

    at: datetime
    session_id: int
    exercise_id: ExerciseId
    name: str
    score: int | None


@dataclass(frozen=True, slots=True)
class MorningPain:
    """A check-in, with the pain before the session it reports on."""

    at: datetime
    pain: int
    session_id: int | None
    session_before: int | None
    note: str | None


@dataclass(frozen=True, slots=True)
class Pain:
    sessions: tuple[PainPoint, ...]
    """Pain before and after each ended session of the period, oldest first."""
    before_mean: float | None
    after_mean: float | None
    trend_per_week: float | None
    change: Change | None
    """Pain before sessions, the first few against the last few (None: too few scores)."""
    events: tuple[PainEvent, ...]
    checkins_recorded: bool
    """Whether this backcoach records check-ins at all."""
    checkins: tuple[MorningPain, ...]
    checkin_mean: float | None


@dataclass(frozen=True, slots=True)
class ScoreRow:
    """One questionnaire response, against the response before it."""

    taken_at: datetime
    score: float
    score_text: str
    band: str | None
    """The ODI band's label (None for the Roland-Morris)."""
    delta: float | None
    important: bool
    """The change from the response before is at least the minimal important change."""
    baseline: bool
    """Taken before the period: shown as the starting point."""


@dataclass(frozen=True, slots=True)
class InstrumentTrend:
    instrument: InstrumentId
    name: str
    short_name: str
    max_score: float
    important_change: float
    rows: tuple[ScoreRow, ...]
    change: Change | None
    """The first row against the last (None: fewer than two)."""


@dataclass(frozen=True, slots=True)
class Questionnaires:
    recorded: bool
    trends: tuple[InstrumentTrend, ...]
    """One per questionnaire with a response to show."""
    note: str


@dataclass(frozen=True, slots=True)
class DosageNow:
    exercise_id: ExerciseId
    name: str
    dosage: str
    range: str
    source: str


@dataclass(frozen=True, slots=True)
class ProgressionStep:
    at: datetime
    exercise_id: ExerciseId
    name: str
    action: Action
    change: str
    reason: str
    session_id: int | None


@dataclass(frozen=True, slots=True)
class Progression:
    recorded: bool
    dosage: tuple[DosageNow, ...]
    steps: tuple[ProgressionStep, ...]
    """The recorded starts and changes in the period, oldest first."""

    @property
    def ups(self) -> int:
        return sum(1 for s in self.steps if s.action is Action.PROGRESS)

    @property
    def downs(self) -> int:
        return sum(1 for s in self.steps if s.action in (Action.STEP_BACK, Action.DELOAD))


@dataclass(frozen=True, slots=True)
class RunWeek:
    start: date
    km: float
    runs: int
    change: float | None
    flagged: bool
    """Distance more than 30% above the mean of the two weeks before."""
    pain_before_mean: float | None


@dataclass(frozen=True, slots=True)
class Running:
    recorded: bool
    weeks: tuple[RunWeek, ...]

    @property
    def runs(self) -> int:
        return sum(w.runs for w in self.weeks)

    @property
    def km(self) -> float:
        return sum(w.km for w in self.weeks)

    @property
    def flagged(self) -> int:
        return sum(1 for w in self.weeks if w.flagged)


@dataclass(frozen=True, slots=True)
class FaultCount:
    code: str
    words: str
    reps: int


@dataclass(frozen=True, slots=True)
class ExerciseForm:
    """The motion coach's analyses of one exercise."""

    exercise_id: ExerciseId
    name: str
    analyses: int
    reps: int
    reps_with_faults: int
    hold_mean_s: float | None
    hold_prescribed_s: float | None
    faults: tuple[FaultCount, ...]
    """Most frequent first."""


@dataclass(frozen=True, slots=True)
class Form:
    recorded: bool
    """Whether any analyses were available to the report (stored or given)."""
    exercises: tuple[ExerciseForm, ...]
    unreadable: int
    """Analyses left out because they do not follow the analysis format."""


@dataclass(frozen=True, slots=True)
class ReportData:
    """Everything a report shows."""

    header: Header
    adherence: Adherence
    pain: Pain
    questionnaires: Questionnaires
    progression: Progression
    running: Running
    form: Form
