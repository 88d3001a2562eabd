"""`backcoach screen`: the red-flag screen, taken before the first session and retaken at will."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from backcoach.cli._app import OneLineError, app

if TYPE_CHECKING:
    from rich.console import Console

    from backcoach.safety import ScreenOutcome
    from backcoach.storage import Store

NONE_APPLY_HELP = "Answer no to every question: none of these warning signs apply to me."


def take_screen(
    store: Store, console: Console, *, none_apply: bool, interactive: bool
) -> ScreenOutcome:
    """Ask (or take `--none-apply` as the answers), store the answers and show the outcome."""
    from backcoach.cli import _context
    from backcoach.safety import QUESTIONS, assess_screen

    console.print(
        "[bold]Before you exercise: a few safety questions.[/bold] Answer for how you are now."
    )
    answers: dict[str, bool] = {}
    for n, question in enumerate(QUESTIONS, start=1):
        if none_apply:
            console.print(f"  {n}. {question.text} [dim]no[/dim]")
            answers[question.flag.value] = False
        elif interactive:
            answers[question.flag.value] = typer.confirm(f"  {n}. {question.text}", default=None)
        else:
            raise OneLineError(
                "the safety screen needs answers: run `backcoach screen` in a "
                "terminal, or `backcoach screen --none-apply` if none of the "
                "warning signs apply to you"
            )
    outcome = assess_screen(answers)
    store.save_screening(_context.now(), answers, outcome.passed)
    style = "green" if outcome.passed else ("bold red" if outcome.urgent else "bold yellow")
    console.print(f"[{style}]{outcome.advice}[/{style}]")
    return outcome


@app.command()
def screen(
    none_apply: Annotated[bool, typer.Option("--none-apply", help=NONE_APPLY_HELP)] = False,
) -> None:
    """Take (or retake) the safety screen for warning signs that need a clinician first."""
    from backcoach.cli import _context, _render

    settings = _context.settings()
    console = _render.make_console()
    with _context.open_store(settings) as store:
        take_screen(store, console, none_apply=none_apply, interactive=_interactive())


def _interactive() -> bool:
    import sys

    return sys.stdin.isatty()
