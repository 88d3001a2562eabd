"""What a session leaves behind: the records storage keeps and history and progress read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from backcoach.catalog import ExerciseId
from backcoach.routine._routine import Routine


class SessionStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    """Being written right now (or its process died and nobody has looked yet)."""
    COMPLETED = "completed"
    """Ran to the end of the routine (exercises may have been skipped)."""
    STOPPED = "stopped"
    """Ended early: the user quit, pressed Ctrl-C, or the process was killed or crashed."""
    ABANDONED = "abandoned"
    """Ended before a single rep was done."""


class EndReason(StrEnum):
    FINISHED = "finished"
    """The routine ran to its end."""
    QUIT = "quit"
    """The user chose to stop."""
    INTERRUPTED = "interrupted"
    """Ctrl-C or a termination signal."""
    CRASHED = "crashed"
    """The process died (killed, crashed, power cut); found on the next start."""
    SAFETY = "safety"
    """Stopped on a safety rule (pain too high)."""


class PainPhase(StrEnum):
    BEFORE = "before"
    DURING = "during"
    AFTER = "after"


@dataclass(frozen=True, slots=True)
class PainScore:
    """A pain-now score from 0 (none) to 10 (worst imaginable)."""

    phase: PainPhase
    score: int
    at: datetime
    exercise_id: ExerciseId | None = None


@dataclass(frozen=True, slots=True)
class ExerciseResult:
    """Planned versus done for one exercise of a session (reps counted over both sides)."""

    exercise_id: ExerciseId
    position: int
    reps_planned: int
    reps_done: int
    hold_planned_s: float
    holds_s: tuple[float, ...] = ()
    skipped: bool = False
    painful: bool = False

    @property
    def complete(self) -> bool:
        return self.reps_done >= self.reps_planned and not self.skipped


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """One guided session as stored."""

    id: int
    started_at: datetime
    ended_at: datetime | None
    status: SessionStatus
    end_reason: EndReason | None
    routine: Routine
    planned_s: float
    results: tuple[ExerciseResult, ...] = ()
    pain: tuple[PainScore, ...] = field(default=())

    def pain_at(self, phase: PainPhase) -> int | None:
        for score in self.pain:
            if score.phase is phase:
                return score.score
        return None

    @property
    def reps_planned(self) -> int:
        return sum(r.reps_planned for r in self.results)

    @property
    def reps_done(self) -> int:
        return sum(r.reps_done for r in self.results)


@dataclass(frozen=True, slots=True)
class ScreeningRecord:
    """One red-flag screen: each question's answer, and whether it cleared the user to exercise."""

    id: int
    taken_at: datetime
    answers: dict[str, bool]
    passed: bool


def _iso(at: datetime | None) -> str | None:
    return at.isoformat() if at is not None else None


def pain_to_dict(score: PainScore) -> dict[str, object]:
    return {
        "phase": score.phase.value,
        "score": score.score,
        "at": _iso(score.at),
        "exercise_id": score.exercise_id.value if score.exercise_id else None,
    }


def result_to_dict(result: ExerciseResult) -> dict[str, object]:
    return {
        "position": result.position,
        "exercise_id": result.exercise_id.value,
        "reps_planned": result.reps_planned,
        "reps_done": result.reps_done,
        "hold_planned_s": result.hold_planned_s,
        "holds_s": list(result.holds_s),
        "skipped": result.skipped,
        "painful": result.painful,
    }


def session_to_dict(record: SessionRecord) -> dict[str, object]:
    """A session as plain JSON-ready data (history --json, export)."""
    return {
        "id": record.id,
        "started_at": _iso(record.started_at),
        "ended_at": _iso(record.ended_at),
        "status": record.status.value,
        "end_reason": record.end_reason.value if record.end_reason else None,
        "planned_s": record.planned_s,
        "reps_planned": record.reps_planned,
        "reps_done": record.reps_done,
        "pain_before": record.pain_at(PainPhase.BEFORE),
        "pain_after": record.pain_at(PainPhase.AFTER),
        "routine": record.routine.to_list(),
        "results": [result_to_dict(r) for r in record.results],
        "pain": [pain_to_dict(p) for p in record.pain],
    }


def screening_to_dict(record: ScreeningRecord) -> dict[str, object]:
    return {
        "id": record.id,
        "taken_at": _iso(record.taken_at),
        "answers": dict(record.answers),
        "passed": record.passed,
    }
