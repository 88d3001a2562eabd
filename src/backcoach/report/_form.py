"""The motion coach's form summary: analysis documents (the analysis format, version 1) added up
per exercise. A document that does not follow the format is counted and left out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from backcoach.catalog import Catalog, ExerciseId
from backcoach.report._data import ExerciseForm, FaultCount, Form, Period

# Each fault code in words for a clinician reading the report (our own wording, after the
# exercise contract's definitions). A code this version does not know is shown as it is.
FAULT_WORDS: dict[str, str] = {
    "hold_too_short": "hold shorter than prescribed",
    "neck_pulled": "head pulled toward the chest",
    "knee_not_straight": "knee bent during the stretch",
    "too_deep": "knees past 90° (thighs below parallel)",
    "knee_not_to_chest": "knee not brought to the chest",
    "other_leg_lifted": "resting leg lifted",
    "leg_not_level": "extended leg below level",
    "arm_not_raised": "opposite arm not raised",
    "hips_lifted": "hips lifted off the floor",
    "hips_too_low": "hips short of full extension",
    "rest_too_short": "rest between reps too short",
}


def fault_words(code: str) -> str:
    """A fault code in words (the code with spaces if it is new)."""
    return FAULT_WORDS.get(code, code.replace("_", " "))


class _UnreadableError(ValueError):
    pass


def form_summary(
    documents: Sequence[Mapping[str, Any]] | None,
    catalog: Catalog,
    period: Period,
    tz: tzinfo | None = None,
) -> Form:
    """Reps, holds and faults per exercise over the analyses of the period.

    An analysis carrying an `analysed_at` time (an extra field the format allows) outside the
    period is left out; one without it is taken to belong to the period.
    """
    if documents is None:
        return Form(recorded=False, exercises=(), unreadable=0)
    by_exercise: dict[ExerciseId, list[_Set]] = {}
    unreadable = 0
    for document in documents:
        try:
            one = _read(document)
        except _UnreadableError:
            unreadable += 1
            continue
        if one.at is not None and one.at.astimezone(tz).date() not in period:
            continue
        by_exercise.setdefault(one.exercise, []).append(one)
    exercises = []
    for exercise in catalog:
        sets = by_exercise.get(exercise.id)
        if not sets:
            continue
        faults: Counter[str] = Counter()
        for s in sets:
            faults.update(s.faults)
        holds = [h for s in sets for h in s.holds]
        prescribed = [s.hold_prescribed_s for s in sets if s.hold_prescribed_s is not None]
        exercises.append(
            ExerciseForm(
                exercise_id=exercise.id,
                name=exercise.name,
                analyses=len(sets),
                reps=sum(s.reps for s in sets),
                reps_with_faults=sum(s.reps_with_faults for s in sets),
                hold_mean_s=sum(holds) / len(holds) if holds else None,
                hold_prescribed_s=prescribed[-1] if prescribed else None,
                faults=tuple(
                    FaultCount(code, fault_words(code), n)
                    for code, n in sorted(faults.items(), key=lambda kv: (-kv[1], kv[0]))
                ),
            )
        )
    return Form(recorded=True, exercises=tuple(exercises), unreadable=unreadable)


@dataclass(frozen=True, slots=True)
class _Set:
    """One analysed set, as far as the summary needs it."""

    exercise: ExerciseId
    at: datetime | None
    reps: int
    holds: list[float]
    faults: Counter[str]
    reps_with_faults: int
    hold_prescribed_s: float | None


def _read(doc: Mapping[str, Any]) -> _Set:
    """One analysis document, checked as far as the summary relies on it."""
    try:
        if not isinstance(doc, Mapping) or doc.get("version") != 1:
            raise _UnreadableError("not an analysis document of version 1")
        exercise = ExerciseId(doc["exercise"])
        reps = doc["reps"]
        details = doc["rep_details"]
        if isinstance(reps, bool) or not isinstance(reps, int) or reps < 0:
            raise _UnreadableError("reps must be a whole number")
        if not isinstance(details, list):
            raise _UnreadableError("rep_details must be a list")
        faults: Counter[str] = Counter()
        holds: list[float] = []
        with_faults = 0
        for rep in details:
            codes = rep["faults"]
            if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
                raise _UnreadableError("a rep's faults must be a list of codes")
            faults.update(set(codes))
            with_faults += bool(codes)
            hold = rep.get("hold_s")
            if isinstance(hold, int | float) and not isinstance(hold, bool):
                holds.append(float(hold))
        if not details and isinstance(doc.get("faults"), Mapping):
            # A document without rep details still carries its fault totals.
            faults.update({str(k): int(v) for k, v in doc["faults"].items()})
        prescribed = doc.get("prescribed")
        hold_s = prescribed.get("hold_s") if isinstance(prescribed, Mapping) else None
        at = doc.get("analysed_at")
        when = datetime.fromisoformat(at) if isinstance(at, str) else None
        if when is not None and when.tzinfo is None:
            raise _UnreadableError("analysed_at needs a time zone")
        return _Set(
            exercise=exercise,
            at=when,
            reps=reps,
            holds=holds,
            faults=faults,
            reps_with_faults=with_faults,
            hold_prescribed_s=float(hold_s) if isinstance(hold_s, int | float) else None,
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise _UnreadableError(str(exc)) from exc
