"""What progression keeps and decides: check-ins, difficulty ratings and dosage changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum, StrEnum

from backcoach.catalog import ExerciseId
from backcoach.errors import BackcoachError


class RatingError(BackcoachError, ValueError):
    """A difficulty rating that is not a whole number from 1 to 5."""


class DifficultyRating(IntEnum):
    """How hard a session felt, rated at its end (stored as the number: never renumbered)."""

    TOO_EASY = 1
    EASY = 2
    ABOUT_RIGHT = 3
    HARD = 4
    TOO_HARD = 5

    @property
    def label(self) -> str:
        return self.name.lower().replace("_", " ")

    @classmethod
    def parse(cls, value: object) -> DifficultyRating:
        """The rating for 1-5 (an int or its text); `RatingError` says what is allowed."""
        text = str(value).strip()
        if isinstance(value, bool) or not text.isdigit() or not 1 <= int(text) <= 5:
            raise RatingError(
                f"difficulty must be a whole number from 1 (too easy) to 5 (too hard), got {text!r}"
            )
        return cls(int(text))


RATING_QUESTION = "How hard was that? 1 too easy, 2 easy, 3 about right, 4 hard, 5 too hard: "


@dataclass(frozen=True, slots=True)
class CheckIn:
    """How the back felt at some moment after a session, usually the next morning (pain 0-10)."""

    at: datetime
    pain: int
    session_id: int | None = None
    """The session it reports on (the latest one when it was given); None if there was none."""
    note: str | None = None
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Dosage:
    """How much of one exercise: reps (per side for one-sided exercises) and the hold in seconds.

    Rest between reps is not part of progression: it stays at the catalog's default (or the
    user's own setting).
    """

    reps: int
    hold_s: float


class Action(StrEnum):
    """What a decision does to an exercise's dosage."""

    START = "start"
    PROGRESS = "progress"
    HOLD = "hold"
    STEP_BACK = "step_back"
    DELOAD = "deload"
    OVERRIDE = "override"


class Rule(StrEnum):
    """Which rule made a decision (stored with every change: never respelled)."""

    START = "start"
    """First time: the low end of the catalog's range."""
    PROGRESS = "progress"
    """Enough good sessions in a row: one step up."""
    STEADY = "steady"
    """Nothing against it, but not yet enough good sessions: unchanged."""
    TOP_OF_RANGE = "top_of_range"
    """Already at the top of the range: nothing beyond without the user's own setting."""
    OVERRIDE = "override"
    """The user set this exercise's dosage in settings.toml: the program leaves it alone."""
    HOLD_PAIN = "hold_pain"
    """Pain 4-5/10 during the exercise or after the session: acceptable, not yet safe."""
    HOLD_NOT_SETTLED = "hold_not_settled"
    """The next morning the back had not settled back to where it was."""
    HOLD_HARD = "hold_hard"
    """The session was rated hard."""
    HOLD_INCOMPLETE = "hold_incomplete"
    """The exercise was skipped or not finished."""
    HOLD_BREAK = "hold_break"
    """A week or more without a session: no step up on the first session back."""
    STEP_BACK_PAIN = "step_back_pain"
    """The exercise hurt above 5/10 (or was marked painful without a score), or pain after the
    session was above 5/10 and had not settled."""
    STEP_BACK_MORNING = "step_back_morning"
    """The next morning the back was clearly worse than before the session."""
    STEP_BACK_TOO_HARD = "step_back_too_hard"
    """The session was rated too hard."""
    STEP_BACK_BREAK = "step_back_break"
    """Two weeks or more without a session."""
    DELOAD_FLARE = "deload_flare"
    """The back flared: every exercise back to its starting dosage."""
    DELOAD_BREAK = "deload_break"
    """Four weeks or more without a session: every exercise back to its starting dosage."""

    @property
    def action(self) -> Action:
        return _ACTIONS[self]


