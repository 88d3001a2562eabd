"""When a questionnaire is next due: at the start, then every two to four weeks.

Filled in more often, the scores mostly show day-to-day noise; left much longer, a change (for
better or worse) goes unnoticed for too long.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from backcoach.outcomes._instruments import Instrument, InstrumentId, instrument

DUE_AFTER = timedelta(weeks=2)
OVERDUE_AFTER = timedelta(weeks=4)


class DueStatus(StrEnum):
    FIRST = "first"
    """Never taken: take it now, as the starting point later scores are compared with."""
    NOT_YET = "not_yet"
    """Taken less than two weeks ago."""
    DUE = "due"
    """Two to four weeks since the last one."""
    OVERDUE = "overdue"
    """More than four weeks since the last one."""


@dataclass(frozen=True, slots=True)
class Due:
    """Whether a questionnaire should be offered today, and a sentence saying so."""

    instrument: InstrumentId
    status: DueStatus
    due_on: date
    """The first day it is (or was) due: today when never taken."""
    sentence: str

    @property
    def offer(self) -> bool:
        """Whether to offer it today."""
        return self.status is not DueStatus.NOT_YET


def due(
    last_taken: date | None, today: date, which: Instrument | InstrumentId | str = InstrumentId.ODI
) -> Due:
    """Whether `which` is due `today`, given the day it was `last_taken` (None: never)."""
    which = which if isinstance(which, Instrument) else instrument(which)
    name, command = which.short_name, f"backcoach questionnaire {which.id.value}"
    if last_taken is None:
        return Due(
            which.id,
            DueStatus.FIRST,
            today,
            f"You have not filled in the {name} yet. Take it now ({command}): it is the starting "
            "point your later scores are compared with.",
        )
    due_on = last_taken + DUE_AFTER
    days = (today - last_taken).days
    if today < due_on:
        return Due(
            which.id,
            DueStatus.NOT_YET,
            due_on,
            f"The {name} is next due on {due_on:%d %b %Y} (every 2 to 4 weeks).",
        )
    if today - last_taken <= OVERDUE_AFTER:
        return Due(
            which.id,
            DueStatus.DUE,
            due_on,
            f"The {name} is due: it has been {days} days since the last one ({command}).",
        )
    return Due(
        which.id,
        DueStatus.OVERDUE,
        due_on,
        f"The {name} is overdue: it has been {days} days since the last one, more than 4 weeks "
        f"({command}).",
    )
