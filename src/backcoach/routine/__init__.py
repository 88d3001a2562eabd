"""Routines and the timeline engine that runs them (pure domain: the clock is injected)."""

from backcoach.routine._records import (
    EndReason,
    ExerciseResult,
    PainPhase,
    PainScore,
    ScreeningRecord,
    SessionRecord,
    SessionStatus,
    pain_to_dict,
    result_to_dict,
    screening_to_dict,
    session_to_dict,
)
from backcoach.routine._routine import DosageError, Routine, RoutineItem, default_routine, item_for

__all__ = [
    "DosageError",
    "EndReason",
    "ExerciseResult",
    "PainPhase",
    "PainScore",
    "Routine",
    "RoutineItem",
    "ScreeningRecord",
    "SessionRecord",
    "SessionStatus",
    "default_routine",
    "item_for",
    "pain_to_dict",
    "result_to_dict",
    "screening_to_dict",
    "session_to_dict",
]

from backcoach.routine._engine import Clock, EngineState, Event, EventKind, SessionEngine
from backcoach.routine._timeline import (
    COUNTED_KINDS,
    GET_READY_S,
    ExerciseSpan,
    Step,
    StepKind,
    Timeline,
    build_timeline,
    reps_total,
    side_sequence,
)

__all__ += [
    "COUNTED_KINDS",
    "GET_READY_S",
    "Clock",
    "EngineState",
    "Event",
    "EventKind",
    "ExerciseSpan",
    "SessionEngine",
    "Step",
    "StepKind",
    "Timeline",
    "build_timeline",
    "reps_total",
    "side_sequence",
]