_ACTIONS = {
    Rule.START: Action.START,
    Rule.PROGRESS: Action.PROGRESS,
    Rule.STEADY: Action.HOLD,
    Rule.TOP_OF_RANGE: Action.HOLD,
    Rule.OVERRIDE: Action.OVERRIDE,
    Rule.HOLD_PAIN: Action.HOLD,
    Rule.HOLD_NOT_SETTLED: Action.HOLD,
    Rule.HOLD_HARD: Action.HOLD,
    Rule.HOLD_INCOMPLETE: Action.HOLD,
    Rule.HOLD_BREAK: Action.HOLD,
    Rule.STEP_BACK_PAIN: Action.STEP_BACK,
    Rule.STEP_BACK_MORNING: Action.STEP_BACK,
    Rule.STEP_BACK_TOO_HARD: Action.STEP_BACK,
    Rule.STEP_BACK_BREAK: Action.STEP_BACK,
    Rule.DELOAD_FLARE: Action.DELOAD,
    Rule.DELOAD_BREAK: Action.DELOAD,
}


@dataclass(frozen=True, slots=True)
class DosageChange:
    """One decision about one exercise's dosage, with the reason in words for the user.

    A decision that leaves the dosage as it was (a hold) is a `DosageChange` too, so that the
    user can be told why nothing moved; only real changes (and the starting point) are stored.
    """

    exercise_id: ExerciseId
    old_reps: int
    new_reps: int
    old_hold_s: float
    new_hold_s: float
    rule: Rule
    reason: str
    at: datetime
    session_id: int | None = None
    """The newest session whose outcome the decision weighed (its evidence is then used up)."""
    id: int | None = None

    @property
    def old(self) -> Dosage:
        return Dosage(self.old_reps, self.old_hold_s)

    @property
    def new(self) -> Dosage:
        return Dosage(self.new_reps, self.new_hold_s)

    @property
    def changed(self) -> bool:
        """Whether the dosage moves."""
        return self.old != self.new

    @property
    def action(self) -> Action:
        return self.rule.action


@dataclass(frozen=True, slots=True)
class Review:
    """What the program decides for the next session: one decision per exercise."""

    decisions: tuple[DosageChange, ...]
    """One per exercise, in catalog order."""
    to_store: tuple[DosageChange, ...]
    """What to record when the next session starts: each exercise's starting point the first time,
    then every real change (never a hold, never an exercise the user set for themselves)."""

    @property
    def dosage(self) -> dict[ExerciseId, Dosage]:
        """The program's dosage for the next session (before the user's own settings)."""
        return {d.exercise_id: d.new for d in self.decisions}

    @property
    def changes(self) -> tuple[DosageChange, ...]:
        """The decisions that move a dosage."""
        return tuple(d for d in self.decisions if d.changed and d.rule is not Rule.OVERRIDE)

    @property
    def first_time(self) -> bool:
        """Nothing recorded yet: every exercise is at its starting point."""
        return all(d.rule is Rule.START for d in self.decisions)

    def decision(self, exercise_id: ExerciseId) -> DosageChange:
        for d in self.decisions:
            if d.exercise_id == exercise_id:
                return d
        raise KeyError(exercise_id)


def _iso(at: datetime) -> str:
    return at.isoformat()


def checkin_to_dict(checkin: CheckIn) -> dict[str, object]:
    return {
        "id": checkin.id,
        "at": _iso(checkin.at),
        "pain": checkin.pain,
        "session_id": checkin.session_id,
        "note": checkin.note,
    }


def change_to_dict(change: DosageChange) -> dict[str, object]:
    """A decision as plain JSON-ready data (plan --json, dosage --json)."""
    return {
        "exercise_id": change.exercise_id.value,
        "old_reps": change.old_reps,
        "new_reps": change.new_reps,
        "old_hold_s": change.old_hold_s,
        "new_hold_s": change.new_hold_s,
        "changed": change.changed,
        "action": change.action.value,
        "rule": change.rule.value,
        "reason": change.reason,
        "at": _iso(change.at),
        "session_id": change.session_id,
    }
