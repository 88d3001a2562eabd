"""`backcoach track` and `backcoach coach`: the camera commands. Their work (OpenCV, MediaPipe,
the live Rich view) lives in `_camera_run`, imported only when a command runs, so that
`backcoach --help` stays light."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from backcoach.cli._app import app


@app.command()
def track(
    video: Annotated[Path, typer.Argument(metavar="VIDEO", help="The recorded set (a video).")],
    output: Annotated[
        Path,
        typer.Option("--output", "-o", metavar="TRACK.json", help="Where to write the pose track."),
    ],
) -> None:
    """Find the body in each frame of a video and save it as a pose track (.json or .json.gz)."""
    from backcoach.cli._camera_run import run_track

    run_track(video=video, output=output)


@app.command()
def coach(
    exercise: Annotated[
        str, typer.Option("--exercise", "-e", metavar="ID", help="The exercise to coach.")
    ],
    camera: Annotated[
        str,
        typer.Option(
            "--camera",
            metavar="N",
            help="Camera number (0 is the first), or a video file to replay as if live.",
        ),
    ] = "0",
    reps: Annotated[
        int | None, typer.Option(min=1, max=50, help="Reps (per side) instead of your dosage.")
    ] = None,
    hold: Annotated[
        float | None, typer.Option(min=0.0, max=120, metavar="S", help="Hold to aim for.")
    ] = None,
    rest: Annotated[
        float | None, typer.Option(min=0.0, max=300, metavar="S", help="Rest between reps.")
    ] = None,
    voice: Annotated[
        bool | None, typer.Option("--voice/--no-voice", help="Speak cues with espeak-ng.")
    ] = None,
    pain_before: Annotated[
        int | None, typer.Option(min=0, max=10, help="Pain now, 0-10, to record with the set.")
    ] = None,
    pain_after: Annotated[
        int | None, typer.Option(min=0, max=10, help="Pain after the set, 0-10.")
    ] = None,
    speed: Annotated[
        float,
        typer.Option(
            min=0.1, max=100, help="Replay a video file N times faster than real time (demos)."
        ),
    ] = 1.0,
) -> None:
    """Coach one exercise live from a camera: reps counted, holds timed, form cues shown and
    spoken; the set is recorded like a guided session."""
    from backcoach.cli._camera_run import run_coach

    run_coach(
        exercise=exercise,
        camera=camera,
        reps=reps,
        hold=hold,
        rest=rest,
        voice=voice,
        pain_before=pain_before,
        pain_after=pain_after,
        speed=speed,
    )
