"""The progression rules: from the stored history to the next session's dosage, each decision
explained in words.

The rules, for each exercise, strongest first (the numbers live in `_thresholds`):

1. **Your own dosage wins.** An exercise whose reps or hold the user set in settings.toml is left
   alone (`override`).
2. **Deload: back to the start.** A check-in after the last session at 7/10 or more, or 3 or more
   points above the pain before that session, is a flare (`deload_flare`); four weeks or more
   without a session is a fresh start (`deload_break`). Every exercise goes back to its starting
   dosage.
3. **Step back one step** (`step_back_*`) when, in the last session, the exercise hurt above 5/10
   or was marked painful without a score; or pain after the session was above 5/10 and no
   check-in says it settled by the next morning; or the next morning the back was 2 or more points
   worse than before the session (and above 3/10); or the session was rated too hard (5); or
   there has been no session for two to four weeks.
4. **Hold** (`hold_*`) when the exercise hurt 4-5/10 (or was marked painful at 3/10 or less), or
   was skipped or left unfinished; or pain after the session was 4-5/10 (or above 5 but settled
   by the morning); or the next morning the back had not settled (above 3/10 and above the pain
   before the session); or the session was rated hard (4); or there has been no session for a
   week or more: never a step up on the first session back.
5. **At the top of its range: say so** (`top_of_range`). The program never goes past the
   catalog's range, and suggests nothing beyond it.
6. **Step up one step** (`progress`) after two good sessions in a row at the current dosage, on
   different days (12 hours or more apart) and less than a week apart. A good session finished
   the exercise without it hurting, had pain after of 3/10 or less (or, if none was given, a
   settled check-in the next morning), and was not rated hard. A step is one rep (per side) or one
   hold step (a third of the hold's range), alternating between the two where both have room;
   reps go first.
7. Otherwise **steady**: nothing changes yet, and the reason says what is missing.

Stepping back undoes the most recent step up first (reps or hold), and never goes below the
range. A decision is made on the sessions since the exercise's last recorded change, so the same
evidence never moves a dosage twice; and what the last of those sessions says decides the
step-backs and holds. Every exercise starts at the low end of its range.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime, timedelta

from backcoach.catalog import Catalog, Exercise, ExerciseId
from backcoach.program._evidence import SessionEvidence, Severity, Signal, gather
from backcoach.program._ladder import (
    Part,
    at_bottom,
    at_top,
    clamp,
    describe,
    moved_part,
    room,
    start_dosage,
    step_down,
    step_up,
)
from backcoach.program._records import (
    CheckIn,
    DifficultyRating,
    Dosage,
    DosageChange,
    Review,
    Rule,
)
from backcoach.program._thresholds import (
    BREAK_HOLD_DAYS,
    BREAK_RESTART_DAYS,
    BREAK_STEP_BACK_DAYS,
    GOOD_SESSIONS_TO_PROGRESS,
    MIN_HOURS_BETWEEN_COUNTED,
    SAFE_MAX,
)
from backcoach.routine import SessionRecord

START_REASON = (
    "Starting point: the low end of its range. It steps up as your back shows it is ready."
)
OVERRIDE_REASON = "You set this one yourself in settings.toml: the program leaves it alone."

_BREAKS = (Rule.HOLD_BREAK, Rule.STEP_BACK_BREAK, Rule.DELOAD_BREAK)
_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}


def current_dosage(changes: Sequence[DosageChange], catalog: Catalog) -> dict[ExerciseId, Dosage]:
    """Each exercise's dosage after the recorded changes (its starting point if there are none).

    A recorded dosage outside the catalog's range (the catalog changed since) is brought back
    inside it.
    """
    latest: dict[ExerciseId, DosageChange] = {}
    for change in _in_order(changes):
        latest[change.exercise_id] = change
    return {
        ex.id: clamp(ex, latest[ex.id].new) if ex.id in latest else start_dosage(ex)
        for ex in catalog
    }


def review(
    sessions: Sequence[SessionRecord],
    checkins: Sequence[CheckIn],
    changes: Sequence[DosageChange],
    catalog: Catalog,
    now: datetime,
    *,
    ratings: Mapping[int, DifficultyRating] | None = None,
    overridden: Collection[ExerciseId] = (),
) -> Review:
    """Decide every exercise's dosage for the next session from the whole history.

    `sessions` and `checkins` are everything recorded, `changes` the dosage changes recorded so far
    (the program's own log), `ratings` the difficulty rating of each session by id, `overridden`
    the exercises whose dosage the user set in settings.toml, and `now` when the next session
    starts. Pure: the same history gives the same decisions.
    """
    evidence = gather(sessions, checkins, ratings or {})
    ordered = _in_order(changes)
    decisions: list[DosageChange] = []
    to_store: list[DosageChange] = []
    for exercise in catalog:
        log = [c for c in ordered if c.exercise_id == exercise.id]
        decision = _decide(exercise, log, evidence, now, exercise.id in overridden)
        if not log:
            start = start_dosage(exercise)
            to_store.append(_change(exercise.id, start, start, Rule.START, START_REASON, now, None))
        if decision.changed and decision.rule is not Rule.OVERRIDE:
            to_store.append(decision)
        decisions.append(decision)
    return Review(tuple(decisions), tuple(to_store))


def next_dosage(
    sessions: Sequence[SessionRecord],
    checkins: Sequence[CheckIn],
    changes: Sequence[DosageChange],
    catalog: Catalog,
    now: datetime,
    *,
    ratings: Mapping[int, DifficultyRating] | None = None,
    overridden: Collection[ExerciseId] = (),
) -> list[DosageChange]:
    """The changes to record as the next session starts (see `review` for the decisions)."""
    return list(
        review(
            sessions, checkins, changes, catalog, now, ratings=ratings, overridden=overridden
        ).to_store
    )


# -- one exercise -------------------------------------------------------------------------------


def _decide(
    exercise: Exercise,
    log: list[DosageChange],
    evidence: list[SessionEvidence],
    now: datetime,
    overridden: bool,
) -> DosageChange:
    current = clamp(exercise, log[-1].new) if log else start_dosage(exercise)

    def decide(new: Dosage, rule: Rule, reason: str, session_id: int | None) -> DosageChange:
        return _change(exercise.id, current, new, rule, reason, now, session_id)

    if overridden:
        return decide(current, Rule.OVERRIDE, OVERRIDE_REASON, None)

    used_up = max((c.session_id for c in log if c.session_id is not None), default=None)
    fresh = [e for e in evidence if (used_up is None or e.id > used_up) and e.includes(exercise.id)]
    latest = fresh[-1] if fresh else None
    newest_id = evidence[-1].id if evidence else None

    signals: list[Signal] = []
    if latest is not None:
        signals += latest.verdict(exercise.id, current).signals
    signals += _break_signals(evidence, log, now)
    if signals:
        strongest = max(signals, key=lambda s: s.severity)
        based_on = newest_id if strongest.rule in _BREAKS else _id(latest)
        if strongest.severity is Severity.DELOAD:
            new = start_dosage(exercise)
        elif strongest.severity is Severity.STEP_BACK:
            new = _step_back(exercise, current, log)
        else:
            new = current
        reason = strongest.reason
        if strongest.severity is Severity.STEP_BACK and new == current:
            reason += " It is already at the low end of its range, so it stays there."
        return decide(new, strongest.rule, reason, based_on)

    if at_top(exercise, current):
        return decide(
            current,
            Rule.TOP_OF_RANGE,
            f"At the top of its range ({describe(exercise, current)}): backcoach takes it no "
            "further.",
            _id(latest),
        )
    good = _good_in_a_row(fresh, exercise.id, current)
    if good >= GOOD_SESSIONS_TO_PROGRESS:
        new = step_up(exercise, current, _part_to_raise(exercise, current, log))
        return decide(
            new,
            Rule.PROGRESS,
            f"{_WORDS.get(good, str(good)).capitalize()} good sessions in a row at this dosage "
            f"(finished without it hurting, pain {SAFE_MAX}/10 or less afterwards, not rated "
            "hard): one step up.",
            _id(latest),
        )
    if not log and latest is None:
        return decide(current, Rule.START, START_REASON, None)
    return decide(current, Rule.STEADY, _steady_reason(latest, exercise.id, current, good), None)


def _steady_reason(
    latest: SessionEvidence | None, exercise_id: ExerciseId, current: Dosage, good: int
) -> str:
    if latest is None:
        return "No session at this dosage yet."
    if good >= 1:
        left = GOOD_SESSIONS_TO_PROGRESS - good
        return (
            f"{_WORDS.get(good, str(good)).capitalize()} good session{'s' if good > 1 else ''} "
            f"at this dosage so far; {_WORDS.get(left, str(left))} more on another day and it "
            "steps up."
        )
    verdict = latest.verdict(exercise_id, current)
    return verdict.why_not or "Not enough good sessions at this dosage yet."


def _good_in_a_row(fresh: list[SessionEvidence], exercise_id: ExerciseId, current: Dosage) -> int:
    """Good sessions at `current`, counted back from the latest, on different days, no gaps."""
    count = 0
    counted: SessionEvidence | None = None
    for evidence in reversed(fresh):
        if not evidence.verdict(exercise_id, current).counts:
            break
        if counted is not None:
            apart = counted.session.started_at - evidence.session.started_at
            if apart >= timedelta(days=BREAK_HOLD_DAYS):
                break
            if apart < timedelta(hours=MIN_HOURS_BETWEEN_COUNTED):
                continue
        count += 1
        counted = evidence
    return count


def _break_signals(
    evidence: list[SessionEvidence], log: list[DosageChange], now: datetime
) -> list[Signal]:
    """A week, two or four without a session (counted from the last session or recorded change)."""
    if not evidence:
        return []
    last = evidence[-1].session
    since = max([last.ended_at or last.started_at, *(c.at for c in log)])
    days = int((now - since).total_seconds() // 86400)
    if days >= BREAK_RESTART_DAYS:
        return [
            Signal(
                Rule.DELOAD_BREAK,
                f"{days} days since your last session: every exercise starts again from its "
                "starting dosage and builds up from there.",
            )
        ]
    if days >= BREAK_STEP_BACK_DAYS:
        return [
            Signal(
                Rule.STEP_BACK_BREAK,
                f"{days} days since your last session: one step back to ease in again.",
            )
        ]
    if days >= BREAK_HOLD_DAYS:
        return [
            Signal(
                Rule.HOLD_BREAK,
                f"{days} days since your last session: nothing steps up on the first session back.",
            )
        ]
    return []


def _last_raised(log: list[DosageChange]) -> Part | None:
    for change in reversed(log):
        if change.rule is Rule.PROGRESS:
            return moved_part(change.old, change.new)
    return None


def _part_to_raise(exercise: Exercise, current: Dosage, log: list[DosageChange]) -> Part:
    """Alternate reps and hold where both have room; reps first."""
    last = _last_raised(log)
    preferred = Part.HOLD if last is Part.REPS else Part.REPS
    other = Part.REPS if preferred is Part.HOLD else Part.HOLD
    return preferred if room(exercise, current, preferred) else other


def _step_back(exercise: Exercise, current: Dosage, log: list[DosageChange]) -> Dosage:
    """Undo the most recent step up first; never below the range."""
    if at_bottom(exercise, current):
        return current
    last = _last_raised(log) or Part.REPS
    first = step_down(exercise, current, last)
    if first != current:
        return first
    other = Part.HOLD if last is Part.REPS else Part.REPS
    return step_down(exercise, current, other)


# -- helpers ------------------------------------------------------------------------------------


def _in_order(changes: Sequence[DosageChange]) -> list[DosageChange]:
    """Oldest first; changes made at the same moment keep their recorded order."""
    return sorted(changes, key=lambda c: c.at)


def _id(evidence: SessionEvidence | None) -> int | None:
    return None if evidence is None else evidence.id


def _change(
    exercise_id: ExerciseId,
    old: Dosage,
    new: Dosage,
    rule: Rule,
    reason: str,
    at: datetime,
    session_id: int | None,
) -> DosageChange:
    return DosageChange(
        exercise_id=exercise_id,
        old_reps=old.reps,
        new_reps=new.reps,
        old_hold_s=old.hold_s,
        new_hold_s=new.hold_s,
        rule=rule,
        reason=reason,
        at=at,
        session_id=session_id,
    )
