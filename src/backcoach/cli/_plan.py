"""`backcoach plan [--json]`: today's timeline and its total time, and what changed since last
time and why."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from backcoach.cli._app import app


@app.command()
def plan(
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON, every step included.")
    ] = False,
) -> None:
    """Show today's session: what changed since last time and why, each exercise's dosage and
    time, and the total."""
    from backcoach.cli import _context, _program
    from backcoach.program import change_to_dict
    from backcoach.routine import build_timeline

    settings = _context.settings()
    cat = _context.catalog()
    history = _program.history_if_any(settings)  # read-only: nothing recovered, nothing written
    decided, _ = _program.program_review(settings, cat, history, _context.now())
    timeline = build_timeline(
        _context.routine(settings, cat, decided.dosage),
        cat,
        get_ready_s=settings.preferences.get_ready_s,
    )
    if not as_json:
        from backcoach.cli import _render

        console = _render.make_console()
        changes = _render.program_changes(decided, cat)
        if changes is not None:
            console.print(changes)
        console.print(_render.plan_table(timeline, cat))
        return
    doc = {
        "total_s": timeline.total_s,
        "changes": [change_to_dict(c) for c in decided.changes],
        "decisions": [change_to_dict(d) for d in decided.decisions],
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
