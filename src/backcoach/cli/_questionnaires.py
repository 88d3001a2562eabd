"""`backcoach questionnaire odi|rmdq` and `backcoach outcomes`: outcome questionnaires.

The items are backcoach's own wording of the Oswestry Disability Index and the Roland-Morris
Disability Questionnaire (items paraphrased; not the licensed instrument wording); every view
ends with that note.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from backcoach.cli._app import OneLineError, app
from backcoach.outcomes import (
    PARAPHRASE_NOTE,
    AnswerError,
    Answers,
    Change,
    Due,
    Instrument,
    InstrumentId,
    Question,
    QuestionnaireResponse,
    compare,
    due,
    instrument,
    pain_change,
    respond,
    response_to_dict,
)

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text

    from backcoach.storage import Store

ANSWERS_HELP = (
    "Answer without prompts: one value per item, comma-separated. ODI: 0-5 per section (the "
    "number of the statement that fits), '-' to skip a section (two at most). RMDQ: 1 or y for "
    "yes, 0 or n for no, for each of the 24 statements."
)
_YES = {"1", "y", "yes"}
_NO = {"0", "n", "no"}
_SKIP = {"-", ""}


@app.command()
def questionnaire(
    which: Annotated[
        InstrumentId,
        typer.Argument(
            metavar="QUESTIONNAIRE",
            help="odi (Oswestry Disability Index) or rmdq (Roland-Morris).",
        ),
    ],
    answers: Annotated[
        str | None, typer.Option("--answers", metavar="A,B,...", help=ANSWERS_HELP)
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Fill in an outcome questionnaire: at the start, then every 2 to 4 weeks."""
    from backcoach.cli import _context, _render

    form = instrument(which)
    console = _render.make_console()
    given = parse_answers(form, answers) if answers is not None else None
    settings = _context.settings()
    with _context.open_store(settings) as store:
        if given is None:
            given = ask(form, console)
        try:
            response = respond(form, given, _context.now())
        except AnswerError as exc:
            raise OneLineError(f"{exc} (see --help for the form of --answers)") from exc
        previous = store.questionnaires(form.id)
        response = store.add_questionnaire(response)
    change = compare(previous[-1], response) if previous else None
    next_due = due(_local_day(response), _today(), form)
    if as_json:
        doc = {
            "response": response_to_dict(response),
            "change": None if change is None else _change_dict(change),
            "next_due": _due_dict(next_due),
            "note": PARAPHRASE_NOTE,
        }
        typer.echo(json.dumps(doc, indent=2))
        return
    console.print(result_view(form, response, change, next_due))


