"""`backcoach exercises [ID] [--json]`."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from backcoach.cli._app import app


@app.command()
def exercises(
    exercise_id: Annotated[
        str | None, typer.Argument(metavar="ID", help="Show one exercise in full.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the seven exercises, or show one in full (set-up, steps, form, safety)."""
    from backcoach.cli import _context, _render

    cat = _context.catalog()
    console = _render.make_console()
    if exercise_id is None:
        if as_json:
            typer.echo(json.dumps([e.model_dump(mode="json") for e in cat], indent=2))
        else:
            console.print(_render.exercises_table(cat))
        return
    exercise = cat.get(exercise_id)
    if as_json:
        typer.echo(json.dumps(exercise.model_dump(mode="json"), indent=2))
    else:
        console.print(_render.exercise_detail(exercise))
