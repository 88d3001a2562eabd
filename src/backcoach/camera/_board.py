"""What a coaching screen shows at each moment, built only from the analyzer's events.

The streaming analyzer decides (reps, holds, faults, cues); `Board` just keeps the latest of
each for display: the rep counter, the hold timer, the measured angle and short-lived messages.
The annotated replay draws it on the video, the live coach in the terminal.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from backcoach.motion import (
    CHANNELS,
    Body,
    Cue,
    Event,
    ExerciseSpec,
    HoldCountdown,
    Prescription,
    RepDone,
    RepStarted,
    TargetReached,
    Warning,
    fault_words,
)

MessageKind = Literal["cue", "fault", "warning"]
Phase = Literal["waiting", "moving", "holding", "resting"]
MESSAGE_S = {"cue": 3.0, "fault": 4.0, "warning": 5.0}

# Where a signal's value is written: the joint at the angle's vertex (or the line's start).
_SIGNAL_JOINT = {
    "hip_angle": "hip",
    "knee_angle": "knee",
    "trunk_lift": "hip",
    "leg_elevation": "hip",
    "arm_elevation": "shoulder",
    "neck_angle": "shoulder",
}
_SIGNAL_LABEL = {
    "hip_angle": "hip",
    "knee_angle": "knee",
    "trunk_lift": "trunk",
    "leg_elevation": "leg",
    "arm_elevation": "arm",
    "neck_angle": "neck",
}


def fault_text(code: str) -> str:
    """A fault code in a runner's words: 'hips_too_low' -> 'hips not high enough'."""
    return fault_words(code)


@dataclass(frozen=True, slots=True)
class Message:
    text: str
    kind: MessageKind
    until: float


@dataclass
class Board:
    """The coaching display's state; feed it each frame with `update`."""

    spec: ExerciseSpec
    prescribed: Prescription
    width: float
    height: float
    reps: int = 0
    per_side: dict[str, int] = field(default_factory=lambda: {"left": 0, "right": 0})
    phase: Phase = "waiting"
    hold_left: int | None = None
    angle: float | None = None
    angle_side: int = 0
    person: bool = False
    t: float = 0.0
    messages: list[Message] = field(default_factory=list)
    last_faults: tuple[str, ...] = ()
    words: Callable[[str], str] = fault_text
    """Turns a fault code into the words shown."""

    @property
    def signal_label(self) -> str:
        """A short name for the measured angle ('hip', 'knee', 'trunk'...)."""
        return _SIGNAL_LABEL.get(self.spec.signal, self.spec.signal.replace("_", " "))

    @property
    def signal_joint(self) -> str:
        """The joint next to which the angle is written."""
        return _SIGNAL_JOINT.get(self.spec.signal, "hip")

    @property
    def target_reps(self) -> int | None:
        """Reps in the set (per side for one-sided exercises), when prescribed."""
        return self.prescribed.reps

    def rep_text(self) -> str:
        """'Reps 3/8', or per side for one-sided exercises."""
        target = self.target_reps
        if self.spec.unilateral:
            of = f"/{target}" if target else ""
            return f"Left {self.per_side['left']}{of}  Right {self.per_side['right']}{of}"
        return f"Reps {self.reps}/{target}" if target else f"Reps {self.reps}"

    def hold_text(self) -> str:
        """'Hold 4 s', 'Hold done', or the phase."""
        if self.phase == "holding" and self.hold_left is not None:
            return "Hold done" if self.hold_left <= 0 else f"Hold {self.hold_left} s"
        return {
            "waiting": "Get into position",
            "moving": "Moving",
            "holding": "Holding",
            "resting": "Rest",
        }[self.phase]

    def current_messages(self) -> list[Message]:
        """Messages still on screen at the current time, newest first."""
        return [m for m in reversed(self.messages) if m.until >= self.t]

    def update(
        self,
        t: float,
        points: npt.NDArray[np.floating[Any]] | None,
        events: list[Event],
        side: int,
    ) -> None:
        """Advance to frame time `t` with its landmarks (None: nobody seen) and the events the
        analyzer returned for it; `side` is the analyzer's side in use (0 left, 1 right)."""
        self.t = t
        self.person = points is not None
        self.angle = None if points is None else self._measure(points, side)
        for e in events:
            self._apply(e)
        self.messages = [m for m in self.messages if m.until >= t]

    def _say(self, text: str, kind: MessageKind) -> None:
        if kind == "cue":  # a cue replaces the one before (countdowns would pile up)
            self.messages = [m for m in self.messages if m.kind != "cue"]
        self.messages.append(Message(text, kind, self.t + MESSAGE_S[kind]))

    def _apply(self, e: Event) -> None:
        if isinstance(e, RepStarted):
            self.phase = "moving"
            self.hold_left = None
        elif isinstance(e, TargetReached):
            self.phase = "holding"
        elif isinstance(e, HoldCountdown):
            self.phase = "holding"
            self.hold_left = e.seconds_left
        elif isinstance(e, RepDone):
            self.reps += 1
            if e.rep.side in self.per_side:
                self.per_side[e.rep.side] += 1
            self.phase = "resting"
            self.hold_left = None
            self.last_faults = e.rep.faults
            for code in e.rep.faults:
                self._say(self.words(code), "fault")
        elif isinstance(e, Cue):
            self._say(e.text, "cue")
        elif isinstance(e, Warning):
            self._say(e.text, "warning")

    def _measure(self, points: npt.NDArray[np.floating[Any]], side: int) -> float | None:
        body = Body.from_points(np.asarray(points, dtype=np.float64)[None], self.width, self.height)
        fn = CHANNELS.get(self.spec.signal)
        if fn is None:
            return None
        if self.spec.unilateral:
            left, right = float(fn(body, 0)[0]), float(fn(body, 1)[0])
            moving_right = self.spec.direction * (right - left) > 0
            value, self.angle_side = (right, 1) if moving_right else (left, 0)
        else:
            value, self.angle_side = float(fn(body, side)[0]), side
        return value if math.isfinite(value) else None
