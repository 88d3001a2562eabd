"""`backcoach analyze INPUT --exercise ID [--json] [--hold S] [--rest S] [--annotate OUT.mp4]
[--save]`.

INPUT is a pose track, or a video: a video goes through the camera pipeline in one streaming pass
(constant memory), optionally writing an annotated replay."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from backcoach.cli._app import app
from backcoach.errors import BackcoachError

if TYPE_CHECKING:
    from backcoach.motion import Analysis

VIDEO_SUFFIXES = frozenset({".mp4", ".mov", ".avi", ".mkv", ".webm", ".m4v", ".mpg", ".mpeg"})
CAMERA_HINT = "reading video needs the camera extra: pip install 'backcoach[camera]'"


class VideoUnavailableError(BackcoachError):
    """A video was given but the camera pipeline is not installed."""


@app.command()
def analyze(
    track: Annotated[
        Path,
        typer.Argument(
            metavar="INPUT",
            help="A pose track (.json or .json.gz), or a video if the camera extra is installed.",
        ),
    ],
    exercise: Annotated[
        str, typer.Option("--exercise", "-e", metavar="ID", help="Which exercise the set was.")
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the analysis as JSON (analysis format v1).")
    ] = False,
    hold: Annotated[
        float | None,
        typer.Option("--hold", min=0.0, metavar="S", help="Prescribed hold to check against."),
    ] = None,
    rest: Annotated[
        float | None,
        typer.Option("--rest", min=0.0, metavar="S", help="Prescribed rest to check against."),
    ] = None,
    annotate: Annotated[
        Path | None,
        typer.Option(
            "--annotate",
            metavar="OUT.mp4",
            help="For a video: write a replay with the skeleton, angle, reps, hold timer and cues.",
        ),
    ] = None,
    save: Annotated[
        bool,
        typer.Option(
            "--save", help="Keep the analysis in your record (History, the report, the web app)."
        ),
    ] = False,
) -> None:
    """Count the reps in a recorded set, time each hold and point out form faults."""
    import json

    from backcoach.catalog import load_catalog
    from backcoach.motion import analyze as run_analysis

    load_catalog().get(exercise)  # an unknown id fails before any file is read
    if track.suffix.lower() in VIDEO_SUFFIXES:
        result = _analyze_video(track, exercise, hold, rest, annotate)
    elif annotate is not None:
        raise BackcoachError("--annotate needs a video: a pose track has no pictures to draw on")
    else:
        from backcoach.trackfile import read_track

        result = run_analysis(read_track(track), exercise, hold_s=hold, rest_s=rest)
    if save:
        _save(result, track, video=track.suffix.lower() in VIDEO_SUFFIXES)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2))
        return
    from backcoach.cli._render_motion import print_analysis

    print_analysis(result)


def _save(result: Analysis, path: Path, *, video: bool) -> None:
    from backcoach.cli import _context

    with _context.open_store(_context.settings()) as store:
        stored = store.add_analysis(
            result.to_dict(),
            source="video" if video else "track",
            created_at=_context.now(),
            video_name=path.name,
        )
    typer.echo(f"Saved as analysis {stored.id}.", err=True)


def _analyze_video(
    path: Path, exercise: str, hold: float | None, rest: float | None, annotate: Path | None
) -> Analysis:
    try:
        # `import a.b` (not `from a import b`) consults sys.modules, so a missing adapter shows.
        import backcoach.camera as camera  # noqa: PLR0402
        from backcoach.cli._camera_run import analyze_video_cli
    except ImportError:  # a build without the camera adapter
        raise VideoUnavailableError(CAMERA_HINT) from None
    try:
        return analyze_video_cli(path, exercise, hold_s=hold, rest_s=rest, annotate=annotate)
    except camera.CameraUnavailableError:
        raise VideoUnavailableError(CAMERA_HINT) from None
