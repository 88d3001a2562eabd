"""`backcoach checkin` and `backcoach dosage`, and the progression helpers `plan` and `session`
share: the program's review of the stored history, and the exercises the user set themselves."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from backcoach.cli._app import OneLineError, app
from backcoach.services import (
    history_if_any,
    latest_finished,
    overridden,
    program_review,
    store_if_any,
)

__all__ = [
    "CHECKIN_HINT",
    "CHECKIN_QUESTION",
    "ask",
    "ask_difficulty",
    "checkin",
    "dosage",
    "history_if_any",
    "interactive",
    "latest_finished",
    "overridden",
    "program_review",
    "store_if_any",
]

if TYPE_CHECKING:
    from rich.console import Console

    from backcoach.program import DifficultyRating

CHECKIN_QUESTION = "How is your back this morning? Pain 0-10: "
CHECKIN_HINT = "Tomorrow morning, tell backcoach how your back is: backcoach checkin"

T = TypeVar("T")


# -- shared with plan and session ---------------------------------------------------------------


def interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def ask(console: Console, question: str, parse: Callable[[str], T], *, required: bool) -> T | None:
    """Ask up to three times; an empty answer is None unless `required`."""
    for _ in range(3):
        answer = console.input(question).strip()
        if not answer and not required:
            return None
        try:
            return parse(answer)
        except ValueError as exc:
            console.print(f"[yellow]{exc}[/yellow]")
    if required:
        raise OneLineError("no valid answer given")
    return None


def ask_difficulty(console: Console) -> DifficultyRating | None:
    """Ask how hard the session was (1-5); an empty answer skips the question."""
    from backcoach.program import RATING_QUESTION, DifficultyRating

    return ask(console, RATING_QUESTION, DifficultyRating.parse, required=False)


# -- commands -----------------------------------------------------------------------------------


def _pain_option(value: int | None) -> int | None:
    from backcoach.safety import check_pain_score

    return None if value is None else check_pain_score(value)


@app.command()
def checkin(
    pain: Annotated[
        int | None,
        typer.Option(help="Pain now, 0-10 (asked when not given).", callback=_pain_option),
    ] = None,
    note: Annotated[str | None, typer.Option(help="A few words to keep with it.")] = None,
) -> None:
    """Say how your back is this morning: it tells backcoach whether the last session settled."""
    from backcoach.cli import _context, _render
    from backcoach.program import CheckIn
    from backcoach.safety import check_pain_score

    if pain is None and not interactive():
        raise OneLineError("give --pain N (0-10) when running without a terminal")
    settings = _context.settings()
    cat = _context.catalog()
    console = _render.make_console()
    with _context.open_store(settings) as store:
        _context.recover(store, _render.make_console(stderr=True))
        score = pain
        if score is None:
            score = ask(console, CHECKIN_QUESTION, check_pain_score, required=True)
            assert score is not None
        latest = latest_finished(store.sessions())
        saved = store.add_checkin(
            CheckIn(
                at=_context.now(),
                pain=score,
                session_id=None if latest is None else latest.id,
                note=note.strip() if note and note.strip() else None,
            )
        )
        decided, _ = program_review(settings, cat, store, _context.now())
    console.print(_render.checkin_line(saved, latest))
    if latest is not None:
        block = _render.program_changes(decided, cat, title="Next session")
        if block is not None:
            console.print(block)


@app.command()
def dosage(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show each exercise's dosage now, every change the program made, and why."""
    from backcoach.cli import _context, _render
    from backcoach.program import at_top, change_to_dict

    settings = _context.settings()
    cat = _context.catalog()
    decided, log = program_review(settings, cat, history_if_any(settings), _context.now())
    current = {d.exercise_id: d.old for d in decided.decisions}
    routine = _context.routine(settings, cat, current)
    own = overridden(settings)
    if not as_json:
        _render.make_console().print(_render.dosage_view(cat, routine, decided, log, own))
        return
    items = {item.exercise_id: item for item in routine.items}
    doc = {
        "exercises": [
            {
                "id": ex.id.value,
                "name": ex.name,
                "reps": items[ex.id].reps,
                "hold_s": items[ex.id].hold_s,
                "rest_s": items[ex.id].rest_s,
                "set_by": "settings" if ex.id in own else "program",
                "range": {
                    "reps": [ex.reps.min, ex.reps.max],
                    "hold_s": [ex.hold_s.min, ex.hold_s.max],
                },
                "at_top": at_top(ex, current[ex.id]),
                "next": change_to_dict(decided.decision(ex.id)),
                "changes": [change_to_dict(c) for c in log if c.exercise_id == ex.id],
            }
            for ex in cat
        ],
    }
    typer.echo(json.dumps(doc, indent=2))
