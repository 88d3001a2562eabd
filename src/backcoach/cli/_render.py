"""All terminal rendering for the guided-session side of the CLI (Rich). Commands build data; the
functions here turn it into tables, panels and the live player screen."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.panel import Panel
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from backcoach.catalog import Catalog, Exercise
from backcoach.program import Dosage, describe, describe_move
from backcoach.routine import (
    EngineState,
    PainPhase,
    SessionEngine,
    SessionRecord,
    SessionStatus,
    Step,
    StepKind,
    Timeline,
)

if TYPE_CHECKING:
    from collections.abc import Collection

    from backcoach.catalog import ExerciseId
    from backcoach.program import CheckIn, DosageChange, Review
    from backcoach.progress import ProgressSummary
    from backcoach.routine import Routine

STATUS_STYLE = {
    SessionStatus.COMPLETED: "green",
    SessionStatus.STOPPED: "yellow",
    SessionStatus.ABANDONED: "red",
    SessionStatus.IN_PROGRESS: "cyan",
}

# Seven-segment-like big digits so a countdown reads from across the room.
_BIG = {
    "0": ["███", "█ █", "█ █", "█ █", "███"],
    "1": [" █ ", "██ ", " █ ", " █ ", "███"],
    "2": ["███", "  █", "███", "█  ", "███"],
    "3": ["███", "  █", "███", "  █", "███"],
    "4": ["█ █", "█ █", "███", "  █", "  █"],
    "5": ["███", "█  ", "███", "  █", "███"],
    "6": ["███", "█  ", "███", "█ █", "███"],
    "7": ["███", "  █", "  █", "  █", "  █"],
    "8": ["███", "█ █", "███", "█ █", "███"],
    "9": ["███", "█ █", "███", "  █", "███"],
    ":": ["   ", " █ ", "   ", " █ ", "   "],
}


def make_console(*, stderr: bool = False) -> Console:
    """A console that honours COLUMNS (tests fix the width) and never highlights plain text.

    Notes on stderr are not wrapped, so each stays one line in a log.
    """
    return Console(stderr=stderr, highlight=False, soft_wrap=stderr)


def clock(seconds: float) -> str:
    """`m:ss` (or `h:mm:ss`) for a duration."""
    total = max(0, math.ceil(seconds - 1e-9))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def big_number(text: str) -> Text:
    rows = ["  ".join(_BIG[ch][row] for ch in text if ch in _BIG) for row in range(5)]
    return Text("\n".join(rows), style="bold")


def dosage(exercise: Exercise, reps: int, hold_s: float, rest_s: float) -> str:
    per = f" per {exercise.side_part}" if exercise.unilateral else ""
    return f"{reps}{per} × {hold_s:g} s hold, {rest_s:g} s rest"


# -- catalog ------------------------------------------------------------------------------------


def exercises_table(catalog: Catalog) -> Table:
    table = Table(title="The routine's seven exercises", title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("id", no_wrap=True)
    table.add_column("exercise", no_wrap=True)
    table.add_column("reps", no_wrap=True)
    table.add_column("hold s", no_wrap=True)
    table.add_column("rest s", justify="right")
    table.add_column("sides")
    for n, ex in enumerate(catalog, start=1):
        per = f" per {ex.side_part}" if ex.unilateral else ""
        reps = f"{ex.reps.default}{per} ({ex.reps.min}-{ex.reps.max})"
        hold = f"{ex.hold_s.default:g} ({ex.hold_s.min:g}-{ex.hold_s.max:g})"
        table.add_row(
            str(n),
            ex.id.value,
            ex.name,
            reps,
            hold,
            f"{ex.rest_s.default:g}",
            ex.sides.value.replace("_", " "),
        )
    return table


def exercise_detail(exercise: Exercise) -> RenderableType:
    ex = exercise
    parts: list[RenderableType] = [
        Text(ex.summary, style="italic"),
        Text(""),
        Text("Dosage: ", style="bold").append(
            dosage(ex, ex.reps.default, ex.hold_s.default, ex.rest_s.default), style="none"
        ),
        Text(
            f"Range: reps {ex.reps.min}-{ex.reps.max}, hold {ex.hold_s.min:g}-{ex.hold_s.max:g} s",
            style="dim",
        ),
    ]

    def section(title: str, lines: Sequence[str], numbered: bool = False) -> None:
        parts.append(Text(""))
        parts.append(Text(title, style="bold"))
        for n, line in enumerate(lines, start=1):
            parts.append(Text(f"  {n}. {line}" if numbered else f"  • {line}"))

    section("Set-up", ex.setup)
    section("Steps", ex.steps, numbered=True)
    section("Breathing", [ex.breathing])
    section("Form", ex.form_cues)
    section("Common mistakes", ex.common_mistakes)
    section("Safety", ex.safety)
    section("Camera (motion coach)", [ex.camera_view])
    return Panel(Group(*parts), title=f"{ex.name} ({ex.id.value})", title_align="left")


# -- plan ---------------------------------------------------------------------------------------


def plan_table(timeline: Timeline, catalog: Catalog) -> RenderableType:
    table = Table(title="Today's session", title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("exercise")
    table.add_column("dosage")
    table.add_column("starts", justify="right")
    table.add_column("takes", justify="right")
    for span in timeline.exercises:
        ex = catalog.get(span.exercise_id)
        item = span.item
        table.add_row(
            str(span.position + 1),
            ex.name,
            dosage(ex, item.reps, item.hold_s, item.rest_s),
            clock(span.start_s),
            clock(span.duration_s),
        )
    total = Text.assemble(
        ("Total: ", "bold"),
        (clock(timeline.total_s), "bold"),
        f" ({len(timeline.steps)} timed steps, "
        f"{sum(s.reps_total for s in timeline.exercises)} reps)",
    )
    return Group(table, total)


# -- the live player ----------------------------------------------------------------------------

_KIND_LABEL = {
    StepKind.GET_READY: "GET READY",
    StepKind.SETUP: "INTO POSITION",
    StepKind.MOVE: "MOVE",
    StepKind.HOLD: "HOLD",
    StepKind.RELEASE: "RELEASE",
    StepKind.REST: "REST",
    StepKind.SWITCH_SIDE: "SWITCH SIDES",
}
_KIND_STYLE = {
    StepKind.HOLD: "bold green",
    StepKind.REST: "bold blue",
    StepKind.SWITCH_SIDE: "bold magenta",
    StepKind.GET_READY: "bold yellow",
    StepKind.SETUP: "bold yellow",
}

KEYS_HELP = "space pause · n skip step · s skip exercise · h it hurts · q quit"


def player_screen(
    engine: SessionEngine,
    catalog: Catalog,
    *,
    speed: float = 1.0,
    message: str | None = None,
    keys: bool = True,
) -> RenderableType:
    """The full-screen view of the guided session at this moment."""
    step = engine.step
    ex = catalog.get(step.exercise_id)
    span = engine.timeline.span(step.position)
    head = Text.assemble(
        (f"{ex.name}", "bold"),
        f"   exercise {step.position + 1} of {len(engine.timeline.exercises)}",
        ("   PAUSED" if engine.state is EngineState.PAUSED else "", "bold red"),
        (f"   ×{speed:g}" if speed != 1 else "", "dim"),
    )
    label = Text(_KIND_LABEL[step.kind], style=_KIND_STYLE.get(step.kind, "bold"))
    if step.rep is not None:
        label.append(f"   rep {step.rep} of {step.reps_total}", style="bold")
    if step.side is not None:
        label.append(f"   {step.side.value.upper()} {ex.side_part}", style="bold cyan")
    body: list[RenderableType] = [head, Text(""), label, Text(step.text)]
    if step.counted:
        body += [Text(""), big_number(str(math.ceil(engine.step_left_s - 1e-9)))]
    else:
        body += [Text(f"{clock(engine.step_left_s)}", style="dim")]
    if step.kind is StepKind.SETUP or step.kind is StepKind.GET_READY:
        body += [Text("")] + [Text(f"  • {line}") for line in ex.setup]
    else:
        body += [Text(""), Text("  " + "  ·  ".join(ex.form_cues[:3]), style="italic")]
    bars = Table.grid(padding=(0, 1))
    bars.add_column(width=9)
    bars.add_column(width=40)
    bars.add_column()
    bars.add_row(
        "Exercise",
        ProgressBar(total=1.0, completed=engine.exercise_fraction, width=40),
        f"{clock(engine.exercise_fraction * span.duration_s)} / {clock(span.duration_s)}",
    )
    bars.add_row(
        "Session",
        ProgressBar(total=1.0, completed=engine.session_fraction, width=40),
        f"{clock(engine.timeline.total_s - engine.session_left_s)} / "
        f"{clock(engine.timeline.total_s)}  ({clock(engine.session_left_s)} left)",
    )
    body += [Text(""), bars]
    nxt = engine.next_step()
    if nxt is not None:
        nxt_name = catalog.get(nxt.exercise_id).name
        what = nxt.text if nxt.position == step.position else f"{nxt_name}: {nxt.text}"
        body += [Text(""), Text.assemble(("Next: ", "bold"), what)]
    if message:
        body += [Text(""), Text(message, style="bold yellow")]
    if keys:
        body += [Text(""), Text(KEYS_HELP, style="dim")]
    return Panel(Group(*body), title="backcoach", title_align="left")


def step_line(step: Step, catalog: Catalog, at_s: float) -> str:
    """One plain line per step, for a session run without a terminal."""
    ex = catalog.get(step.exercise_id)
    rep = f" rep {step.rep}/{step.reps_total}" if step.rep is not None else ""
    side = f" {step.side.value}" if step.side else ""
    return f"[{clock(at_s)}] {ex.name}{rep}{side}: {step.text} ({step.duration_s:g} s)"


def session_summary(record: SessionRecord, catalog: Catalog) -> RenderableType:
    table = Table(title=f"Session {record.id}: {record.status.value}", title_justify="left")
    table.add_column("exercise")
    table.add_column("reps", justify="right")
    table.add_column("holds", justify="right")
    table.add_column("notes")
    for result in record.results:
        ex = catalog.get(result.exercise_id)
        holds = (
            f"{sum(result.holds_s) / len(result.holds_s):.1f}/{result.hold_planned_s:g} s"
            if result.holds_s
            else "-"
        )
        notes = ", ".join(
            n for n, on in (("skipped", result.skipped), ("painful", result.painful)) if on
        )
        table.add_row(ex.name, f"{result.reps_done}/{result.reps_planned}", holds, notes)
    return table


# -- history and progress ----------------------------------------------------------------------


def history_table(records: Sequence[SessionRecord]) -> RenderableType:
    if not records:
        return Text("No sessions yet. Start one with: backcoach session")
    table = Table(title="Sessions", title_justify="left")
    table.add_column("id", justify="right")
    table.add_column("started", no_wrap=True)
    table.add_column("status")
    table.add_column("reps", justify="right")
    table.add_column("exercises", justify="right")
    table.add_column("pain", justify="right", no_wrap=True)
    table.add_column("took", justify="right")
    for r in records:
        took = clock((r.ended_at - r.started_at).total_seconds()) if r.ended_at else "-"
        before = r.pain_at(PainPhase.BEFORE)
        after = r.pain_at(PainPhase.AFTER)
        pain = f"{_dash(before)} → {_dash(after)}"
        done = sum(1 for res in r.results if res.complete)
        table.add_row(
            str(r.id),
            r.started_at.astimezone().strftime("%Y-%m-%d %H:%M"),
            Text(r.status.value, style=STATUS_STYLE[r.status]),
            f"{r.reps_done}/{r.reps_planned}",
            f"{done}/{len(r.routine.items)}",
            pain,
            took,
        )
    return table


def _dash(value: int | None) -> str:
    return "-" if value is None else str(value)


def progress_view(summary: ProgressSummary) -> RenderableType:
    s = summary
    if s.sessions == 0:
        return Text("No sessions yet. Start one with: backcoach session")
    lines = [
        Text.assemble(
            ("Sessions: ", "bold"),
            f"{s.sessions} ({s.completed} completed, {s.stopped} stopped, {s.abandoned} abandoned)",
        ),
        Text.assemble(
            ("Completion rate: ", "bold"),
            f"{s.completion_rate:.0%} of sessions, {s.rep_completion_rate:.0%} of planned reps",
        ),
        Text.assemble(
            ("Streak: ", "bold"),
            f"{s.streak_days} day{'s' if s.streak_days != 1 else ''} in a row "
            f"(longest {s.longest_streak_days})",
        ),
    ]
    if s.pain_before_mean is not None and s.pain_after_mean is not None:
        lines.append(
            Text.assemble(
                ("Pain: ", "bold"),
                f"{s.pain_before_mean:.1f} before, {s.pain_after_mean:.1f} "
                "after sessions on average",
            )
        )
    if s.pain_trend_per_week is not None:
        direction = (
            "falling"
            if s.pain_trend_per_week < -0.05
            else "rising"
            if s.pain_trend_per_week > 0.05
            else "steady"
        )
        lines.append(
            Text.assemble(
                ("Pain trend: ", "bold"),
                f"{direction} ({s.pain_trend_per_week:+.2f} points a week, pain before sessions)",
            )
        )
    table = Table(title="Sessions per week", title_justify="left")
    table.add_column("week of")
    table.add_column("sessions", justify="right")
    table.add_column("", min_width=10)
    for week in s.weeks:
        table.add_row(week.start.isoformat(), str(week.sessions), "█" * week.sessions)
    return Group(*lines, Text(""), table)


# -- progression --------------------------------------------------------------------------------

_ACTION_ORDER = ("deload", "step_back", "progress", "hold", "override", "start")
_QUIET_RULES = ("steady", "top_of_range")


def program_changes(
    review: Review, catalog: Catalog, *, title: str = "Since last time"
) -> RenderableType | None:
    """What the program changes for the next session and why, one reason per group of exercises.

    Exercises that move get a line each (↑ up, ↓ down); those that stay are named together.
    """
    if not review.decisions:
        return None
    if review.first_time:
        return Text(
            "First session: every exercise starts at the low end of its range and steps up as "
            "your back shows it is ready.",
            style="bold",
        )

    def order(d: DosageChange) -> tuple[int, int]:
        return (_ACTION_ORDER.index(d.action.value), d.rule.value in _QUIET_RULES)

    groups: dict[str, list[DosageChange]] = {}
    for decision in sorted(review.decisions, key=order):
        groups.setdefault(decision.reason, []).append(decision)
    parts: list[RenderableType] = [Text(title, style="bold")]
    for reason, decisions in groups.items():
        quiet = all(d.rule.value in _QUIET_RULES for d in decisions)
        parts.append(_Indented(Text(reason, style="dim" if quiet else ""), 2))
        kept = []
        for d in decisions:
            ex = catalog.get(d.exercise_id)
            if not d.changed or d.action.value == "override":
                kept.append(ex.name)
                continue
            parts.append(_Indented(_move_line(ex, d), 4))
        if kept:
            parts.append(_Indented(Text(f"= {', '.join(kept)}", style="dim"), 4))
    return Group(*parts)


def _move_line(exercise: Exercise, change: DosageChange) -> Text:
    """`↑ Wall sit: reps 8 → 9` (↓ going down; `·` and the dosage for a starting point)."""
    if change.action.value == "start":
        return Text.assemble("· ", (exercise.name, "bold"), f": {describe(exercise, change.new)}")
    up = change.new_reps > change.old_reps or change.new_hold_s > change.old_hold_s
    arrow, style = ("↑", "green") if up else ("↓", "yellow")
    return Text.assemble(
        (f"{arrow} ", style),
        (exercise.name, "bold"),
        f": {describe_move(exercise, change.old, change.new)}",
    )


class _Indented:
    """Text wrapped and indented, every line, with no padding after it."""

    def __init__(self, text: Text, indent: int) -> None:
        self.text = text
        self.indent = indent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.text.wrap(console, max(20, options.max_width - self.indent)):
            line.rstrip()
            yield Text(" " * self.indent) + line


def checkin_line(checkin: CheckIn, session: SessionRecord | None) -> Text:
    """The confirmation of a check-in, naming the session it reports on."""
    text = Text.assemble(("Checked in: ", "bold"), f"pain {checkin.pain}/10")
    if session is None:
        return text.append(". No session yet to weigh it against; it is kept all the same.")
    when = session.started_at.astimezone().strftime("%d %b %H:%M")
    return text.append(f", about your session {session.id} of {when}.")


def dosage_view(
    catalog: Catalog,
    routine: Routine,
    review: Review,
    log: Sequence[DosageChange],
    own: Collection[ExerciseId],
) -> RenderableType:
    """Each exercise's dosage now and its range, every change with its reason, and what is next."""
    items = {item.exercise_id: item for item in routine.items}
    since = {c.exercise_id: c.at for c in log}
    now_table = Table(title="Dosage now", title_justify="left")
    now_table.add_column("#", justify="right")
    now_table.add_column("exercise", no_wrap=True)
    now_table.add_column("reps × hold", no_wrap=True)
    now_table.add_column("range", no_wrap=True)
    now_table.add_column("set by")
    for n, ex in enumerate(catalog, start=1):
        item = items[ex.id]
        if ex.id in own:
            source = "you (settings.toml)"
        elif ex.id in since:
            source = f"program, since {since[ex.id].astimezone():%d %b}"
        else:
            source = "program (start)"
        reps = f"{ex.reps.min}" if ex.reps.min == ex.reps.max else f"{ex.reps.min}-{ex.reps.max}"
        now_table.add_row(
            str(n),
            ex.name,
            describe(ex, Dosage(item.reps, item.hold_s)),
            f"{reps} × {ex.hold_s.min:g}-{ex.hold_s.max:g} s",
            source,
        )
    parts: list[RenderableType] = [now_table]
    if log:
        parts += [Text(""), Text("Changes", style="bold")]
        previous: tuple[str, str] | None = None
        for c in log:
            ex = catalog.get(c.exercise_id)
            when = c.at.astimezone().strftime("%d %b %Y")
            if (when, c.reason) != previous:
                parts.append(_Indented(Text.assemble((when, "bold"), f"  {c.reason}"), 2))
                previous = (when, c.reason)
            parts.append(_Indented(_move_line(ex, c), 4))
    nxt = program_changes(review, catalog, title="Next session")
    if nxt is not None:
        parts += [Text(""), nxt]
    return Group(*parts)
