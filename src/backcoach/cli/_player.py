"""The terminal player: drives the session engine in real (or sped-up) time, renders it, reads
keys, speaks cues, and writes every rep to the store as it happens."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from rich.console import Console, Group, RenderableType
from rich.live import Live
from rich.text import Text

from backcoach.catalog import Catalog
from backcoach.cli import _render
from backcoach.cli._keys import Key, KeySource
from backcoach.cli._voice import Speaker
from backcoach.routine import (
    EndReason,
    EngineState,
    Event,
    EventKind,
    PainPhase,
    PainScore,
    SessionEngine,
    SessionStatus,
    StepKind,
)
from backcoach.safety import advice_during_exercise, check_pain_score

if TYPE_CHECKING:
    from datetime import datetime

    from backcoach.cli._session_camera import SeenRep
    from backcoach.storage import Store

HEARTBEAT_EVERY_S = 5.0
MESSAGE_SHOWN_S = 15.0


class Recorder:
    """Writes the session as it goes: a killed process loses at most the step in flight."""

    def __init__(
        self, store: Store, session_id: int, engine: SessionEngine, now: Callable[[], datetime]
    ) -> None:
        self.store = store
        self.session_id = session_id
        self.engine = engine
        self._now = now
        self._last_beat = time.monotonic()

    def planned(self) -> None:
        """Store every exercise as planned, nothing done yet."""
        for span in self.engine.timeline.exercises:
            self.store.save_result(self.session_id, self.engine.result(span.position))

    def on_events(self, events: list[Event]) -> None:
        positions = {
            e.step.position
            for e in events
            if e.step is not None
            and (
                e.kind in (EventKind.REP_DONE, EventKind.EXERCISE_FINISHED)
                or (e.kind is EventKind.STEP_FINISHED and e.skipped)
            )
        }
        for position in sorted(positions):
            self.store.save_result(self.session_id, self.engine.result(position))
        if time.monotonic() - self._last_beat >= HEARTBEAT_EVERY_S:
            self.heartbeat()

    def heartbeat(self) -> None:
        self._last_beat = time.monotonic()
        self.store.heartbeat(self.session_id, self._now())

    def save_exercise(self, position: int) -> None:
        self.store.save_result(self.session_id, self.engine.result(position))

    def pain(self, phase: PainPhase, score: int, exercise_position: int | None = None) -> None:
        exercise_id = (
            self.engine.timeline.span(exercise_position).exercise_id
            if exercise_position is not None
            else None
        )
        self.store.add_pain(self.session_id, PainScore(phase, score, self._now(), exercise_id))

    def finish(self, status: SessionStatus, reason: EndReason) -> None:
        self.store.finish_session(self.session_id, status, reason, self._now())


class Confirm(Protocol):
    """Something that confirms reps as they happen (the camera): see `CameraConfirm`."""

    @property
    def person_seen(self) -> bool: ...

    def follow(self, position: int) -> None: ...

    def drain(self) -> list[SeenRep]: ...


@dataclass(frozen=True, slots=True)
class Outcome:
    status: SessionStatus
    reason: EndReason


class Player:
    """One guided session from start to end (or to an early stop)."""

    def __init__(
        self,
        engine: SessionEngine,
        catalog: Catalog,
        recorder: Recorder,
        console: Console,
        keys: KeySource,
        speaker: Speaker,
        *,
        speed: float,
        live: bool,
        ask: Callable[[str], str],
        sleep: Callable[[float], None] = time.sleep,
        confirm: Confirm | None = None,
    ) -> None:
        self.engine = engine
        self.catalog = catalog
        self.recorder = recorder
        self.console = console
        self.keys = keys
        self.speaker = speaker
        self.speed = speed
        self.live = live
        self.ask = ask
        self.sleep = sleep
        self.confirm = confirm
        self.seen: dict[int, list[SeenRep]] = {}
        """The reps `confirm` saw, by exercise position."""
        self.message: str | None = None
        self._message_until = 0.0
        self._live: Live | None = None

    def run(self) -> Outcome:
        """Play to the end; `KeyboardInterrupt` propagates after the stop is recorded."""
        reason = EndReason.FINISHED
        tick = min(0.1, max(0.002, 0.25 / self.speed))
        try:
            with self._maybe_live():
                self._handle(self.engine.start())
                while self.engine.running:
                    for key in self.keys.read():
                        if key is Key.QUIT:
                            reason = EndReason.QUIT
                        self._handle(self._apply(key))
                    self._handle(self.engine.tick())
                    self._take_confirmed()
                    self._refresh()
                    if self.engine.running:
                        self.sleep(tick)
                self._take_confirmed()
        except KeyboardInterrupt:
            self._handle(self.engine.stop())
            self._record_end(EndReason.INTERRUPTED)
            raise
        return self._record_end(reason)

    def _take_confirmed(self) -> None:
        confirm = self.confirm
        if confirm is None:
            return
        confirm.follow(self.engine.step.position)
        for rep in confirm.drain():
            self.seen.setdefault(rep.position, []).append(rep)
            if self._live is None:
                from backcoach.cli._session_camera import rep_line

                self.console.print(rep_line(rep), markup=False, highlight=False)

    def _screen(self) -> RenderableType:
        screen = _render.player_screen(
            self.engine, self.catalog, speed=self.speed, message=self.message
        )
        if self.confirm is None:
            return screen
        from backcoach.cli._session_camera import camera_line

        line = camera_line(self.seen.get(self.engine.step.position, []), self.confirm.person_seen)
        return Group(screen, Text(line, style="cyan"))

    def _record_end(self, reason: EndReason) -> Outcome:
        if self.engine.state is EngineState.FINISHED:
            status = SessionStatus.COMPLETED
        elif sum(r.reps_done for r in self.engine.results()) == 0:
            status = SessionStatus.ABANDONED
        else:
            status = SessionStatus.STOPPED
        for span in self.engine.timeline.exercises:
            self.recorder.save_exercise(span.position)
        self.recorder.finish(status, reason)
        return Outcome(status, reason)

    def _apply(self, key: Key) -> list[Event]:
        engine = self.engine
        if key is Key.PAUSE:
            return engine.toggle_pause()
        if key is Key.SKIP_STEP:
            return engine.skip_step()
        if key is Key.SKIP_EXERCISE:
            return engine.skip_exercise()
        if key is Key.QUIT:
            return engine.stop()
        return self._hurts()

    def _hurts(self) -> list[Event]:
        """Ask how much it hurts; above the limit, advise stopping the exercise and do so."""
        engine = self.engine
        was_running = engine.state is EngineState.RUNNING
        events = engine.pause() if was_running else []
        position = engine.step.position
        engine.mark_painful()
        score = self._ask_score("How much does it hurt right now, 0-10? ")
        if score is not None:
            self.recorder.pain(PainPhase.DURING, score, position)
            advice = advice_during_exercise(score)
            self.message = advice.message
            self._message_until = time.monotonic() + MESSAGE_SHOWN_S
            if advice.stop_exercise:
                if engine.state is EngineState.PAUSED:
                    events += engine.resume()
                events += engine.skip_exercise()
                self.speaker.say("Stop this exercise. Moving on.")
                return events
        self.recorder.save_exercise(position)
        if was_running and engine.state is EngineState.PAUSED:
            events += engine.resume()
        return events

    def _ask_score(self, question: str) -> int | None:
        live = self._live
        if live is not None:
            live.stop()
        try:
            with self.keys.suspended():
                for _ in range(3):
                    answer = self.ask(question).strip()
                    if not answer:
                        return None
                    try:
                        return check_pain_score(answer)
                    except ValueError as exc:
                        self.console.print(f"[yellow]{exc}[/yellow]")
                return None
        finally:
            if live is not None:
                live.start()

    def _handle(self, events: list[Event]) -> None:
        self.recorder.on_events(events)
        for event in events:
            if event.say:
                self.speaker.say(event.say)
            if event.kind is EventKind.STEP_STARTED and event.step is not None:
                if event.step.kind in (StepKind.HOLD, StepKind.RELEASE):
                    self.speaker.chime()
                if self._live is None:
                    self.console.print(_render.step_line(event.step, self.catalog, event.at_s))
            elif (
                event.kind is EventKind.EXERCISE_FINISHED
                and event.result is not None
                and event.step is not None
                and self._live is None
            ):
                name = self.catalog.get(event.step.exercise_id).name
                r = event.result
                note = " (skipped)" if r.skipped else ""
                self.console.print(f"  {name}: {r.reps_done}/{r.reps_planned} reps{note}")

    def _refresh(self) -> None:
        if self.message and time.monotonic() > self._message_until:
            self.message = None
        if self._live is not None:
            self._live.update(self._screen(), refresh=True)

    def _maybe_live(self) -> Live | _NoLive:
        if not self.live:
            return _NoLive()
        self._live = Live(
            self._screen(),
            console=self.console,
            screen=False,
            auto_refresh=False,
            transient=False,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        return self._live


class _NoLive:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None
