"""The run record, weekly load and its ramp flag, day kinds, and pain against load."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from backcoach.running import (
    Run,
    SourceKind,
    counts_as_run,
    fingerprint,
    normalize_sport,
    weekly_load,
)

MONDAY = date(2024, 5, 6)


def on(day: date, km: float, at: time = time(7, 0), minutes: float | None = None) -> Run:
    start = datetime.combine(day, at, tzinfo=UTC)
    return Run(start, (minutes or km * 6) * 60, km * 1000, "running", SourceKind.GPX, "t.gpx")


def weeks_of(*km_per_week: float) -> list[Run]:
    """One run on the Monday of each week, the last week being MONDAY's."""
    first = MONDAY - timedelta(weeks=len(km_per_week) - 1)
    return [on(first + timedelta(weeks=i), km) for i, km in enumerate(km_per_week) if km > 0]


# -- the run record ------------------------------------------------------------------------------


def test_a_run_is_kept_in_utc_and_checked() -> None:
    paris = timezone(timedelta(hours=2))
    r = Run(datetime(2024, 5, 6, 9, 30, tzinfo=paris), 1800, 5000)
    assert r.started_at == datetime(2024, 5, 6, 7, 30, tzinfo=UTC)
    assert r.started_at.tzinfo is UTC
    assert r.pace_s_per_km == 360
    with pytest.raises(ValueError, match="time zone"):
        Run(datetime(2024, 5, 6, 7, 30), 1800, 5000)
    with pytest.raises(ValueError, match="duration"):
        Run(r.started_at, 0, 5000)
    with pytest.raises(ValueError, match="distance"):
        Run(r.started_at, 1800, -1)
    with pytest.raises(ValueError, match="duration"):
        Run(r.started_at, float("nan"), 5000)
    assert Run(r.started_at, 1800, 0).pace_s_per_km is None


def test_the_fingerprint_is_the_start_to_the_minute() -> None:
    start = datetime(2024, 5, 6, 7, 30, 12, tzinfo=UTC)
    assert fingerprint(start) == "run@2024-05-06T07:30Z"
    same_minute = Run(start + timedelta(seconds=40), 1800, 5100, source_kind=SourceKind.FIT)
    assert same_minute.fingerprint == Run(start, 1795, 4980).fingerprint
    assert Run(start + timedelta(minutes=1), 1800, 5000).fingerprint != same_minute.fingerprint
    assert fingerprint(start.astimezone(timezone(timedelta(hours=-5)))) == fingerprint(start)


@pytest.mark.parametrize(
    ("given", "stored", "is_run"),
    [
        ("Running", "running", True),
        ("Trail Run", "trail_run", True),
        ("Virtual Run", "virtual_run", True),
        ("treadmill_running", "treadmill_running", True),
        (None, "unspecified", True),
        ("  ", "unspecified", True),
        ("Ride", "ride", False),
        ("cycling", "cycling", False),
        ("Walk", "walk", False),
        ("Swim", "swim", False),
    ],
)
def test_sports(given: str | None, stored: str, is_run: bool) -> None:
    assert normalize_sport(given) == stored
    assert counts_as_run(stored) is is_run


# -- weekly load and the ramp flag ---------------------------------------------------------------


def test_weeks_start_on_monday_and_add_up_distance_time_and_runs() -> None:
    sunday_before = MONDAY - timedelta(days=1)
    runs = [
        on(sunday_before, 10, time(22, 0)),
        on(MONDAY, 5),
        on(MONDAY + timedelta(days=6), 8, time(23, 0)),
    ]
    [previous, this] = weekly_load(runs, MONDAY + timedelta(days=6), weeks=2, tz=UTC)
    assert (previous.start, this.start) == (MONDAY - timedelta(weeks=1), MONDAY)
    assert (previous.distance_m, previous.runs) == (10000, 1)
    assert (this.distance_m, this.runs, this.duration_s) == (13000, 2, 13 * 6 * 60)
    assert this.change == pytest.approx(0.3)


def test_weeks_are_taken_in_the_users_time_zone() -> None:
    # 22:00 UTC on Sunday is already Monday in Paris (UTC+2 in May).
    late = on(MONDAY - timedelta(days=1), 10, time(22, 0))
    paris = timezone(timedelta(hours=2))
    assert weekly_load([late], MONDAY, weeks=1, tz=UTC)[-1].distance_m == 0
    assert weekly_load([late], MONDAY, weeks=1, tz=paris)[-1].distance_m == 10000


def test_runs_after_today_are_left_out() -> None:
    runs = [on(MONDAY, 5), on(MONDAY + timedelta(days=3), 9)]
    assert weekly_load(runs, MONDAY, weeks=1, tz=UTC)[-1].distance_m == 5000


def test_weeks_come_oldest_first_and_empty_weeks_are_zero() -> None:
    loads = weekly_load(weeks_of(10, 0, 12), MONDAY, weeks=3, tz=UTC)
    assert [w.start for w in loads] == [MONDAY - timedelta(weeks=n) for n in (2, 1, 0)]
    assert [w.distance_m for w in loads] == [10000, 0, 12000]
    assert loads[1].change == pytest.approx(-1.0)
    assert loads[2].change is None  # nothing last week: no week-over-week figure


@pytest.mark.parametrize(
    ("km", "flagged", "ramp"),
    [
        # this week vs the mean of the two weeks before it
        ((10, 10, 13), False, 0.30),  # exactly 30%: not over
        ((10, 10, 13.01), True, 0.301),  # just over
        ((10, 12, 15), True, 15 / 11 - 1),  # two rises compounding: 36% over the mean
        ((10, 12, 14), False, 14 / 11 - 1),  # 27%: steady build
        ((20, 14, 20), False, 20 / 17 - 1),  # +43% on last week, but 18% on the mean
        ((20, 10, 20), True, 20 / 15 - 1),  # a halved week, then back to full at once
        ((0, 0, 20), False, None),  # after two empty weeks there is no baseline
        ((10, 0, 10, 14), True, 14 / 5 - 1),  # after a break: the empty week halves the mean
        ((0, 10, 14), False, None),  # the record starts last week: no baseline yet
        ((30, 30, 20), False, 20 / 30 - 1),  # a drop is never flagged
    ],
    ids=[
        "exactly-30",
        "just-over-30",
        "compounding",
        "steady-build",
        "after-a-lighter-week",
        "after-a-halved-week",
        "no-baseline",
        "after-a-break",
        "record-starts",
        "drop",
    ],
)
def test_the_ramp_flag(km: Sequence[float], flagged: bool, ramp: float | None) -> None:
    week = weekly_load(weeks_of(*km), MONDAY, weeks=1, tz=UTC)[-1]
    assert week.flagged is flagged
    if ramp is None:
        assert week.ramp is None and week.baseline_m is None
    else:
        assert week.ramp == pytest.approx(ramp)


def test_every_week_shown_has_its_flag_from_weeks_not_shown() -> None:
    loads = weekly_load(weeks_of(10, 10, 20, 18), MONDAY, weeks=2, tz=UTC)
    assert [w.flagged for w in loads] == [True, False]  # 20 on 10: +100%; 18 on 15: +20%
    assert loads[0].baseline_m == 10000
