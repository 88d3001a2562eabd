"""`backcoach history`, `backcoach progress` and `backcoach export`."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from backcoach.cli._app import OneLineError, app

if TYPE_CHECKING:
    from backcoach.progress import ProgressSummary
    from backcoach.routine import ScreeningRecord, SessionRecord

EXPORT_VERSION = 1


@app.command()
def history(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    limit: Annotated[int, typer.Option(min=1, help="Show the newest N sessions.")] = 20,
) -> None:
    """List past sessions: when, how far they got, and pain before and after."""
    from backcoach.cli import _render
    from backcoach.routine import session_to_dict

    records = _sessions()[-limit:]
    if as_json:
        typer.echo(json.dumps([session_to_dict(r) for r in records], indent=2))
    else:
        _render.make_console().print(_render.history_table(records))


@app.command()
def progress(
    chart: Annotated[Path | None, typer.Option(help="Also write a PNG chart to this file.")] = None,
    weeks: Annotated[int, typer.Option(min=1, max=104, help="Weeks to count.")] = 8,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show adherence and pain over time: sessions a week, streak, completion, pain trend."""
    from backcoach.cli import _render
    from backcoach.progress import summarize

    summary = summarize(_sessions(), date.today(), weeks=weeks)
    if as_json:
        typer.echo(json.dumps(_summary_dict(summary), indent=2))
    else:
        _render.make_console().print(_render.progress_view(summary))
    if chart is not None:
        from backcoach.cli._chart import write_progress_chart

        write_progress_chart(summary, chart)
        if not as_json:
            typer.echo(f"Chart written to {chart}")


@app.command()
def export(
    format_: Annotated[str, typer.Option("--format", help="json, csv or fhir.")] = "json",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File (json, fhir) or folder (csv).")
    ] = None,
) -> None:
    """Export everything stored (sessions, results, pain, screens) as JSON or CSV; or pain and
    questionnaires as a FHIR R4 bundle (--format fhir)."""
    from backcoach.cli import _context, _render
    from backcoach.outcomes import response_to_dict
    from backcoach.routine import screening_to_dict, session_to_dict

    if format_ not in ("json", "csv", "fhir"):
        raise OneLineError(f"unknown export format '{format_}' (use json, csv or fhir)")
    if format_ == "fhir":
        from backcoach.cli._questionnaires import write_fhir

        write_fhir(output)
        return
    settings = _context.settings()
    with _context.open_store(settings) as store:
        _context.recover(store, _render.make_console(stderr=True))
        records = store.sessions()
        screenings = store.screenings()
        questionnaires = store.questionnaires()
    if format_ == "json":
        doc = {
            "format": "backcoach-export",
            "version": EXPORT_VERSION,
            "exported_at": _context.now().isoformat(),
            "sessions": [session_to_dict(r) for r in records],
            "screenings": [screening_to_dict(s) for s in screenings],
            "questionnaires": [response_to_dict(q) for q in questionnaires],
        }
        text = json.dumps(doc, indent=2)
        if output is None:
            typer.echo(text)
        else:
            output.write_text(text + "\n", "utf-8")
            typer.echo(f"Exported {len(records)} sessions to {output}", err=True)
        return
    if output is None:
        raise OneLineError("CSV export writes one file per table: give a folder with --output")
    output.mkdir(parents=True, exist_ok=True)
    tables = _csv_tables(records, screenings)
    tables["questionnaires"] = [
        {**row, "answers": ";".join("" if a is None else str(a) for a in q.answers)}
        for q in questionnaires
        for row in [response_to_dict(q)]
    ]
    for name, rows in tables.items():
        _write_csv(output / f"{name}.csv", rows)
    typer.echo(
        f"Exported {len(records)} sessions to {output}/ ({', '.join(n + '.csv' for n in tables)})",
        err=True,
    )


def _sessions() -> list[SessionRecord]:
    from backcoach.cli import _context, _render

    settings = _context.settings()
    with _context.open_store(settings) as store:
        _context.recover(store, _render.make_console(stderr=True))
        return store.sessions()


def _summary_dict(s: ProgressSummary) -> dict[str, Any]:
    return {
        "sessions": s.sessions,
        "completed": s.completed,
        "stopped": s.stopped,
        "abandoned": s.abandoned,
        "completion_rate": s.completion_rate,
        "rep_completion_rate": s.rep_completion_rate,
        "streak_days": s.streak_days,
        "longest_streak_days": s.longest_streak_days,
        "pain_before_mean": s.pain_before_mean,
        "pain_after_mean": s.pain_after_mean,
        "pain_trend_per_week": s.pain_trend_per_week,
        "weeks": [{"start": w.start.isoformat(), "sessions": w.sessions} for w in s.weeks],
    }


def _csv_tables(
    records: list[SessionRecord], screenings: list[ScreeningRecord]
) -> dict[str, list[dict[str, Any]]]:
    from backcoach.routine import pain_to_dict, result_to_dict, screening_to_dict, session_to_dict

    sessions: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    pain: list[dict[str, Any]] = []
    for record in records:
        row = session_to_dict(record)
        row.pop("results")
        row.pop("pain")
        row["routine"] = json.dumps(row["routine"])
        sessions.append(row)
        for result in record.results:
            r = result_to_dict(result)
            r["holds_s"] = ";".join(f"{h:g}" for h in result.holds_s)
            results.append({"session_id": record.id, **r})
        pain.extend({"session_id": record.id, **pain_to_dict(p)} for p in record.pain)
    screens = []
    for screening in screenings:
        row = screening_to_dict(screening)
        row.pop("answers")
        screens.append({**row, **{f"q_{k}": v for k, v in screening.answers.items()}})
    return {
        "sessions": sessions,
        "exercise_results": results,
        "pain_scores": pain,
        "screenings": screens,
    }


def _write_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    fields: list[str] = []
    for row in rows:
        fields.extend(k for k in row if k not in fields)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
