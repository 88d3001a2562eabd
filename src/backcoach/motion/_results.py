"""What an analysis produces: reps, their faults, warnings, and the analysis contract's JSON."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from backcoach.catalog import ExerciseId

ANALYSIS_VERSION = 1


@dataclass(frozen=True, slots=True)
class Prescription:
    """The dosage the fault checks compare against (`reps` only feeds spoken cues)."""

    hold_s: float
    rest_s: float
    reps: int | None = None
    """Reps per side for unilateral exercises, else reps in the set; None when unknown."""

    @classmethod
    def default(
        cls, exercise: ExerciseId | str, *, hold_s: float | None = None, rest_s: float | None = None
    ) -> Prescription:
        """The catalog's default dosage for an exercise, with optional overrides."""
        from backcoach.catalog import load_catalog

        ex = load_catalog().get(str(exercise))
        return cls(
            hold_s=float(ex.hold_s.default if hold_s is None else hold_s),
            rest_s=float(ex.rest_s.default if rest_s is None else rest_s),
            reps=ex.reps.default,
        )


@dataclass(frozen=True, slots=True)
class Peak:
    """A rep's extreme: which signal and its robust value (degrees)."""

    signal: str
    value: float


@dataclass(frozen=True, slots=True)
class Rep:
    """One counted rep."""

    index: int
    side: str | None
    start_s: float
    end_s: float
    hold_s: float
    peak: Peak
    faults: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """The rep as the analysis contract's `rep_details` entry."""
        return {
            "index": self.index,
            "side": self.side,
            "start_s": round(self.start_s, 2),
            "end_s": round(self.end_s, 2),
            "hold_s": round(self.hold_s, 2),
            "peak": {"signal": self.peak.signal, "value": round(self.peak.value, 1)},
            "faults": list(self.faults),
        }


@dataclass(frozen=True, slots=True)
class Quality:
    """How much of the track could be used."""

    frames: int
    frames_with_pose: int
    side_used: str | None


@dataclass(frozen=True, slots=True)
class Analysis:
    """The result of analysing one set of one exercise."""

    exercise: ExerciseId
    prescribed: Prescription
    unilateral: bool
    reps: tuple[Rep, ...]
    warnings: tuple[str, ...]
    quality: Quality

    @property
    def rep_count(self) -> int:
        """Total reps (both sides)."""
        return len(self.reps)

    @property
    def sides(self) -> dict[str, int] | None:
        """Reps per side for unilateral exercises, else None."""
        if not self.unilateral:
            return None
        counts = Counter(r.side for r in self.reps)
        return {"left": counts.get("left", 0), "right": counts.get("right", 0)}

    @property
    def fault_counts(self) -> dict[str, int]:
        """How many reps carry each fault (codes with no rep omitted)."""
        counts: Counter[str] = Counter()
        for rep in self.reps:
            counts.update(rep.faults)
        return dict(sorted(counts.items()))

    def to_dict(self) -> dict[str, Any]:
        """The analysis contract's JSON document (version 1)."""
        return {
            "version": ANALYSIS_VERSION,
            "exercise": self.exercise.value,
            "prescribed": {"hold_s": self.prescribed.hold_s, "rest_s": self.prescribed.rest_s},
            "reps": self.rep_count,
            "sides": self.sides,
            "rep_details": [r.to_dict() for r in self.reps],
            "faults": self.fault_counts,
            "warnings": list(self.warnings),
            "quality": {
                "frames": self.quality.frames,
                "frames_with_pose": self.quality.frames_with_pose,
                "side_used": self.quality.side_used,
            },
        }
