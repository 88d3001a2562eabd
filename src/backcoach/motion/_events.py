"""What the streaming analyzer reports as frames arrive (for a live coach to show or say)."""

from __future__ import annotations

from dataclasses import dataclass

from backcoach.motion._results import Rep


@dataclass(frozen=True, slots=True)
class RepStarted:
    """A movement has gone far enough to count as a rep (`t`: when it left the start)."""

    t: float
    index: int


@dataclass(frozen=True, slots=True)
class TargetReached:
    """The rep settled at its peak (`in_zone`: inside the exercise's target zone)."""

    t: float
    value: float
    in_zone: bool


@dataclass(frozen=True, slots=True)
class HoldCountdown:
    """Whole seconds of the prescribed hold still to go (0: the hold is done)."""

    t: float
    seconds_left: int


@dataclass(frozen=True, slots=True)
class RepDone:
    """A rep is complete and measured, with its faults."""

    t: float
    rep: Rep


@dataclass(frozen=True, slots=True)
class Cue:
    """Something to say aloud now."""

    t: float
    text: str


@dataclass(frozen=True, slots=True)
class Warning:
    """A problem with what the camera sees, in a plain sentence."""

    t: float
    text: str


Event = RepStarted | TargetReached | HoldCountdown | RepDone | Cue | Warning
