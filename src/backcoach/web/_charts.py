"""Charts of pain and adherence as inline SVG, drawn on the server (no JavaScript chart library).

Each chart is an `<svg role="img">` with a title and a one-sentence description for screen
readers; the pages also show the numbers as a table.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from html import escape

from backcoach.progress import PainPoint, WeekCount
from backcoach.routine import SessionRecord
from backcoach.safety import ACCEPTABLE_MAX, PAIN_MAX, SAFE_MAX

WIDTH = 640
HEIGHT = 240
LEFT, RIGHT, TOP, BOTTOM = 40, 16, 16, 40

BEFORE_COLOUR = "#1d4ed8"
AFTER_COLOUR = "#c2410c"
BAR_COLOUR = "#0f766e"


def _svg(title: str, desc: str, body: list[str], css_class: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" class="chart {css_class}" preserveAspectRatio="xMidYMid meet">'
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>{''.join(body)}</svg>"
    )


def _text(x: float, y: float, text: str, anchor: str = "middle", css: str = "tick") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" class="{css}">{escape(text)}</text>'
    )


def _x_positions(n: int) -> list[float]:
    inner = WIDTH - LEFT - RIGHT
    if n == 1:
        return [LEFT + inner / 2]
    return [LEFT + 12 + i * (inner - 24) / (n - 1) for i in range(n)]


def pain_chart(points: Sequence[PainPoint], tz: tzinfo | None = None, *, last: int = 30) -> str:
    """Pain before and after each session (newest `last`), over the 0-3 safe and 3-5 acceptable
    bands; gaps where a score was not given."""
    shown = [p for p in points if p.before is not None or p.after is not None][-last:]
    inner_h = HEIGHT - TOP - BOTTOM

    def y(score: float) -> float:
        return TOP + inner_h * (1 - score / PAIN_MAX)

    body = [
        f'<rect x="{LEFT}" y="{y(SAFE_MAX):.1f}" width="{WIDTH - LEFT - RIGHT}" '
        f'height="{y(0) - y(SAFE_MAX):.1f}" class="band-safe"/>',
        f'<rect x="{LEFT}" y="{y(ACCEPTABLE_MAX):.1f}" width="{WIDTH - LEFT - RIGHT}" '
        f'height="{y(SAFE_MAX) - y(ACCEPTABLE_MAX):.1f}" class="band-ok"/>',
    ]
    for score in (0, SAFE_MAX, ACCEPTABLE_MAX, PAIN_MAX):
        body.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(score):.1f}" y2="{y(score):.1f}" '
            f'class="{"limit" if score == ACCEPTABLE_MAX else "grid"}"/>'
        )
        body.append(_text(LEFT - 8, y(score) + 4, str(score), "end"))
    if not shown:
        body.append(_text(WIDTH / 2, HEIGHT / 2, "No pain scores yet", css="empty"))
        return _svg("Pain before and after sessions", "No pain scores yet.", body, "pain")

    xs = _x_positions(len(shown))
    for attr, colour, label in (
        ("before", BEFORE_COLOUR, "before"),
        ("after", AFTER_COLOUR, "after"),
    ):
        run: list[str] = []
        segments: list[list[str]] = [run]
        for x, point in zip(xs, shown, strict=True):
            value = getattr(point, attr)
            if value is None:
                run = []
                segments.append(run)
                continue
            run.append(f"{x:.1f},{y(value):.1f}")
            body.append(
                f'<circle cx="{x:.1f}" cy="{y(value):.1f}" r="4" fill="{colour}" '
                f'class="dot-{label}"><title>Session {point.session_id}, {label}: '
                f"{value}/10</title></circle>"
            )
        for segment in segments:
            if len(segment) > 1:
                body.insert(
                    2,
                    f'<polyline points="{" ".join(segment)}" fill="none" stroke="{colour}" '
                    f'stroke-width="2.5" class="line-{label}"/>',
                )
    step = max(1, len(shown) // 6)
    for i in range(0, len(shown), step):
        body.append(
            _text(xs[i], HEIGHT - BOTTOM + 18, shown[i].at.astimezone(tz).strftime("%d %b"))
        )
    body.append(
        f'<circle cx="{LEFT + 10}" cy="{HEIGHT - 8}" r="4" fill="{BEFORE_COLOUR}"/>'
        + _text(LEFT + 18, HEIGHT - 4, "before", "start", "legend")
        + f'<circle cx="{LEFT + 90}" cy="{HEIGHT - 8}" r="4" fill="{AFTER_COLOUR}"/>'
        + _text(LEFT + 98, HEIGHT - 4, "after", "start", "legend")
        + _text(WIDTH - RIGHT, HEIGHT - 4, "dashed line: the 5/10 limit", "end", "legend")
    )
    befores = [p.before for p in shown if p.before is not None]
    afters = [p.after for p in shown if p.after is not None]
    desc = (
        f"{len(shown)} sessions. "
        + (f"Pain before went from {befores[0]} to {befores[-1]}. " if befores else "")
        + (f"Pain after went from {afters[0]} to {afters[-1]}." if afters else "")
    )
    return _svg("Pain before and after sessions", desc.strip(), body, "pain")


def weeks_chart(weeks: Sequence[WeekCount]) -> str:
    """Sessions in each of the last weeks, as bars."""
    inner_h = HEIGHT - TOP - BOTTOM
    top = max(3, *(w.sessions for w in weeks)) if weeks else 3
    slot = (WIDTH - LEFT - RIGHT) / max(1, len(weeks))
    body: list[str] = []
    for value in range(0, top + 1, max(1, top // 4)):
        yy = TOP + inner_h * (1 - value / top)
        body.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{yy:.1f}" y2="{yy:.1f}" class="grid"/>'
        )
        body.append(_text(LEFT - 8, yy + 4, str(value), "end"))
    for i, week in enumerate(weeks):
        h = inner_h * week.sessions / top
        x = LEFT + i * slot + slot * 0.18
        body.append(
            f'<rect x="{x:.1f}" y="{TOP + inner_h - h:.1f}" width="{slot * 0.64:.1f}" '
            f'height="{h:.1f}" fill="{BAR_COLOUR}" class="bar"><title>Week of '
            f"{week.start:%d %b}: {week.sessions} sessions</title></rect>"
        )
        if week.sessions:
            body.append(
                _text(x + slot * 0.32, TOP + inner_h - h - 6, str(week.sessions), css="value")
            )
        body.append(_text(x + slot * 0.32, HEIGHT - BOTTOM + 18, f"{week.start:%d %b}"))
    total = sum(w.sessions for w in weeks)
    desc = f"{total} sessions over the last {len(weeks)} weeks."
    return _svg("Sessions per week", desc, body, "weeks")


def completion_chart(records: Sequence[SessionRecord], *, last: int = 20) -> str:
    """Share of planned reps done in each of the last sessions, as bars (0-100%)."""
    shown = [r for r in records if r.reps_planned][-last:]
    inner_h = HEIGHT - TOP - BOTTOM
    body: list[str] = []
    for value in (0, 50, 100):
        yy = TOP + inner_h * (1 - value / 100)
        body.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{yy:.1f}" y2="{yy:.1f}" class="grid"/>'
        )
        body.append(_text(LEFT - 8, yy + 4, f"{value}%", "end"))
    if not shown:
        body.append(_text(WIDTH / 2, HEIGHT / 2, "No sessions yet", css="empty"))
        return _svg("Planned reps done per session", "No sessions yet.", body, "completion")
    slot = (WIDTH - LEFT - RIGHT) / len(shown)
    for i, record in enumerate(shown):
        share = record.reps_done / record.reps_planned
        h = inner_h * share
        x = LEFT + i * slot + slot * 0.15
        body.append(
            f'<rect x="{x:.1f}" y="{TOP + inner_h - h:.1f}" width="{slot * 0.7:.1f}" '
            f'height="{h:.1f}" class="bar status-{record.status.value}"><title>Session '
            f"{record.id}: {record.reps_done} of {record.reps_planned} reps "
            f"({record.status.value})</title></rect>"
        )
    step = max(1, len(shown) // 6)
    for i in range(0, len(shown), step):
        body.append(_text(LEFT + i * slot + slot / 2, HEIGHT - BOTTOM + 18, f"#{shown[i].id}"))
    mean = sum(r.reps_done / r.reps_planned for r in shown) / len(shown)
    desc = f"{len(shown)} sessions; on average {mean:.0%} of the planned reps were done."
    return _svg("Planned reps done per session", desc, body, "completion")
