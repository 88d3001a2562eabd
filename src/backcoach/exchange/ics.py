"""Reminders as an iCalendar file (RFC 5545): one weekly event for the routine, with an alarm.

The calendar holds one VEVENT that repeats (``RRULE:FREQ=WEEKLY;BYDAY=...``) on the chosen days
at the chosen time, lasts as long as the routine's planned session (``DURATION``), and carries a
display alarm (``VALARM``, ``TRIGGER:-PT10M`` by default).

Time zone: by default the start is a *floating* time (no ``TZID``): 07:30 wherever the user is,
which is what a daily habit wants; it follows travel and daylight-saving changes without a zone
to keep current, and every calendar reads it in its own zone. Given an IANA zone name
(``Europe/Paris``), the start carries ``TZID`` and the calendar a matching ``VTIMEZONE``,
generated from the zone database, for users who want the time pinned to one place.

The event's ``UID`` is derived from the schedule itself (its days, time and zone): writing the
same schedule again gives the same UID, so importing the new file updates the event instead of
adding a second one; a different schedule is a different event.

icalendar (the `exchange` extra) is imported when a calendar is built.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from backcoach.errors import BackcoachError

PRODID = "-//backcoach//back routine reminders 1.0//EN"
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
"""RFC 5545 weekday codes, Monday first (index 0 is Monday, as `date.weekday()`)."""
MAX_ALARM_MIN = 24 * 60
ZONE_YEARS = 30
"""How many years of a zone's rules go into the VTIMEZONE of a calendar with a zone."""

_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_WORDS = {
    word: i for i, name in enumerate(_DAY_NAMES) for word in (name, name[:3], DAY_CODES[i].lower())
}
_DAY_GROUPS = {"daily": tuple(range(7)), "weekdays": tuple(range(5)), "weekends": (5, 6)}
_TIME = re.compile(r"(\d{1,2}):(\d{2})")


class ReminderError(BackcoachError):
    """The reminder schedule is not usable (unknown day, bad time, unknown time zone...)."""


@dataclass(frozen=True, slots=True)
class ReminderSchedule:
    """When to be reminded: weekdays (0 is Monday), a time of day, the session's length, how
    many minutes before to alarm, and an optional IANA time zone (None: floating time)."""

    days: tuple[int, ...]
    at: time
    duration_s: float
    alarm_min: int = 10
    tz: str | None = None

    def __post_init__(self) -> None:
        days = tuple(sorted(set(self.days)))
        if not days:
            raise ReminderError("choose at least one day for the reminders")
        if days[0] < 0 or days[-1] > 6:
            raise ReminderError(f"days are 0 (Monday) to 6 (Sunday), not {list(self.days)}")
        object.__setattr__(self, "days", days)
        if self.at.tzinfo is not None:
            raise ReminderError("give the reminder time without a zone; the zone is `tz`")
        if not (math.isfinite(self.duration_s) and self.duration_s > 0):
            raise ReminderError(f"the session length must be positive, not {self.duration_s}")
        if not 0 <= self.alarm_min <= MAX_ALARM_MIN:
            raise ReminderError(
                f"the alarm goes 0 to {MAX_ALARM_MIN} minutes before, not {self.alarm_min}"
            )

    @property
    def byday(self) -> list[str]:
        """The RRULE BYDAY codes, Monday first."""
        return [DAY_CODES[d] for d in self.days]

    @property
    def uid(self) -> str:
        """Stable for the same days, time and zone; see the module's notes."""
        key = f"{','.join(self.byday)}|{self.at:%H:%M}|{self.tz or 'floating'}"
        return f"routine-{hashlib.sha256(key.encode()).hexdigest()[:16]}@backcoach"

    @property
    def duration(self) -> timedelta:
        """The session's length, rounded up to whole minutes."""
        return timedelta(minutes=math.ceil(self.duration_s / 60 - 1e-9))


def parse_days(text: str) -> tuple[int, ...]:
    """Weekdays from "mon,wed,fri" (also "mo", "monday", "daily", "weekdays", "weekends")."""
    days: set[int] = set()
    for word in (w.strip().lower() for w in text.replace(" ", ",").split(",")):
        if not word:
            continue
        if word in _DAY_GROUPS:
            days.update(_DAY_GROUPS[word])
        elif word in _DAY_WORDS:
            days.add(_DAY_WORDS[word])
        else:
            raise ReminderError(
                f"unknown day {word!r} in --days (use mon,tue,wed,thu,fri,sat,sun, "
                "daily, weekdays or weekends)"
            )
    if not days:
        raise ReminderError("--days needs at least one day, e.g. mon,wed,fri")
    return tuple(sorted(days))


def parse_time(text: str) -> time:
    """A time of day from "HH:MM" on a 24-hour clock ("7:30" and "07:30" alike)."""
    match = _TIME.fullmatch(text.strip())
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise ReminderError(f"--time must be HH:MM on a 24-hour clock, e.g. 07:30, not {text!r}")
    return time(int(match[1]), int(match[2]))


def first_day(schedule: ReminderSchedule, today: date) -> date:
    """The first chosen weekday on or after `today`: the event's DTSTART date, so that the start
    is itself an occurrence of the rule (RFC 5545 counts DTSTART as the first one)."""
    return next(
        today + timedelta(days=n)
        for n in range(7)
        if (today + timedelta(days=n)).weekday() in schedule.days
    )


def build_calendar(schedule: ReminderSchedule, *, today: date, now: datetime) -> bytes:
    """The iCalendar file, as bytes (UTF-8, CRLF line ends), starting on or after `today`;
    `now` (timezone-aware) is its DTSTAMP."""
    if now.tzinfo is None:
        raise ValueError("`now` must be timezone-aware")
    try:
        from icalendar import Alarm, Calendar, Event, vRecur
    except ImportError as exc:
        raise ReminderError(
            "calendar files need icalendar: pip install 'backcoach[exchange]'"
        ) from exc

    start = datetime.combine(first_day(schedule, today), schedule.at)
    if schedule.tz is not None:
        start = start.replace(tzinfo=_zone(schedule.tz))
    minutes = round(schedule.duration / timedelta(minutes=1))

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    when = f"in {schedule.alarm_min} minutes" if schedule.alarm_min else "now"
    alarm.add("description", f"Back routine {when}")
    alarm.add("trigger", -timedelta(minutes=schedule.alarm_min))

    event = Event()
    event.add("uid", schedule.uid)
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", start)
    event.add("duration", schedule.duration)
    event.add("rrule", vRecur({"FREQ": "WEEKLY", "BYDAY": schedule.byday}))
    event.add("summary", "Back routine (backcoach)")
    event.add(
        "description",
        f"Your back-care routine, about {minutes} minutes. Start it with: backcoach session",
    )
    event.add("transp", "OPAQUE")
    event.add_component(alarm)

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "backcoach")
    calendar.add_component(event)
    if schedule.tz is not None:
        # The zone's rules from the first reminder on, for as long as a schedule may be kept.
        first = start.date()
        calendar.add_missing_timezones(first, first + timedelta(days=round(365.25 * ZONE_YEARS)))
    ical: bytes = calendar.to_ical()
    return ical


def _zone(name: str) -> tzinfo:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ReminderError(
            f"unknown time zone {name!r} (use an IANA name such as Europe/Paris)"
        ) from exc
