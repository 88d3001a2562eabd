"""Terminal rendering of a motion analysis (Rich): the reps table, faults in plain words and the
warnings. `backcoach analyze` builds the analysis; this only draws it."""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from backcoach.motion import Analysis, Rep, fault_words

SIGNAL_WORDS: dict[str, str] = {
    "hip_angle": "hip angle",
    "knee_angle": "knee angle",
    "trunk_lift": "trunk lift",
    "leg_elevation": "leg vs level",
}


def make_console() -> Console:
    """A console that honours COLUMNS and does not colour numbers on its own."""
    return Console(highlight=False)


def _seconds(value: float) -> str:
    return f"{value:.1f} s"


def _title(analysis: Analysis) -> str:
    name = analysis.exercise.value.replace("_", " ").capitalize()
    p = analysis.prescribed
    reps = analysis.rep_count
    counted = f"{reps} rep{'s' if reps != 1 else ''}"
    sides = analysis.sides
    if sides is not None:
        counted += f" (left {sides['left']}, right {sides['right']})"
    return f"{name}: {counted} - prescribed hold {p.hold_s:g} s, rest {p.rest_s:g} s"


def reps_table(analysis: Analysis) -> Table:
    """One row per rep: number, side, hold against the prescription, peak and form."""
    table = Table(show_edge=False, pad_edge=False, expand=False)
    table.add_column("#", justify="right")
    if analysis.unilateral:
        table.add_column("side")
    table.add_column("hold", justify="right")
    table.add_column("peak", justify="right")
    table.add_column("form")
    target = analysis.prescribed.hold_s
    for rep in analysis.reps:
        row: list[RenderableType] = [str(rep.index)]
        if analysis.unilateral:
            row.append(rep.side or "?")
        short = "hold_too_short" in rep.faults
        row.append(
            Text(f"{_seconds(rep.hold_s)} / {target:g} s", style="yellow" if short else "green")
        )
        row.append(f"{SIGNAL_WORDS.get(rep.peak.signal, rep.peak.signal)} {rep.peak.value:.0f}°")
        row.append(_form(rep))
        table.add_row(*row)
    return table


def _form(rep: Rep) -> Text:
    if not rep.faults:
        return Text("good", style="green")
    return Text("; ".join(fault_words(f) for f in rep.faults), style="yellow")


def analysis_view(analysis: Analysis) -> Group:
    """The whole summary: title, reps table, fault totals, warnings and what was seen."""
    parts: list[RenderableType] = [Text(_title(analysis), style="bold")]
    if analysis.reps:
        parts.append(reps_table(analysis))
    else:
        parts.append(Text("No reps found.", style="yellow"))
    totals = analysis.fault_counts
    if totals:
        lines = ", ".join(f"{fault_words(code)} x{n}" for code, n in totals.items())
        parts.append(Text(f"Faults: {lines}", style="yellow"))
    elif analysis.reps:
        parts.append(Text("No form faults seen.", style="green"))
    for warning in analysis.warnings:
        parts.append(Text(f"! {warning}", style="yellow"))
    q = analysis.quality
    seen = f"{q.frames_with_pose} of {q.frames} frames with a person"
    if q.side_used:
        seen += f"; measured on the {q.side_used} side"
    parts.append(Text(seen, style="dim"))
    return Group(*parts)


def print_analysis(analysis: Analysis, console: Console | None = None) -> None:
    """Print the summary of `analysis`."""
    (console or make_console()).print(analysis_view(analysis))
