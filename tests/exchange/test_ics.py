"""The reminders calendar, re-read with icalendar: one weekly event with its alarm, a UID that
stays the same for the same schedule, and clear errors for days and times that make no sense."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from backcoach.exchange.ics import (
    PRODID,
    ReminderError,
    ReminderSchedule,
    build_calendar,
    parse_days,
    parse_time,
)

TUESDAY = date(2024, 5, 7)
NOW = datetime(2024, 5, 7, 12, 0, tzinfo=UTC)
MWF = ReminderSchedule((0, 2, 4), time(7, 30), duration_s=14 * 60 + 5, alarm_min=10)


def parsed(schedule: ReminderSchedule, today: date = TUESDAY, now: datetime = NOW) -> Calendar:
    data = build_calendar(schedule, today=today, now=now)
    assert b"\r\n" in data  # RFC 5545 content lines end in CRLF
    return Calendar.from_ical(data)


def the_event(calendar: Calendar) -> Any:
    [event] = calendar.walk("VEVENT")
    return event


def test_one_weekly_event_with_an_alarm() -> None:
    cal = parsed(MWF)
    assert str(cal["PRODID"]) == PRODID and str(cal["VERSION"]) == "2.0"
    event = the_event(cal)
    assert event["RRULE"]["FREQ"] == ["WEEKLY"]
    assert event["RRULE"]["BYDAY"] == ["MO", "WE", "FR"]
    # Floating time: no zone, first on the Wednesday after Tuesday TUESDAY.
    assert event.decoded("DTSTART") == datetime(2024, 5, 8, 7, 30)
    assert "TZID" not in event["DTSTART"].params
    assert event.decoded("DURATION") == timedelta(minutes=15)  # 14:05, rounded up
    assert event.decoded("DTSTAMP") == NOW
    assert str(event["SUMMARY"]) == "Back routine (backcoach)"
    [alarm] = event.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm.decoded("TRIGGER") == timedelta(minutes=-10)
    assert str(alarm["DESCRIPTION"])
    assert not cal.walk("VTIMEZONE")


def test_the_rule_gives_the_chosen_days_at_the_chosen_time() -> None:
    event = the_event(parsed(MWF))
    start = event.decoded("DTSTART")
    rule: Any = rrulestr(event["RRULE"].to_ical().decode(), dtstart=start)
    first = list(rule[:6])
    assert [d.strftime("%a %H:%M") for d in first] == [
        "Wed 07:30",
        "Fri 07:30",
        "Mon 07:30",
        "Wed 07:30",
        "Fri 07:30",
        "Mon 07:30",
    ]
    assert first[0] == start  # DTSTART is itself an occurrence


def test_the_same_schedule_keeps_its_uid() -> None:
    first = the_event(parsed(MWF))["UID"]
    later = the_event(parsed(MWF, today=TUESDAY + timedelta(days=40), now=NOW + timedelta(days=40)))
    # A new length or alarm updates the same event...
    longer = ReminderSchedule((4, 0, 2, 2), time(7, 30), duration_s=20 * 60, alarm_min=5)
    assert first == later["UID"] == the_event(parsed(longer))["UID"]
    # ...other days, another time or a zone make another event.
    others = [
        ReminderSchedule((0, 2), time(7, 30), duration_s=600),
        ReminderSchedule((0, 2, 4), time(7, 45), duration_s=600),
        ReminderSchedule((0, 2, 4), time(7, 30), duration_s=600, tz="Europe/Paris"),
    ]
    uids = {str(the_event(parsed(s))["UID"]) for s in others}
    assert len(uids) == 3 and str(first) not in uids


def test_reimporting_updates_rather_than_duplicates() -> None:
    """A calendar keeps one event per UID: the newer copy replaces the older."""
    kept: dict[str, Any] = {}
    for day in range(3):
        for event in parsed(MWF, now=NOW + timedelta(days=day)).walk("VEVENT"):
            kept[str(event["UID"])] = event
    assert len(kept) == 1


def test_a_zone_gives_tzid_and_vtimezone() -> None:
    paris = ReminderSchedule((5,), time(18, 0), duration_s=600, alarm_min=0, tz="Europe/Paris")
    cal = parsed(paris, today=date(2024, 2, 29))
    event = the_event(cal)
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    start = event.decoded("DTSTART")
    assert start == datetime(2024, 3, 2, 18, 0, tzinfo=ZoneInfo("Europe/Paris"))
    [zone] = cal.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Paris"
    [alarm] = event.walk("VALARM")
    assert alarm.decoded("TRIGGER") == timedelta(0)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("mon,wed,fri", (0, 2, 4)),
        ("Fri, MON ,wed", (0, 2, 4)),
        ("mo,tu", (0, 1)),
        ("sunday,saturday", (5, 6)),
        ("daily", tuple(range(7))),
        ("weekdays", (0, 1, 2, 3, 4)),
        ("weekends,mon", (0, 5, 6)),
        ("tue,tue", (1,)),
    ],
)
def test_days(text: str, days: tuple[int, ...]) -> None:
    assert parse_days(text) == days


@pytest.mark.parametrize(
    ("text", "message"),
    [("funday", "unknown day 'funday'"), ("mon,xyz", "unknown day 'xyz'"), (" , ", "at least one")],
)
def test_bad_days(text: str, message: str) -> None:
    with pytest.raises(ReminderError, match=message):
        parse_days(text)


@pytest.mark.parametrize(
    ("text", "at"),
    [("07:30", time(7, 30)), ("7:05", time(7, 5)), ("23:59", time(23, 59)), ("00:00", time(0, 0))],
)
def test_times(text: str, at: time) -> None:
    assert parse_time(text) == at


@pytest.mark.parametrize("text", ["25:00", "7:60", "7", "7.30", "07:30pm", "", "0730", "-1:00"])
def test_bad_times(text: str) -> None:
    with pytest.raises(ReminderError, match="HH:MM on a 24-hour clock"):
        parse_time(text)


def test_a_bad_schedule_is_refused() -> None:
    with pytest.raises(ReminderError, match="at least one day"):
        ReminderSchedule((), time(7), duration_s=600)
    with pytest.raises(ReminderError, match="alarm"):
        ReminderSchedule((0,), time(7), duration_s=600, alarm_min=-5)
    with pytest.raises(ReminderError, match="unknown time zone 'Mars/Olympus'"):
        build_calendar(
            ReminderSchedule((0,), time(7), duration_s=600, tz="Mars/Olympus"),
            today=TUESDAY,
            now=NOW,
        )
