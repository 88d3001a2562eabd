"""Rest, easy and hard days, the routine suggested on the first two, and pain against load."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from backcoach.catalog import ExerciseId
from backcoach.routine import (
    PainPhase,
    PainScore,
    Routine,
    RoutineItem,
    SessionRecord,
    SessionStatus,
)
from backcoach.running import DayKind, Run, advice_to_dict, advise, describe, pain_vs_load
from tests.running.test_runs import MONDAY, on

TODAY = MONDAY + timedelta(days=2)  # a Wednesday


def history(*km: float) -> list[Run]:
    """Runs on the days before TODAY (the last one yesterday)."""
    return [on(TODAY - timedelta(days=len(km) - i), d) for i, d in enumerate(km)]


@pytest.mark.parametrize(
    ("today_km", "kind", "routine"),
    [
        ((), DayKind.REST, True),
        ((4.0,), DayKind.EASY, True),  # under 60% of the usual 10 km
        ((5.99,), DayKind.EASY, True),
        ((6.0,), DayKind.HARD, False),  # exactly 60%: not short
        ((12.0,), DayKind.HARD, False),
        ((3.0, 4.0), DayKind.HARD, False),  # two runs add up to 7 km
    ],
    ids=["rest", "easy", "just-easy", "sixty-percent", "long", "double"],
)
def test_day_kinds_against_the_usual_run(
    today_km: tuple[float, ...], kind: DayKind, routine: bool
) -> None:
    runs = history(8, 10, 12, 10) + [on(TODAY, km, time(7 + i)) for i, km in enumerate(today_km)]
    advice = advise(runs, TODAY, tz=UTC)
    assert advice.usual_m == 10000  # the median of 8, 10, 10, 12
    assert advice.kind is kind
    assert advice.do_routine is routine
    assert advice.runs == len(today_km)


def test_the_usual_run_looks_back_eight_weeks_only() -> None:
    old = [on(TODAY - timedelta(days=57 + i), 30) for i in range(5)]
    recent = history(5, 5, 5)
    assert advise(old + recent + [on(TODAY, 4)], TODAY, tz=UTC).kind is DayKind.HARD
    assert advise([*old, on(TODAY, 10)], TODAY, tz=UTC).usual_m is None


@pytest.mark.parametrize(("km", "kind"), [(4.9, DayKind.EASY), (5.0, DayKind.HARD)])
def test_without_a_usual_run_five_km_decides(km: float, kind: DayKind) -> None:
    advice = advise([*history(20, 20), on(TODAY, km)], TODAY, tz=UTC)
    assert advice.usual_m is None
    assert advice.kind is kind


def test_the_day_is_taken_in_the_users_time_zone() -> None:
    late = on(TODAY - timedelta(days=1), 10, time(23, 30))  # already TODAY in Paris
    paris = timezone(timedelta(hours=2))
    assert advise([late], TODAY, tz=UTC).kind is DayKind.REST
    assert advise([late], TODAY, tz=paris).kind is DayKind.HARD


def test_the_advice_in_words() -> None:
    rest = advise(history(8, 10, 12), TODAY, tz=UTC)
    assert describe(rest).startswith("Rest day") and "do it today" in describe(rest)
    easy = advise([*history(8, 10, 12), on(TODAY, 4)], TODAY, tz=UTC)
    assert describe(easy).startswith(
        "Easy day (4.0 km, under 60% of your usual 10.0 km): do the routine today."
    )
    hard = advise([*history(8, 10, 12), on(TODAY, 14)], TODAY, tz=UTC)
    assert "skip the routine today" in describe(hard)
    doc = advice_to_dict(hard)
    assert doc["kind"] == "hard" and doc["do_routine"] is False and doc["day"] == "2024-05-08"


def test_a_week_ramping_up_too_fast_is_said() -> None:
    last_weeks = [on(MONDAY - timedelta(weeks=w), 10) for w in (1, 2)]
    this_week = [on(MONDAY, 10), on(MONDAY + timedelta(days=1), 4)]
    advice = advise(last_weeks + this_week, TODAY, tz=UTC)
    assert advice.kind is DayKind.REST and advice.week_flagged
    assert "over 30% above the two weeks before" in describe(advice)
    calm = advise(last_weeks + this_week[:1], TODAY, tz=UTC)
    assert not calm.week_flagged and "30%" not in describe(calm)


def _session(session_id: int, day: date, before: int | None) -> SessionRecord:
    at = datetime.combine(day, time(18, 0), tzinfo=UTC)
    pain = () if before is None else (PainScore(PainPhase.BEFORE, before, at),)
    return SessionRecord(
        id=session_id,
        started_at=at,
        ended_at=at + timedelta(minutes=12),
        status=SessionStatus.COMPLETED,
        end_reason=None,
        routine=Routine((RoutineItem(ExerciseId.BIRD_DOG, reps=6, hold_s=5, rest_s=3),)),
        planned_s=720,
        pain=pain,
    )


def test_pain_is_set_against_the_weeks_running() -> None:
    runs = [on(MONDAY - timedelta(weeks=1), 10), on(MONDAY, 20)]
    sessions = [
        _session(1, MONDAY - timedelta(days=6), 2),
        _session(2, MONDAY - timedelta(days=5), 4),
        _session(3, MONDAY + timedelta(days=1), 6),
        _session(4, MONDAY + timedelta(days=1), None),  # no score: not in the mean
        _session(5, MONDAY - timedelta(weeks=5), 9),  # before the weeks shown
    ]
    weeks = pain_vs_load(runs, sessions, TODAY, weeks=3, tz=UTC)
    assert [w.start for w in weeks] == [MONDAY - timedelta(weeks=n) for n in (2, 1, 0)]
    assert [w.load.distance_m for w in weeks] == [0, 10000, 20000]
    assert [w.pain_before_mean for w in weeks] == [None, 3.0, 6.0]
    assert [w.pain_scores for w in weeks] == [0, 2, 1]
