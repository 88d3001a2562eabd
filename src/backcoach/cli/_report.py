"""`backcoach report`: a report for a physiotherapist, as PDF and/or HTML."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from backcoach.cli._app import OneLineError, app


@app.command()
def report(
    pdf: Annotated[
        Path | None, typer.Option("--pdf", help="Write a PDF (A4) to this file.")
    ] = None,
    html: Annotated[
        Path | None, typer.Option("--html", help="Write a self-contained HTML page to this file.")
    ] = None,
    weeks: Annotated[int, typer.Option(min=1, max=104, help="Weeks to cover, up to this one.")] = 8,
    analysis: Annotated[
        list[Path] | None,
        typer.Option(
            "--analysis",
            help="A motion analysis to include (the JSON of `backcoach analyze --json`); "
            "repeat for more.",
        ),
    ] = None,
) -> None:
    """Write a report for a physiotherapist: adherence, pain, questionnaires, progression steps
    with their reasons, running load and the motion coach's form summary, with charts."""
    from backcoach.cli import _context, _render
    from backcoach.report import build_report, check_output, render_html, render_pdf, write_output

    if pdf is None and html is None:
        raise OneLineError("say where to write the report: --pdf FILE, --html FILE or both")
    # Wrong names and unwritable folders are refused before any work is done.
    if pdf is not None:
        check_output(pdf, "pdf")
    if html is not None:
        check_output(html, "html")
    documents = [_analysis(path) for path in analysis or ()]
    settings = _context.settings()
    cat = _context.catalog()
    with _context.open_store(settings) as store:
        _context.recover(store, _render.make_console(stderr=True))
        data = build_report(
            store,
            date.today(),
            weeks=weeks,
            routine_for=lambda program: _context.routine(settings, cat, program),
            analyses=documents or None,
            catalog=cat,
        )
    if html is not None:
        write_output(html, render_html(data).encode("utf-8"), "html")
        typer.echo(f"HTML report written to {html} ({_size(html)})")
    if pdf is not None:
        pages = render_pdf(data, pdf)
        typer.echo(
            f"PDF report written to {pdf} ({pages} page{'s' if pages != 1 else ''}, {_size(pdf)})"
        )


def _analysis(path: Path) -> dict[str, Any]:
    try:
        doc = json.loads(path.read_text("utf-8"))
    except json.JSONDecodeError as exc:
        raise OneLineError(f"{path} is not JSON ({exc.msg}, line {exc.lineno})") from exc
    except UnicodeDecodeError as exc:
        raise OneLineError(
            f"{path} is not a text file: give the JSON of backcoach analyze --json"
        ) from exc
    if not isinstance(doc, dict) or doc.get("version") != 1 or "exercise" not in doc:
        raise OneLineError(
            f"{path} is not a motion analysis (give the JSON of backcoach analyze --json)"
        )
    return doc


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"
