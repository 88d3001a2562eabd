"""`backcoach track VIDEO -o TRACK.json` and `backcoach coach --exercise ID [--camera N]`.

Also the video side of `backcoach analyze` (`analyze_video_cli`: the streaming pass with a
progress bar). The camera package does the work; this module adds the terminal: Rich progress,
the live coaching panel, spoken cues, and the session record.
"""

from __future__ import annotations

import math
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

import typer
from rich.console import Console, Group, RenderableType
from rich.live import Live
from rich.panel import Panel
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from backcoach.cli import _context, _render
from backcoach.cli._app import OneLineError

if TYPE_CHECKING:
    from backcoach.camera import Board, LandmarkStream, Source
    from backcoach.catalog import Catalog
    from backcoach.cli._voice import Speaker
    from backcoach.motion import Analysis, Event, Prescription, Rep
    from backcoach.routine import RoutineItem
    from backcoach.storage import Store

EXIT_SCREEN_FAILED = 3
EXIT_INTERRUPTED = 130
PROGRESS_MIN_FRAMES = 150
"""Videos shorter than this (in frames) finish too fast to need a progress bar."""
LIVE_REFRESH_S = 0.1


# -- progress ---------------------------------------------------------------------------------


class _RateColumn(ProgressColumn):
    """Frames per second, from Rich's own speed estimate."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("" if speed is None else f"{speed:5.1f} fps", style="cyan")


@contextmanager
def video_progress(
    console: Console,
    what: str,
    *,
    force: bool = False,
    get_time: Callable[[], float] | None = None,
) -> Iterator[Callable[[int, int | None], None]]:
    """A progress callback (frames done, frames in all) drawing a Rich bar with frames per
    second and time left on `console`, when it is a terminal and the video is long.
    `get_time` replaces the clock (tests)."""
    if not (console.is_terminal or force):
        yield lambda done, total: None
        return
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        _RateColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        get_time=get_time,
    )
    task_id = None
    started = False

    def update(done: int, total: int | None) -> None:
        nonlocal task_id, started
        if task_id is None:
            if not force and total is not None and total < PROGRESS_MIN_FRAMES:
                task_id = -1
                return
            progress.start()
            started = True
            task_id = progress.add_task(what, total=total)
        if task_id >= 0 and (done % 5 == 0 or done == total):
            progress.update(task_id, completed=done)

    try:
        yield update
    finally:
        if started:
            progress.stop()


def _err() -> Console:
    return _render.make_console(stderr=True)


def _warn(console: Console, warnings: list[str] | tuple[str, ...]) -> None:
    for w in warnings:
        console.print(f"warning: {w}", style="yellow", markup=False)


# -- backcoach analyze VIDEO (the hook for cli/_analyze.py) -----------------------------------


def analyze_video_cli(
    path: Path,
    exercise: str,
    *,
    hold_s: float | None = None,
    rest_s: float | None = None,
    annotate: Path | None = None,
) -> Analysis:
    """Video -> analysis in one streaming pass, with a progress bar on stderr for long videos.

    `annotate` writes the annotated replay there. Errors are one-line `BackcoachError`s.
    """
    from backcoach.camera import analyze_video

    err = _err()
    with video_progress(err, f"Analysing {path.name}") as progress:
        result = analyze_video(
            path, exercise, hold_s=hold_s, rest_s=rest_s, annotate=annotate, progress=progress
        )
    if annotate is not None:
        err.print(f"Annotated replay written to {annotate}", markup=False)
    return result


# -- backcoach track --------------------------------------------------------------------------


def run_track(video: Path, output: Path) -> None:
    """Find the body in each frame of a video and save it as a pose track (.json or .json.gz)."""
    from backcoach.camera import track_from_video
    from backcoach.trackfile import write_track

    name = output.name.lower()
    if not (name.endswith(".json") or name.endswith(".json.gz")):
        raise OneLineError(f"{output}: the track file must end in .json or .json.gz")
    if not output.parent.is_dir():
        raise OneLineError(f"{output.parent}: no such folder")
    err = _err()
    with video_progress(err, f"Tracking {video.name}") as progress:
        pose_track = track_from_video(video, progress=progress)
    write_track(pose_track, output)
    warnings = list(pose_track.source.get("warnings", []))
    seen = int(pose_track.has_pose.sum())
    if seen == 0:
        warnings.append("no person found in the video: the track has no landmarks")
    _warn(err, warnings)
    err.print(
        f"{output}: {pose_track.n_frames} frames, a person in {seen} "
        f"({pose_track.duration_s:.1f} s at {pose_track.fps:g} fps)",
        markup=False,
    )


# -- backcoach coach --------------------------------------------------------------------------


@dataclass
class _Latency:
    """Frame-to-cue delays in seconds (capture to screen and voice)."""

    values: list[float] = field(default_factory=list)

    def add(self, seconds: float) -> None:
        if len(self.values) < 100_000:
            self.values.append(seconds)

    def percentile(self, q: float) -> float:
        if not self.values:
            return math.nan
        ordered = sorted(self.values)
        return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))]


def _open_source(camera: str) -> Source:
    from backcoach.camera import open_camera, open_video

    if camera.strip().isdigit():
        return open_camera(int(camera))
    return open_video(camera)


def _coach_view(board: Board, latency: _Latency, fps: float, words: Callable[[str], str]) -> Panel:
    lines: list[RenderableType] = [
        Text(board.rep_text(), style="bold"),
        Text(board.hold_text(), style="green" if board.phase == "holding" else ""),
    ]
    if board.angle is not None:
        lines.append(Text(f"{board.signal_label} angle {board.angle:.0f}°"))
    if not board.person:
        lines.append(Text("I can't see you: step into the camera's view", style="yellow"))
    for m in board.current_messages()[:3]:
        style = {"cue": "bold cyan", "fault": "yellow", "warning": "yellow"}[m.kind]
        lines.append(Text(m.text, style=style))
    p95 = latency.percentile(95)
    foot = f"{fps:4.1f} fps" + ("" if math.isnan(p95) else f", cue delay {p95 * 1000:.0f} ms")
    lines.append(Text(foot, style="dim"))
    title = board.spec.exercise.value.replace("_", " ").capitalize()
    return Panel(Group(*lines), title=title, expand=False, width=60)


class _Coach:
    """Runs the frames of a stream through the analyzer, shows and says what it reports, and
    records the set as one exercise of a session."""

    def __init__(
        self,
        *,
        item: RoutineItem,
        prescribed: Prescription,
        stream: LandmarkStream,
        store: Store,
        session_id: int,
        console: Console,
        live: bool,
        speaker: Speaker,
    ) -> None:
        from backcoach.camera import Board
        from backcoach.motion import StreamingAnalyzer, fault_words, spec_for

        self.item = item
        self.spec = spec_for(item.exercise_id)
        self.prescribed = prescribed
        self.stream = stream
        self.store = store
        self.session_id = session_id
        self.console = console
        self.live = live
        self.speaker = speaker
        self.words = fault_words
        self.analyzer = StreamingAnalyzer(
            self.spec.exercise,
            prescribed,
            width=stream.width,
            height=stream.height,
            fps=stream.fps,
        )
        self.board = Board(self.spec, prescribed, stream.width, stream.height, words=fault_words)
        self.latency = _Latency()
        self.reps: list[Rep] = []
        self.sides = 2 if self.spec.unilateral else 1
        self.planned = item.reps * self.sides
        self._beat = 0.0
        self._fps = 0.0
        self._last_frame = 0.0

    @property
    def complete(self) -> bool:
        if self.spec.unilateral:
            return all(
                sum(1 for r in self.reps if r.side == s) >= self.item.reps
                for s in ("left", "right")
            )
        return len(self.reps) >= self.item.reps

    def run(self) -> None:
        if self.live:
            with Live(
                _coach_view(self.board, self.latency, 0.0, self.words),
                console=self.console,
                auto_refresh=False,
                transient=False,
            ) as live:
                self._loop(lambda: live.update(self._view(), refresh=True))
        else:
            self._loop(None)

    def _view(self) -> Panel:
        return _coach_view(self.board, self.latency, self._fps, self.words)

    def _loop(self, refresh: Callable[[], None] | None) -> None:
        shown = 0.0
        for frame in self.stream:
            events = self.analyzer.push(frame.t, frame.points)
            self.board.update(frame.t, frame.points, events, self.analyzer.side)
            self._react(events, frame.t)
            now = time.monotonic()
            if refresh is not None and (events or now - shown >= LIVE_REFRESH_S):
                refresh()
                shown = now
            if events:
                self.latency.add(time.monotonic() - frame.captured)
            self._tick(now)
            if self.complete:
                break

    def _tick(self, now: float) -> None:
        if self._last_frame:
            dt = now - self._last_frame
            if dt > 0:
                self._fps = 0.9 * self._fps + 0.1 / dt if self._fps else 1.0 / dt
        self._last_frame = now
        if now - self._beat >= 10.0:
            self._beat = now
            self.store.heartbeat(self.session_id, _context.now())

    def _react(self, events: list[Event], t: float) -> None:
        from backcoach.motion import Cue, HoldCountdown, RepDone, TargetReached, Warning

        for e in events:
            if isinstance(e, Cue):
                self.speaker.say(e.text)
            if isinstance(e, TargetReached) or (
                isinstance(e, HoldCountdown) and e.seconds_left == 0
            ):
                self.speaker.chime()
            if isinstance(e, RepDone):
                self.reps.append(e.rep)
                self.save()
            if not self.live and isinstance(e, Cue | Warning | RepDone):
                self.console.print(self._line(e, t), markup=False, highlight=False)

    def _line(self, e: Event, t: float) -> str:
        from backcoach.motion import Cue, RepDone

        stamp = f"{_render.clock(t)}  "
        if isinstance(e, RepDone):
            rep = e.rep
            side = f" {rep.side}" if rep.side else ""
            faults = "; ".join(self.words(f) for f in rep.faults) or "good form"
            return f"{stamp}rep {rep.index}{side}: held {rep.hold_s:.1f} s, {faults}"
        if isinstance(e, Cue):
            return f"{stamp}{e.text}"
        return f"{stamp}! {getattr(e, 'text', '')}"

    def save(self) -> None:
        from backcoach.routine import ExerciseResult

        self.store.save_result(
            self.session_id,
            ExerciseResult(
                exercise_id=self.item.exercise_id,
                position=0,
                reps_planned=self.planned,
                reps_done=len(self.reps),
                hold_planned_s=self.item.hold_s,
                holds_s=tuple(round(r.hold_s, 2) for r in self.reps),
            ),
        )


def _item(exercise: str, reps: int | None, hold: float | None, rest: float | None) -> RoutineItem:
    from backcoach.routine import item_for

    settings = _context.settings()
    cat: Catalog = _context.catalog()
    ex = cat.get(exercise)
    base = next(i for i in _context.routine(settings, cat).items if i.exercise_id == ex.id)
    return item_for(
        ex,
        reps=base.reps if reps is None else reps,
        hold_s=base.hold_s if hold is None else hold,
        rest_s=base.rest_s if rest is None else rest,
        allow_outside_range=True,  # only what the user typed can be outside: they asked for it
    )


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def run_coach(
    exercise: str,
    camera: str,
    reps: int | None,
    hold: float | None,
    rest: float | None,
    voice: bool | None,
    pain_before: int | None,
    pain_after: int | None,
    speed: float,
) -> None:
    """Coach one exercise live from a camera: reps counted, holds timed, form cues shown and
    spoken; the set is recorded like a guided session."""
    from backcoach.camera import LandmarkStream
    from backcoach.motion import Prescription
    from backcoach.routine import (
        EndReason,
        PainPhase,
        PainScore,
        Routine,
        SessionStatus,
        build_timeline,
    )
    from backcoach.safety import advice_before_session

    item = _item(exercise, reps, hold, rest)
    settings = _context.settings()
    console = _render.make_console()
    err = _err()
    source = _open_source(camera)
    is_camera = source.info.live
    # A file replays at its own pace, like a camera: frames the model cannot keep up with are
    # dropped, just as they would be live.
    stream = LandmarkStream(
        source,
        workers=1,
        latest_only=True,
        people_check_s=0.0,
        pace=None if is_camera else speed,
    )
    try:
        with _context.open_store(settings) as store:
            _context.recover(store, err)
            latest = store.latest_screening()
            if latest is None:
                raise OneLineError("take the safety screen first: backcoach screen")
            if not latest.passed:
                console.print(
                    "The last safety screen advised against exercising without a clinician; "
                    "retake it with: backcoach screen",
                    markup=False,
                )
                raise typer.Exit(EXIT_SCREEN_FAILED)
            if pain_before is not None:
                caution = advice_before_session(pain_before)
                if caution:
                    console.print(caution, style="yellow", markup=False)
            routine = Routine((item,))
            planned_s = build_timeline(routine, _context.catalog(), get_ready_s=0.0).total_s
            session_id = store.start_session(
                routine, planned_s, _context.now(), os.getpid(), _context.host()
            )
            if pain_before is not None:
                store.add_pain(
                    session_id,
                    PainScore(PainPhase.BEFORE, pain_before, _context.now(), item.exercise_id),
                )
            from backcoach.cli._voice import choose_speaker

            interactive = sys.stdout.isatty()
            speaker, note = choose_speaker(
                voice=settings.preferences.voice if voice is None else voice,
                voice_name=settings.preferences.voice_name,
                bell=settings.preferences.bell,
                interactive=interactive,
            )
            if note:
                err.print(note, markup=False)
            prescribed = Prescription(hold_s=item.hold_s, rest_s=item.rest_s, reps=item.reps)
            coach_ = _Coach(
                item=item,
                prescribed=prescribed,
                stream=stream,
                store=store,
                session_id=session_id,
                console=console,
                live=interactive and console.is_terminal,
                speaker=speaker,
            )
            where = source.info.name
            console.print(
                f"Session {session_id}: {item.exercise_id.value.replace('_', ' ')}, "
                f"{item.reps} reps{' per side' if coach_.sides == 2 else ''}, "
                f"hold {item.hold_s:g} s - watching {where} (Ctrl-C to stop)",
                markup=False,
            )
            coach_.save()
            previous = {s: signal.signal(s, _terminate) for s in (signal.SIGTERM, signal.SIGHUP)}
            reason = EndReason.FINISHED
            try:
                coach_.run()
            except KeyboardInterrupt:
                reason = EndReason.INTERRUPTED
            finally:
                for s, handler in previous.items():
                    signal.signal(s, handler)
                speaker.close()
                stream.close()
            analysis = coach_.analyzer.finish()
            coach_.save()
            if pain_after is not None:
                store.add_pain(
                    session_id,
                    PainScore(PainPhase.AFTER, pain_after, _context.now(), item.exercise_id),
                )
            if coach_.complete:
                status = SessionStatus.COMPLETED
            elif coach_.reps:
                status = SessionStatus.STOPPED
                reason = EndReason.QUIT if reason is EndReason.FINISHED else reason
            else:
                status = SessionStatus.ABANDONED
                reason = EndReason.QUIT if reason is EndReason.FINISHED else reason
            store.finish_session(session_id, status, reason, _context.now())
            store.add_analysis(
                analysis.to_dict(), source="live", created_at=_context.now(), session_id=session_id
            )
    finally:
        stream.close()
    from backcoach.cli._render_motion import print_analysis

    print_analysis(analysis, console)
    p95 = coach_.latency.percentile(95)
    if not math.isnan(p95):
        err.print(
            f"cue delay: median {coach_.latency.percentile(50) * 1000:.0f} ms, "
            f"95th percentile {p95 * 1000:.0f} ms",
            markup=False,
            style="dim",
        )
    console.print(f"Session {session_id} recorded as {status.value}.", markup=False)
    if reason is EndReason.INTERRUPTED:
        raise typer.Exit(EXIT_INTERRUPTED)