@app.command()
def outcomes(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show questionnaire scores over time, the changes that matter, and what is due."""
    from backcoach.cli import _context, _render
    from backcoach.routine import PainPhase

    settings = _context.settings()
    with _context.open_store(settings) as store:
        _context.recover(store, _render.make_console(stderr=True))
        responses = store.questionnaires()
        sessions = store.sessions()
    pain_scores = [p for s in sessions if (p := s.pain_at(PainPhase.BEFORE)) is not None]
    pain = pain_change(pain_scores)
    dues = due_list(responses, _today())
    changes = _changes(responses)
    if as_json:
        doc = {
            "questionnaires": [response_to_dict(r) for r in responses],
            "changes": [{"from_id": a.id, "to_id": b.id, **_change_dict(c)} for a, b, c in changes],
            "pain": None if pain is None else _change_dict(pain),
            "due": [_due_dict(d) for d in dues],
            "note": PARAPHRASE_NOTE,
        }
        typer.echo(json.dumps(doc, indent=2))
        return
    _render.make_console().print(outcomes_view(responses, changes, pain, dues))


def due_list(responses: Sequence[QuestionnaireResponse], today: date) -> list[Due]:
    """Whether each questionnaire is due `today`, from the responses stored so far."""
    last: dict[InstrumentId, date] = {}
    for response in responses:
        day = _local_day(response)
        last[response.instrument] = max(day, last.get(response.instrument, day))
    return [due(last.get(which), today, which) for which in InstrumentId]


def due_reminders(store: Store) -> list[str]:
    """One sentence per questionnaire to offer today (none taken yet, or due, or overdue).

    For other commands (a session's start or end) that want to offer the questionnaires.
    """
    return [d.sentence for d in due_list(store.questionnaires(), _today()) if d.offer]


def write_fhir(output: Path | None) -> None:
    """`backcoach export --format fhir`: pain and questionnaires as a FHIR R4 bundle (JSON).

    Written to `output`, or to stdout without one.
    """
    from backcoach.cli import _context, _render
    from backcoach.exchange.fhir import fhir_bundle

    settings = _context.settings()
    with _context.open_store(settings) as store:
        _context.recover(store, _render.make_console(stderr=True))
        doc = fhir_bundle(store, generated_at=_context.now())
    text = json.dumps(doc, indent=2)
    if output is None:
        typer.echo(text)
        return
    output.write_text(text + "\n", "utf-8")
    kinds = [entry["resource"]["resourceType"] for entry in doc["entry"]]
    observations = _count(kinds.count("Observation"), "observation")
    responses = _count(kinds.count("QuestionnaireResponse"), "questionnaire response")
    typer.echo(f"Exported {observations} and {responses} as a FHIR R4 bundle to {output}", err=True)


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


# -- answers ------------------------------------------------------------------------------------


def parse_answers(form: Instrument, text: str) -> Answers:
    """The values of `--answers`, checked one by one (counts and skips are checked on scoring)."""
    values = [part.strip().lower() for part in text.split(",")]
    parsed: list[int | None] = []
    for number, (value, question) in enumerate(zip(values, form.questions, strict=False), 1):
        try:
            parsed.append(_parse_one(form, question, value))
        except ValueError as exc:
            raise OneLineError(f"--answers: item {number} of the {form.short_name}: {exc}") from exc
    if len(values) != len(form.questions):
        what = "sections" if form.id is InstrumentId.ODI else "statements"
        raise OneLineError(
            f"--answers: the {form.short_name} has {len(form.questions)} {what}, "
            f"got {len(values)} values"
        )
    return tuple(parsed)


def _parse_one(form: Instrument, question: Question, value: str) -> int | None:
    if form.id is InstrumentId.RMDQ:
        if value in _YES:
            return 1
        if value in _NO:
            return 0
        raise ValueError(f"'{value}' is not an answer: use 1 or y for yes, 0 or n for no")
    if value in _SKIP:
        return None
    if not value.isdigit() or int(value) > question.max_points:
        raise ValueError(
            f"'{value}' is not an answer: use 0 to {question.max_points}, or - to skip"
        )
    return int(value)


def ask(form: Instrument, console: Console) -> Answers:
    """Ask every item in the terminal; nothing is kept if the questions are left before the end."""
    from rich.text import Text

    console.print(Text(form.name, style="bold"))
    console.print(form.intro)
    answers: list[int | None] = []
    try:
        for number, question in enumerate(form.questions, start=1):
            console.print()
            if form.id is InstrumentId.ODI:
                skipped = answers.count(None)
                answers.append(_ask_section(form, number, question, console, skipped))
            else:
                answers.append(_ask_statement(form, number, question, console))
    except typer.Abort:
        raise OneLineError(
            "the questionnaire was left before the end: nothing was saved "
            "(to answer without prompts, use --answers)"
        ) from None
    return tuple(answers)


def _ask_section(
    form: Instrument, number: int, question: Question, console: Console, skipped: int
) -> int | None:
    from rich.table import Table
    from rich.text import Text

    console.print(
        Text.assemble(
            (f"{form.short_name} {number} of {len(form.questions)}: ", "bold"),
            (question.topic, "bold"),
        )
    )
    options = Table.grid(padding=(0, 2))
    options.add_column(justify="right")
    options.add_column()
    for points, option in enumerate(question.options):
        options.add_row(f"  {points}", option)
    console.print(options)
    can_skip = skipped < form.max_unanswered
    hint = f"0-{question.max_points}" + (", or - to skip" if can_skip else "")
    while True:
        value = str(typer.prompt(f"{question.prompt} ({hint})", default="", show_default=False))
        value = value.strip().lower()
        if not value:
            continue  # a stray Enter is not taken as a skip: that takes a '-'
        if value in _SKIP and not can_skip:
            console.print(
                f"  Already {skipped} sections skipped, the most the score allows: "
                "please pick the closest statement."
            )
            continue
        try:
            return _parse_one(form, question, value)
        except ValueError as exc:
            console.print(f"  {str(exc).capitalize()}.")


def _ask_statement(form: Instrument, number: int, question: Question, console: Console) -> int:
    from rich.text import Text

    console.print(
        Text.assemble(
            (f"{form.short_name} {number} of {len(form.questions)}. ", "bold"),
            f"{question.topic}: ",
            (question.prompt, "bold"),
        )
    )
    while True:
        value = str(typer.prompt("Does this describe you today? (y/n)")).strip().lower()
        try:
            answer = _parse_one(form, question, value)
        except ValueError as exc:
            console.print(f"  {str(exc).capitalize()}.")
            continue
        if answer is not None:
            return answer


# -- views --------------------------------------------------------------------------------------


def result_view(
    form: Instrument, response: QuestionnaireResponse, change: Change | None, next_due: Due
) -> RenderableType:
    """What a person sees after filling in a questionnaire."""
    from rich.console import Group
    from rich.text import Text

    head = Text.assemble((f"{form.short_name}: ", "bold"), (response.score_text, "bold"))
    if response.band is not None:
        head.append(f", {response.band.label}", style="bold")
    head.append(f" ({_scale(form.id)})")
    lines: list[RenderableType] = [Text(""), head]
    if response.band is not None:
        lines.append(Text(response.band.meaning))
    elif form.id is InstrumentId.RMDQ:
        lines.append(Text(f"{response.score:g} of the 24 statements describe you today."))
    if response.answered < len(form.questions):
        skipped = len(form.questions) - response.answered
        lines.append(
            Text(f"Scored over the {response.answered} sections answered ({skipped} skipped).")
        )
    if change is not None:
        lines.append(_change_text(change))
    else:
        lines.append(Text("Your first score: later ones will be compared with it.", style="dim"))
    lines += [Text(next_due.sentence, style="dim"), Text(""), _footer()]
    return Group(*lines)


def outcomes_view(
    responses: Sequence[QuestionnaireResponse],
    changes: Sequence[tuple[QuestionnaireResponse, QuestionnaireResponse, Change]],
    pain: Change | None,
    dues: Sequence[Due],
) -> RenderableType:
    """Scores over time, each with its change from the one before; pain; what is due."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    parts: list[RenderableType] = []
    if not responses:
        parts.append(Text("No questionnaires yet."))
    by_to = {b.id: c for _, b, c in changes}
    for which in InstrumentId:
        mine = [r for r in responses if r.instrument is which]
        if not mine:
            continue
        form = instrument(which)
        table = Table(title=f"{form.name} ({_scale(which)})", title_justify="left")
        table.add_column("date", no_wrap=True)
        table.add_column("score", justify="right")
        table.add_column("band")
        table.add_column("change", no_wrap=True)
        for r in mine:
            change = by_to.get(r.id)
            table.add_row(
                r.taken_at.astimezone().strftime("%d %b %Y"),
                r.score_text,
                "-" if r.band is None else r.band.label,
                _change_cell(change),
            )
        parts.append(table)
        important = [c for a, b, c in changes if b.instrument is which and c.important]
        parts += [_change_text(c) for c in important[-1:]]
    if pain is not None:
        parts.append(_change_text(pain))
    parts.append(Text(""))
    for d in dues:
        style = "bold" if d.offer else "dim"
        parts.append(Text(d.sentence, style=style))
    parts += [Text(""), _footer()]
    return Group(*parts)


def _footer() -> Text:
    from rich.text import Text

    return Text(f"Note: {PARAPHRASE_NOTE}.", style="dim italic")


def _scale(which: InstrumentId) -> str:
    return "0-100%, lower is better" if which is InstrumentId.ODI else "0-24, lower is better"


def _change_text(change: Change) -> Text:
    from rich.text import Text

    if not change.important:
        return Text(change.sentence)
    return Text(change.sentence, style="bold green" if change.delta < 0 else "bold yellow")


def _change_cell(change: Change | None) -> Text:
    from rich.text import Text

    if change is None:
        return Text("-")
    points = f"{round(change.delta, 1):+g}"
    if not change.important:
        return Text(points)
    word = "real improvement" if change.delta < 0 else "real worsening"
    return Text(f"{points} ({word})", style="green" if change.delta < 0 else "yellow")


def _changes(
    responses: Sequence[QuestionnaireResponse],
) -> list[tuple[QuestionnaireResponse, QuestionnaireResponse, Change]]:
    out = []
    for which in InstrumentId:
        mine = [r for r in responses if r.instrument is which]
        out += [(a, b, compare(a, b)) for a, b in pairwise(mine)]
    return out


def _change_dict(change: Change) -> dict[str, Any]:
    return {
        "measure": change.measure,
        "before": change.before,
        "after": change.after,
        "delta": change.delta,
        "direction": change.direction.value,
        "important": change.important,
        "sentence": change.sentence,
    }


def _due_dict(d: Due) -> dict[str, Any]:
    return {
        "instrument": d.instrument.value,
        "status": d.status.value,
        "offer": d.offer,
        "due_on": d.due_on.isoformat(),
        "sentence": d.sentence,
    }


def _local_day(response: QuestionnaireResponse) -> date:
    return response.taken_at.astimezone().date()


def _today() -> date:
    from backcoach.cli import _context

    return _context.now().astimezone().date()
