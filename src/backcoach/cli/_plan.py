"""`backcoach plan [--json]`: today's timeline and its total time."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from backcoach.cli import _context, _render
from backcoach.cli._app import app
from backcoach.routine import build_timeline


@app.command()
def plan(
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON, every step included.")
    ] = False,
) -> None:
    """Show today's session: each exercise's dosage and time, and the total."""
    settings = _context.settings()
    cat = _context.catalog()
    timeline = build_timeline(
        _context.routine(settings, cat), cat, get_ready_s=settings.preferences.get_ready_s
    )
    if not as_json:
        _render.make_console().print(_render.plan_table(timeline, cat))
        return
    doc = {
        "total_s": timeline.total_s,
        "exercises": [
            {
                "id": span.exercise_id.value,
                "name": span.name,
                "position": span.position,
                "reps": span.item.reps,
                "reps_total": span.reps_total,
                "hold_s": span.item.hold_s,
                "rest_s": span.item.rest_s,
                "sides": cat.get(span.exercise_id).sides.value,
                "start_s": span.start_s,
                "duration_s": span.duration_s,
            }
            for span in timeline.exercises
        ],
        "steps": [
            {
                "index": s.index,
                "kind": s.kind.value,
                "exercise_id": s.exercise_id.value,
                "rep": s.rep,
                "side": s.side.value if s.side else None,
                "start_s": s.start_s,
                "duration_s": s.duration_s,
                "text": s.text,
            }
            for s in timeline.steps
        ],
    }
    typer.echo(json.dumps(doc, indent=2))
