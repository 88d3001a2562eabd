"""What one past session says about the back: pain before, during and after, the check-ins that
followed it, the difficulty rating, and each exercise's result, read as signals."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum

from backcoach.catalog import ExerciseId
from backcoach.program._records import Action, CheckIn, DifficultyRating, Dosage, Rule
from backcoach.program._thresholds import (
    ACCEPTABLE_MAX,
    FLARE_PAIN,
    FLARE_RISE,
    SAFE_MAX,
    WORSE_RISE,
)
from backcoach.routine import ExerciseResult, PainPhase, SessionRecord, SessionStatus


class Severity(IntEnum):
    """How strongly a signal pulls the dosage down; the strongest signal decides."""

    HOLD = 1
    STEP_BACK = 2
    DELOAD = 3


_SEVERITY = {Action.HOLD: Severity.HOLD, Action.STEP_BACK: Severity.STEP_BACK}


@dataclass(frozen=True, slots=True)
class Signal:
    """A reason not to step up (or to step down), in words for the user."""

    rule: Rule
    reason: str

    @property
    def severity(self) -> Severity:
        return _SEVERITY.get(self.rule.action, Severity.DELOAD)


@dataclass(frozen=True, slots=True)
class Verdict:
    """One session, judged for one exercise."""

    signals: tuple[Signal, ...]
    """Why the dosage should not go up after this session, strongest first (empty: none)."""
    counts: bool
    """A good session at the current dosage: it counts toward a step up."""
    why_not: str | None
    """When it neither counts nor gives a signal: why (for the user)."""


@dataclass(frozen=True, slots=True)
class SessionEvidence:
    """A finished session with everything said about it."""

    session: SessionRecord
    checkins: tuple[CheckIn, ...]
    """The check-ins that report on it, oldest first (the first is "the next morning")."""
    rating: DifficultyRating | None

    @property
    def id(self) -> int:
        return self.session.id

    @property
    def before(self) -> int | None:
        return self.session.pain_at(PainPhase.BEFORE)

    @property
    def after(self) -> int | None:
        scores = [p.score for p in self.session.pain if p.phase is PainPhase.AFTER]
        return scores[-1] if scores else None

    @property
    def morning(self) -> int | None:
        return self.checkins[0].pain if self.checkins else None

    def during(self, exercise_id: ExerciseId) -> int | None:
        """The worst pain given during this exercise (None: none given)."""
        scores = [
            p.score
            for p in self.session.pain
            if p.phase is PainPhase.DURING and p.exercise_id == exercise_id
        ]
        return max(scores) if scores else None

    def result(self, exercise_id: ExerciseId) -> ExerciseResult | None:
        return next((r for r in self.session.results if r.exercise_id == exercise_id), None)

    def dosage(self, exercise_id: ExerciseId) -> Dosage | None:
        """The dosage this session planned for the exercise (None: not in its routine)."""
        item = next((i for i in self.session.routine.items if i.exercise_id == exercise_id), None)
        return None if item is None else Dosage(item.reps, item.hold_s)

    def includes(self, exercise_id: ExerciseId) -> bool:
        return self.dosage(exercise_id) is not None

    # -- signals ----------------------------------------------------------------------------

    def back_signals(self) -> list[Signal]:
        """What the session and the check-ins after it say about the back as a whole."""
        signals = []
        before, after, morning = self.before, self.after, self.morning
        against = f", against {before}/10 before the session" if before is not None else ""
        flare = next(
            (
                c.pain
                for c in self.checkins
                if c.pain >= FLARE_PAIN
                or (before is not None and c.pain > SAFE_MAX and c.pain - before >= FLARE_RISE)
            ),
            None,
        )
        if flare is not None:
            signals.append(
                Signal(
                    Rule.DELOAD_FLARE,
                    f"Your back flared after your last session ({flare}/10{against}). Every "
                    "exercise goes back to its starting dosage and builds up again from there; "
                    "if the pain stays this high, see a doctor or physiotherapist.",
                )
            )
        settled = morning is not None and (
            morning <= SAFE_MAX or (before is not None and morning <= before)
        )
        if morning is not None and not settled:
            if before is not None and morning - before >= WORSE_RISE:
                signals.append(
                    Signal(
                        Rule.STEP_BACK_MORNING,
                        f"Your back was worse the next morning ({morning}/10{against}): "
                        "one step back.",
                    )
                )
            else:
                signals.append(
                    Signal(
                        Rule.HOLD_NOT_SETTLED,
                        f"Your back had not settled by the next morning ({morning}/10{against}): "
                        "no change until it does.",
                    )
                )
        if after is not None and after > ACCEPTABLE_MAX:
            if settled:
                signals.append(
                    Signal(
                        Rule.HOLD_PAIN,
                        f"Pain was {after}/10 after your last session, above the "
                        f"{ACCEPTABLE_MAX}/10 limit, though it had settled by the next morning: "
                        "no change for now.",
                    )
                )
            else:
                why = (
                    "and no check-in the next morning said it had settled"
                    if morning is None
                    else "and had not settled by the next morning"
                )
                signals.append(
                    Signal(
                        Rule.STEP_BACK_PAIN,
                        f"Pain was {after}/10 after your last session, above the "
                        f"{ACCEPTABLE_MAX}/10 limit, {why}: one step back.",
                    )
                )
        elif after is not None and after > SAFE_MAX:
            signals.append(
                Signal(
                    Rule.HOLD_PAIN,
                    f"Pain was {after}/10 after your last session: acceptable, but above the safe "
                    f"{SAFE_MAX}/10, so nothing steps up yet.",
                )
            )
        if self.rating is DifficultyRating.TOO_HARD:
            signals.append(
                Signal(
                    Rule.STEP_BACK_TOO_HARD, "You rated your last session too hard: one step back."
                )
            )
        elif self.rating is DifficultyRating.HARD:
            signals.append(
                Signal(
                    Rule.HOLD_HARD,
                    "You rated your last session hard: no change until it feels about right.",
                )
            )
        return signals

    def exercise_signals(self, exercise_id: ExerciseId) -> list[Signal]:
        """What the session says about one exercise (nothing if it was never reached)."""
        result = self.result(exercise_id)
        if result is None or not _reached(result):
            return []
        signals = []
        pain = self.during(exercise_id)
        if pain is not None and pain > ACCEPTABLE_MAX:
            signals.append(
                Signal(
                    Rule.STEP_BACK_PAIN,
                    f"It hurt {pain}/10 last time, above the {ACCEPTABLE_MAX}/10 limit: "
                    "one step back.",
                )
            )
        elif result.painful and pain is None:
            signals.append(
                Signal(Rule.STEP_BACK_PAIN, "You marked it as painful last time: one step back.")
            )
        elif pain is not None and pain > SAFE_MAX:
            signals.append(
                Signal(
                    Rule.HOLD_PAIN,
                    f"It hurt {pain}/10 last time: acceptable, but above the safe {SAFE_MAX}/10, "
                    "so it stays the same.",
                )
            )
        elif result.painful:
            signals.append(
                Signal(
                    Rule.HOLD_PAIN,
                    f"You marked it as painful last time ({pain}/10): it stays the same "
                    "until it goes without pain.",
                )
            )
        if result.skipped and not signals:
            signals.append(
                Signal(
                    Rule.HOLD_INCOMPLETE,
                    "Skipped last time: it stays the same until you finish it.",
                )
            )
        elif result.reps_done < result.reps_planned and not signals:
            signals.append(
                Signal(
                    Rule.HOLD_INCOMPLETE,
                    f"Not finished last time ({result.reps_done} of {result.reps_planned} reps): "
                    "it stays the same until you finish it.",
                )
            )
        return signals

    def verdict(self, exercise_id: ExerciseId, current: Dosage) -> Verdict:
        """The session judged for one exercise at the dosage it is at now."""
        signals = sorted(
            self.back_signals() + self.exercise_signals(exercise_id),
            key=lambda s: -s.severity,
        )
        if signals:
            return Verdict(tuple(signals), counts=False, why_not=None)
        result = self.result(exercise_id)
        if result is None or not _reached(result):
            return Verdict((), False, "Not done in your last session, so it stays the same.")
        if self.dosage(exercise_id) != current:
            return Verdict((), False, "No session at this dosage yet.")
        if self.after is None and self.morning is None and self.during(exercise_id) is None:
            return Verdict(
                (),
                False,
                "Your last session has no pain score after it or the next morning, so it "
                "does not count toward a step up.",
            )
        return Verdict((), counts=True, why_not=None)


def _reached(result: ExerciseResult) -> bool:
    return result.reps_done > 0 or result.skipped or result.painful


FINISHED = (SessionStatus.COMPLETED, SessionStatus.STOPPED)
"""Sessions that tell something: in progress ones are not over, abandoned ones had not a rep."""


def gather(
    sessions: Sequence[SessionRecord],
    checkins: Sequence[CheckIn],
    ratings: Mapping[int, DifficultyRating],
) -> list[SessionEvidence]:
    """Every finished session, oldest first, with the check-ins that report on it.

    A check-in reports on the session it names; one that names none (or one not given) reports
    on the latest finished session that had started by then.
    """
    finished = sorted(
        (s for s in sessions if s.status in FINISHED), key=lambda s: (s.started_at, s.id)
    )
    ids = {s.id for s in finished}
    linked: dict[int, list[CheckIn]] = {s.id: [] for s in finished}
    for checkin in sorted(checkins, key=lambda c: c.at):
        if checkin.session_id is not None and checkin.session_id in ids:
            linked[checkin.session_id].append(checkin)
            continue
        earlier = [s for s in finished if s.started_at <= checkin.at]
        if earlier:
            linked[earlier[-1].id].append(checkin)
    return [SessionEvidence(s, tuple(linked[s.id]), ratings.get(s.id)) for s in finished]
