"""`backcoach session`: the guided routine, live in the terminal, recorded as it goes."""

from __future__ import annotations

import os
import signal
import sys
import time
from types import FrameType
from typing import TYPE_CHECKING, Annotated

import typer

from backcoach.cli._app import OneLineError, app

if TYPE_CHECKING:
    from rich.console import Console

    from backcoach.cli._keys import KeySource

EXIT_SCREEN_FAILED = 3
EXIT_INTERRUPTED = 130


# Typer reads these callbacks' annotations when it builds the app (for --help too): they must
# name nothing imported only inside functions.


def _pain_option(value: int | None) -> int | None:
    from backcoach.safety import check_pain_score

    return None if value is None else check_pain_score(value)


def _difficulty_option(value: int | None) -> int | None:
    """The rating given (a `DifficultyRating`), checked."""
    from backcoach.program import DifficultyRating

    return None if value is None else DifficultyRating.parse(value)


@app.command()
def session(
    speed: Annotated[
        float, typer.Option(min=0.01, max=10000, help="Run time N times faster (demos, tests).")
    ] = 1.0,
    voice: Annotated[
        bool | None, typer.Option("--voice/--no-voice", help="Speak cues with espeak-ng.")
    ] = None,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Ask nothing: run to the end without a terminal.")
    ] = False,
    pain_before: Annotated[
        int | None, typer.Option(help="Pain now, 0-10, before starting.", callback=_pain_option)
    ] = None,
    pain_after: Annotated[
        int | None, typer.Option(help="Pain now, 0-10, after the session.", callback=_pain_option)
    ] = None,
    difficulty: Annotated[
        int | None,
        typer.Option(
            help="How hard it was, 1 (too easy) to 5 (too hard); asked at the end otherwise.",
            callback=_difficulty_option,
        ),
    ] = None,
    camera: Annotated[
        str | None,
        typer.Option(
            "--camera",
            metavar="N|FILE",
            help="Let the motion coach watch: camera number (0 is the first) or a video file; "
            "it confirms reps and holds while the timer leads.",
        ),
    ] = None,
) -> None:
    """Start today's guided session: every hold and rest counted down, every rep recorded.

    The dosage is the program's: it steps up after good sessions and down when your back says
    so; what changed and why is shown before the start.
    """
    from backcoach.cli import _context, _program, _render, _session_camera
    from backcoach.cli._keys import NoKeys, TerminalKeys
    from backcoach.cli._player import Player, Recorder
    from backcoach.cli._screen import take_screen
    from backcoach.cli._voice import choose_speaker
    from backcoach.program import DifficultyRating
    from backcoach.routine import PainPhase, SessionEngine, SessionStatus, build_timeline
    from backcoach.safety import advice_after_session, advice_before_session

    settings = _context.settings()
    cat = _context.catalog()
    _context.routine(settings, cat)  # your own dosage in settings.toml is checked before anything
    rating = None if difficulty is None else DifficultyRating(difficulty)
    interactive = not yes and sys.stdin.isatty() and sys.stdout.isatty()
    if not interactive and pain_before is None:
        raise OneLineError("give --pain-before N (0-10) when running without a terminal")
    console = _render.make_console()
    err = _render.make_console(stderr=True)

    # The camera opens first: one that cannot fails before anything is recorded.
    with (
        _session_camera.opened(camera, speed=speed) as stream,
        _context.open_store(settings) as store,
    ):
        _context.recover(store, err)
        latest = store.latest_screening()
        if latest is None:
            outcome = take_screen(store, console, none_apply=False, interactive=interactive)
            passed = outcome.passed
        else:
            passed = latest.passed
            if not passed:
                from backcoach.safety import assess_screen

                console.print(f"[bold red]{assess_screen(latest.answers).advice}[/bold red]")
        if not passed:
            console.print(
                "No session today. Once a clinician has cleared you, retake the "
                "screen with: backcoach screen"
            )
            raise typer.Exit(EXIT_SCREEN_FAILED)

        before = (
            pain_before
            if pain_before is not None
            else _ask_pain(console, "How is your back right now? Pain 0-10: ")
        )
        caution = advice_before_session(before)
        if caution:
            console.print(f"[yellow]{caution}[/yellow]")

        decided, _ = _program.program_review(settings, cat, store, _context.now())
        store.add_dosage_changes(decided.to_store)
        changes = _render.program_changes(decided, cat)
        if changes is not None:
            console.print(changes)
        timeline = build_timeline(
            _context.routine(settings, cat, decided.dosage),
            cat,
            get_ready_s=settings.preferences.get_ready_s,
        )
        session_id = store.start_session(
            timeline.routine, timeline.total_s, _context.now(), os.getpid(), _context.host()
        )
        speed_clock = _speed_clock(speed)
        engine = SessionEngine(timeline, speed_clock)
        recorder = Recorder(store, session_id, engine, _context.now)
        recorder.planned()
        recorder.pain(PainPhase.BEFORE, before)
        speaker, note = choose_speaker(
            voice=settings.preferences.voice if voice is None else voice,
            voice_name=settings.preferences.voice_name,
            bell=settings.preferences.bell,
            interactive=interactive,
        )
        if note:
            err.print(note)
        console.print(
            f"Session {session_id}: {len(timeline.exercises)} exercises, "
            f"{_render.clock(timeline.total_s)} planned"
            + (f" (running ×{speed:g})" if speed != 1 else "")
            + ("" if stream is None else f", the camera watching {stream.info.name}")
        )
        confirm = None if stream is None else _session_camera.CameraConfirm(stream, timeline)

        keys: KeySource = TerminalKeys() if interactive else NoKeys()
        player = Player(
            engine,
            cat,
            recorder,
            console,
            keys,
            speaker,
            speed=speed,
            live=interactive and console.is_terminal,
            ask=console.input,
            confirm=confirm,
        )
        # Ctrl-C, a closed terminal and `kill` all stop the session the same recorded way; SIGINT
        # is set explicitly because a parent may have started us with it ignored.
        stopping = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
        previous = {sig: signal.signal(sig, _terminate) for sig in stopping}
        if confirm is not None:
            confirm.start()
        try:
            if isinstance(keys, TerminalKeys):
                with keys:
                    outcome_ = player.run()
            else:
                outcome_ = player.run()
        except KeyboardInterrupt:
            if pain_after is not None:
                recorder.pain(PainPhase.AFTER, pain_after)
            if rating is not None:
                store.set_difficulty(session_id, rating)
            err.print(f"Session {session_id} stopped; everything done so far is recorded.")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            speaker.close()
            if confirm is not None:
                confirm.close()

        after = (
            pain_after
            if pain_after is not None
            else (_ask_pain(console, "How is your back now? Pain 0-10: ") if interactive else None)
        )
        if after is not None:
            recorder.pain(PainPhase.AFTER, after)
            note_after = advice_after_session(before, after)
            if note_after:
                console.print(f"[yellow]{note_after}[/yellow]")
        if outcome_.status is not SessionStatus.ABANDONED:
            if rating is None and interactive:
                rating = _program.ask_difficulty(console)
            if rating is not None:
                store.set_difficulty(session_id, rating)
        record = store.get_session(session_id)
        console.print(_render.session_summary(record, cat))
        if confirm is not None:
            for line in _session_camera.summary_lines(timeline, player.seen, cat):
                console.print(line, markup=False, highlight=False)
            if confirm.error:
                console.print(f"camera: {confirm.error}", style="yellow", markup=False)
        if outcome_.status is SessionStatus.COMPLETED:
            console.print("[green]Session complete. Well done.[/green]")
        else:
            console.print(f"Session {outcome_.status.value}: what you did is recorded.")
        if outcome_.status is not SessionStatus.ABANDONED:
            console.print(_program.CHECKIN_HINT)
        from backcoach.cli._questionnaires import due_reminders

        for reminder in due_reminders(store):
            console.print(reminder)


def _speed_clock(speed: float) -> _SpeedClock:
    return _SpeedClock(speed)


class _SpeedClock:
    """Monotonic time running `speed` times faster than the wall clock."""

    def __init__(self, speed: float) -> None:
        self.speed = speed
        self.origin = time.monotonic()

    def __call__(self) -> float:
        return (time.monotonic() - self.origin) * self.speed


def _ask_pain(console: Console, question: str) -> int:
    from backcoach.safety import check_pain_score

    for _ in range(3):
        answer = console.input(question).strip()
        try:
            return check_pain_score(answer)
        except ValueError as exc:
            console.print(f"[yellow]{exc}[/yellow]")
    raise OneLineError("no valid pain score given (a whole number from 0 to 10)")


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt
