"""`backcoach runs import`, `backcoach runs`, `backcoach today` and `backcoach reminders`."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from backcoach.cli._app import app

if TYPE_CHECKING:
    from rich.console import RenderableType

    from backcoach.routine import SessionRecord
    from backcoach.running import DayAdvice, LoadPainWeek, Run

NO_RUNS = (
    "No runs yet. Import some with: backcoach runs import FILE... "
    "(GPX, TCX, FIT or a Strava export zip)"
)

runs_app = typer.Typer(
    help=(
        "Your running, week by week: distance, time, the change on last week, a flag on rises "
        "over 30%, pain before sessions, and whether today is a day for the routine. "
        "Add runs with: backcoach runs import FILE..."
    ),
    rich_markup_mode=None,
)
app.add_typer(runs_app, name="runs")


@runs_app.callback(invoke_without_command=True)
def runs(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    weeks: Annotated[int, typer.Option(min=1, max=104, help="Weeks to show.")] = 8,
    chart: Annotated[
        Path | None, typer.Option(help="Also write a PNG chart (weekly km and pain) to this file.")
    ] = None,
) -> None:
    """Weekly distance, time and runs, the change on last week, a flag on rises over 30%, pain
    before sessions, and whether today is a day for the routine."""
    if ctx.invoked_subcommand is not None:
        return
    from backcoach.cli import _render
    from backcoach.running import RAMP_LIMIT, advice_to_dict, advise, load_to_dict, pain_vs_load

    today = date.today()
    runs_, sessions = _records()
    table = pain_vs_load(runs_, sessions, today, weeks=weeks)
    advice = advise(runs_, today)
    if as_json:
        doc = {
            "ramp_limit": RAMP_LIMIT,
            "runs": len(runs_),
            "weeks": [
                {
                    **load_to_dict(w.load),
                    "pain_before_mean": w.pain_before_mean,
                    "pain_scores": w.pain_scores,
                }
                for w in table
            ],
            "today": advice_to_dict(advice),
        }
        typer.echo(json.dumps(doc, indent=2))
    else:
        _render.make_console().print(_runs_view(table, advice, any_runs=bool(runs_)))
    if chart is not None:
        from backcoach.cli._runs_chart import write_runs_chart

        write_runs_chart(table, chart)
        if not as_json:
            typer.echo(f"Chart written to {chart}")


@runs_app.command("import")
def import_runs(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="GPX, TCX or FIT files (gzip'd or not) or Strava export zips.",
            metavar="FILE",
            show_default=False,
        ),
    ],
) -> None:
    """Import runs from GPX, TCX or FIT files or a Strava export zip.

    Every file is checked first: if one cannot be read, nothing is stored.

    A run already stored (the same start, to the minute) is counted as a duplicate and skipped.
    """
    from backcoach.cli import _context, _render
    from backcoach.runfiles import read_runs

    err = _render.make_console(stderr=True)
    if err.is_terminal:
        with err.status("Reading run files...") as status:
            batch = read_runs(files, progress=lambda name: status.update(f"Reading {name}"))
    else:
        batch = read_runs(files)
    settings = _context.settings()
    with _context.open_store(settings) as store:
        added, duplicates = store.add_runs(batch.runs, imported_at=_context.now())
    files_word = "file" if batch.files == 1 else "files"
    typer.echo(
        f"Added {added} run{'' if added == 1 else 's'}, {duplicates} "
        f"duplicate{'' if duplicates == 1 else 's'} already stored "
        f"(from {batch.files} {files_word})."
    )
    if batch.other_activities:
        n = batch.other_activities
        what = "activity that is not a run" if n == 1 else "activities that are not runs"
        typer.echo(f"Passed over {n} {what}.")


@app.command()
def today() -> None:
    """One line: a rest, easy or hard day for running, and whether to do the routine today."""
    from backcoach.running import advise, describe

    day = date.today()
    runs_, _ = _records(sessions=False)
    typer.echo(describe(advise(runs_, day)))


@app.command()
def reminders(
    ics: Annotated[
        Path, typer.Option("--ics", help="The calendar file to write (.ics).", show_default=False)
    ],
    days: Annotated[
        str, typer.Option(help="Days: mon,tue,wed,thu,fri,sat,sun, daily or weekdays.")
    ] = "mon,wed,fri",
    at: Annotated[str, typer.Option("--time", help="Time of day, HH:MM (24-hour).")] = "07:30",
    alarm_min: Annotated[
        int, typer.Option("--alarm-min", min=0, max=1440, help="Alarm this many minutes before.")
    ] = 10,
    tz: Annotated[
        str | None,
        typer.Option(help="Pin the time to an IANA zone (Europe/Paris); default: floating time."),
    ] = None,
) -> None:
    """Write an iCalendar file that reminds you of the routine on the chosen days and time.

    Import it into your calendar app. Writing the same days and time again gives the same event,
    so importing the new file updates it rather than adding another.
    """
    from backcoach.cli import _context
    from backcoach.exchange.ics import (
        ReminderSchedule,
        build_calendar,
        parse_days,
        parse_time,
    )

    schedule_days, schedule_time = parse_days(days), parse_time(at)
    schedule = ReminderSchedule(
        schedule_days, schedule_time, _planned_s(), alarm_min=alarm_min, tz=tz
    )
    data = build_calendar(schedule, today=date.today(), now=_context.now())
    ics.write_bytes(data)
    names = ", ".join(_DAY_LABELS[d] for d in schedule.days)
    minutes = round(schedule.duration / timedelta(minutes=1))
    zone = tz or "your local time, wherever you are"
    typer.echo(
        f"Reminders written to {ics}: {names} at {schedule_time:%H:%M} ({zone}), "
        f"{minutes} min, alarm {alarm_min} min before."
    )


_DAY_LABELS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _planned_s() -> float:
    """The planned length of the next session, as `backcoach plan` shows it: the routine at the
    program's current dosage, with the user's own settings on top."""
    from backcoach.cli import _context, _program
    from backcoach.routine import build_timeline

    settings = _context.settings()
    cat = _context.catalog()
    store = _program.store_if_any(settings)
    if store is None:
        decided, _ = _program.program_review(settings, cat, None, _context.now())
    else:
        with store:
            decided, _ = _program.program_review(settings, cat, store, _context.now())
    timeline = build_timeline(
        _context.routine(settings, cat, decided.dosage),
        cat,
        get_ready_s=settings.preferences.get_ready_s,
    )
    return timeline.total_s


def _records(*, sessions: bool = True) -> tuple[list[Run], list[SessionRecord]]:
    """Every stored run (weeks after a break must read as empty, not unknown: see
    `weekly_load`) and, if asked, every session."""
    from backcoach.cli import _context, _render

    settings = _context.settings()
    with _context.open_store(settings) as store:
        if not sessions:
            return store.runs(), []
        _context.recover(store, _render.make_console(stderr=True))
        return store.runs(), store.sessions()


def _runs_view(
    table: tuple[LoadPainWeek, ...], advice: DayAdvice, *, any_runs: bool
) -> RenderableType:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from backcoach.cli import _render
    from backcoach.running import describe

    if not any_runs:
        return Text(NO_RUNS)
    grid = Table(title="Running per week", title_justify="left")
    grid.add_column("week of")
    grid.add_column("runs", justify="right")
    grid.add_column("km", justify="right")
    grid.add_column("time", justify="right")
    grid.add_column("vs last week", justify="right")
    grid.add_column("vs 2-week mean", justify="right")
    grid.add_column("flag")
    grid.add_column("pain before", justify="right")
    for row in table:
        w = row.load
        grid.add_row(
            w.start.isoformat(),
            str(w.runs),
            f"{w.distance_m / 1000:.1f}",
            _render.clock(w.duration_s),
            _percent(w.change),
            _percent(w.ramp),
            Text("▲ over 30%", style="bold red") if w.flagged else Text(""),
            "-" if row.pain_before_mean is None else f"{row.pain_before_mean:.1f}",
        )
    note = Text("▲ a week more than 30% above the mean of the two weeks before it", style="dim")
    line = Text.assemble(("Today: ", "bold"), describe(advice))
    return Group(grid, note, Text(""), line)


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:+.0%}"
