"""Template filters and globals: times, durations, dosages and static URLs."""

from __future__ import annotations

import math
from datetime import datetime

from jinja2 import Environment

from backcoach.catalog import Exercise
from backcoach.routine import PainPhase, RoutineItem


def clock(seconds: float) -> str:
    """`m:ss` (or `h:mm:ss`), as the terminal shows durations."""
    total = max(0, math.ceil(seconds - 1e-9))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def minutes(seconds: float) -> str:
    """About how long, in words: "19 min"."""
    return f"{max(1, round(seconds / 60))} min"


def when(at: datetime | None) -> str:
    """A stored time in the server's local time zone, for the table."""
    return "-" if at is None else at.astimezone().strftime("%a %d %b %Y, %H:%M")


def day(at: datetime | None) -> str:
    return "-" if at is None else at.astimezone().strftime("%a %d %b")


def dosage(exercise: Exercise, item: RoutineItem) -> str:
    per = f" per {exercise.side_part}" if exercise.unilateral else ""
    return f"{item.reps} reps{per} × {item.hold_s:g} s hold, {item.rest_s:g} s rest"


def dash(value: object) -> str:
    return "-" if value is None else str(value)


def percent(value: float) -> str:
    return f"{value:.0%}"


def install(env: Environment, static_versions: dict[str, str]) -> None:
    def static_url(name: str) -> str:
        version = static_versions.get(name)
        return f"/static/{name}?v={version}" if version else f"/static/{name}"

    env.filters.update(
        clock=clock,
        minutes=minutes,
        when=when,
        day=day,
        dash=dash,
        percent=percent,
    )
    env.globals.update(static_url=static_url, dosage=dosage, PainPhase=PainPhase)
