"""The session engine: runs a timeline against an injected clock and emits events to render and say.

It owns no thread and no timer: the UI calls `tick()` as often as it likes (the terminal player
about ten times a second, a test whenever it moves its fake clock) and renders the events. Time
spent paused does not count. Every operation returns the events it caused.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from backcoach.routine._records import ExerciseResult
from backcoach.routine._timeline import Step, StepKind, Timeline

Clock = Callable[[], float]
"""Seconds from any fixed origin, never going backwards (e.g. `time.monotonic`)."""

SAY_COUNTDOWN_FROM = 3
"""The last seconds of a hold are said aloud: "3", "2", "1"."""


class EngineState(StrEnum):
    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    """Ran to the end of the timeline (possibly with skips)."""
    STOPPED = "stopped"
    """Stopped early."""


class EventKind(StrEnum):
    SESSION_STARTED = "session_started"
    EXERCISE_STARTED = "exercise_started"
    STEP_STARTED = "step_started"
    COUNTDOWN = "countdown"
    """A whole second went by in a counted step; `seconds_left` says how many remain."""
    STEP_FINISHED = "step_finished"
    REP_DONE = "rep_done"
    EXERCISE_FINISHED = "exercise_finished"
    PAUSED = "paused"
    RESUMED = "resumed"
    SESSION_FINISHED = "session_finished"
    SESSION_STOPPED = "session_stopped"


@dataclass(frozen=True, slots=True)
class Event:
    kind: EventKind
    at_s: float
    """Active (unpaused) seconds since the session started."""
    step: Step | None = None
    seconds_left: int | None = None
    skipped: bool = False
    say: str | None = None
    result: ExerciseResult | None = None


@dataclass(slots=True)
class _Progress:
    reps_done: int = 0
    holds_s: list[float] = field(default_factory=list)
    skipped: bool = False
    painful: bool = False
    started: bool = False
    finished: bool = False


class SessionEngine:
    """Steps through a `Timeline` by the clock; pause, resume, skip and stop on request."""

    def __init__(self, timeline: Timeline, clock: Clock) -> None:
        if not timeline.steps:
            raise ValueError("a session needs at least one step")
        self.timeline = timeline
        self._clock = clock
        self._state = EngineState.READY
        self._index = 0
        self._in_step = 0.0
        self._active = 0.0
        self._last = 0.0
        self._progress = [_Progress() for _ in timeline.exercises]

    # -- state ------------------------------------------------------------------------------

    @property
    def state(self) -> EngineState:
        return self._state

    @property
    def running(self) -> bool:
        return self._state in (EngineState.RUNNING, EngineState.PAUSED)

    @property
    def step(self) -> Step:
        return self.timeline.steps[min(self._index, len(self.timeline.steps) - 1)]

    @property
    def step_elapsed_s(self) -> float:
        return self._in_step

    @property
    def step_left_s(self) -> float:
        return max(0.0, self.step.duration_s - self._in_step)

    @property
    def active_s(self) -> float:
        """Seconds the session has run, pauses not counted."""
        return self._active

    @property
    def session_fraction(self) -> float:
        """How far through the planned session, 0 to 1 (skipped steps count as done)."""
        if self._state is EngineState.FINISHED:
            return 1.0
        done = self.step.start_s + min(self._in_step, self.step.duration_s)
        return min(1.0, done / self.timeline.total_s)

    @property
    def session_left_s(self) -> float:
        if self._state is EngineState.FINISHED:
            return 0.0
        return max(0.0, self.timeline.total_s - self.step.start_s - self._in_step)

    @property
    def exercise_fraction(self) -> float:
        span = self.timeline.span(self.step.position)
        done = self.step.start_s + min(self._in_step, self.step.duration_s) - span.start_s
        return min(1.0, max(0.0, done / span.duration_s))

    def next_step(self) -> Step | None:
        after = self._index + 1
        return self.timeline.steps[after] if after < len(self.timeline.steps) else None

    def result(self, position: int) -> ExerciseResult:
        """Planned versus done for one exercise, as it stands now."""
        span = self.timeline.span(position)
        progress = self._progress[position]
        return ExerciseResult(
            exercise_id=span.exercise_id,
            position=position,
            reps_planned=span.reps_total,
            reps_done=progress.reps_done,
            hold_planned_s=span.item.hold_s,
            holds_s=tuple(progress.holds_s),
            skipped=progress.skipped,
            painful=progress.painful,
        )

    def results(self) -> list[ExerciseResult]:
        """Every exercise started so far (a later exercise has nothing to record yet)."""
        return [self.result(p) for p, pr in enumerate(self._progress) if pr.started]

    # -- operations -------------------------------------------------------------------------

    def start(self) -> list[Event]:
        if self._state is not EngineState.READY:
            return []
        self._state = EngineState.RUNNING
        self._last = self._clock()
        events = [Event(EventKind.SESSION_STARTED, 0.0)]
        events += self._enter_step()
        return events

    def tick(self) -> list[Event]:
        """Advance by the time the clock says has passed; emit what happened meanwhile."""
        if self._state is not EngineState.RUNNING:
            return []
        now = self._clock()
        delta, self._last = max(0.0, now - self._last), now
        events: list[Event] = []
        while delta > 0 and self._state is EngineState.RUNNING:
            step = self.step
            room = step.duration_s - self._in_step
            used = min(delta, room)
            before = self._in_step
            self._in_step += used
            self._active += used
            delta -= used
            events += self._countdown(step, before, self._in_step)
            if self._in_step >= step.duration_s - 1e-9:
                events += self._leave_step(skipped=False)
        return events

    def pause(self) -> list[Event]:
        if self._state is not EngineState.RUNNING:
            return []
        events = self.tick()
        if self._state is not EngineState.RUNNING:
            return events
        self._state = EngineState.PAUSED
        return [*events, Event(EventKind.PAUSED, self._active, self.step, say="Paused.")]

    def resume(self) -> list[Event]:
        if self._state is not EngineState.PAUSED:
            return []
        self._state = EngineState.RUNNING
        self._last = self._clock()
        return [Event(EventKind.RESUMED, self._active, self.step, say="Go on.")]

    def toggle_pause(self) -> list[Event]:
        return self.resume() if self._state is EngineState.PAUSED else self.pause()

    def skip_step(self) -> list[Event]:
        """End the current step now and go to the next one."""
        if not self.running:
            return []
        events = self._catch_up()
        if not self.running:
            return events
        return events + self._leave_step(skipped=True)

    def skip_exercise(self) -> list[Event]:
        """Leave the current exercise and go to the next one's set-up (or finish)."""
        if not self.running:
            return []
        events = self._catch_up()
        if not self.running:
            return events
        position = self.step.position
        progress = self._progress[position]
        if progress.reps_done < self.timeline.span(position).reps_total:
            progress.skipped = True
        last = self.timeline.span(position).last_step
        events += self._leave_step(skipped=True, jump_to=last + 1)
        return events

    def mark_painful(self) -> None:
        """Note that the current exercise hurt (the UI asks how much and records the score)."""
        self._progress[self.step.position].painful = True

    def stop(self) -> list[Event]:
        """Stop early: nothing more is done; results so far stand."""
        if not self.running:
            return []
        events = self._catch_up()
        if not self.running:
            return events
        self._state = EngineState.STOPPED
        return [
            *events,
            Event(
                EventKind.SESSION_STOPPED,
                self._active,
                self.step,
                say="Session stopped. Well done for what you did.",
            ),
        ]

    # -- internals --------------------------------------------------------------------------

    def _catch_up(self) -> list[Event]:
        if self._state is EngineState.RUNNING:
            return self.tick()
        return []

    def _enter_step(self) -> list[Event]:
        step = self.step
        events: list[Event] = []
        progress = self._progress[step.position]
        if not progress.started:
            progress.started = True
            events.append(Event(EventKind.EXERCISE_STARTED, self._active, step))
        events.append(
            Event(
                EventKind.STEP_STARTED,
                self._active,
                step,
                say=step.say,
                seconds_left=math.ceil(step.duration_s) if step.counted else None,
            )
        )
        return events

    def _countdown(self, step: Step, before: float, after: float) -> list[Event]:
        if not step.counted:
            return []
        events = []
        left_before = math.ceil(step.duration_s - before - 1e-9)
        left_after = math.ceil(step.duration_s - after - 1e-9)
        for left in range(left_before - 1, left_after - 1, -1):
            if left <= 0:
                break
            say = str(left) if step.kind is StepKind.HOLD and left <= SAY_COUNTDOWN_FROM else None
            events.append(
                Event(EventKind.COUNTDOWN, self._active, step, seconds_left=left, say=say)
            )
        return events

    def _leave_step(self, *, skipped: bool, jump_to: int | None = None) -> list[Event]:
        step = self.step
        progress = self._progress[step.position]
        events = [Event(EventKind.STEP_FINISHED, self._active, step, skipped=skipped)]
        if step.kind is StepKind.HOLD and not progress.skipped:
            progress.reps_done += 1
            progress.holds_s.append(round(min(self._in_step, step.duration_s), 2))
            events.append(
                Event(EventKind.REP_DONE, self._active, step, result=self.result(step.position))
            )
        target = self._index + 1 if jump_to is None else jump_to
        last_of_exercise = self.timeline.span(step.position).last_step
        if target > last_of_exercise:
            progress.finished = True
            events.append(
                Event(
                    EventKind.EXERCISE_FINISHED,
                    self._active,
                    step,
                    skipped=progress.skipped,
                    result=self.result(step.position),
                )
            )
        self._in_step = 0.0
        if target >= len(self.timeline.steps):
            self._index = len(self.timeline.steps) - 1
            self._in_step = self.step.duration_s
            self._state = EngineState.FINISHED
            events.append(
                Event(EventKind.SESSION_FINISHED, self._active, say="Session complete. Well done.")
            )
            return events
        self._index = target
        return events + self._enter_step()
