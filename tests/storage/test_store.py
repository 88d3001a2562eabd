"""Round trips through every Store method: what is written is what history reads back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from backcoach.catalog import ExerciseId
from backcoach.routine import EndReason, PainPhase, PainScore, SessionStatus
from backcoach.storage import StorageError, Store, open_store
from tests.storage._support import T0, at, result, routine


def test_a_started_session_reads_back_in_progress(store: Store) -> None:
    session_id = store.start_session(routine(), 612.5, T0, pid=4242, host="laptop")

    record = store.get_session(session_id)

    assert record.id == session_id
    assert record.routine == routine()
    assert record.planned_s == 612.5
    assert record.started_at == T0
    assert record.started_at.tzinfo is UTC
    assert record.status is SessionStatus.IN_PROGRESS
    assert record.end_reason is None
    assert record.ended_at is None
    assert record.results == ()
    assert record.pain == ()


def test_datetimes_in_any_zone_come_back_as_the_same_instant_in_utc(store: Store) -> None:
    paris = timezone(timedelta(hours=2))
    started = datetime(2024, 5, 6, 9, 30, 0, 123456, tzinfo=paris)

    session_id = store.start_session(routine(), 600, started, pid=1, host="h")
    record = store.get_session(session_id)

    assert record.started_at == started
    assert record.started_at.utcoffset() == timedelta(0)
    assert record.started_at.hour == 7
    assert record.started_at.microsecond == 123456


@pytest.mark.parametrize(
    "call",
    [
        lambda s, sid: s.start_session(routine(), 600, datetime(2024, 5, 6), pid=1, host="h"),
        lambda s, sid: s.heartbeat(sid, datetime(2024, 5, 6)),
        lambda s, sid: s.finish_session(
            sid, SessionStatus.COMPLETED, EndReason.FINISHED, datetime(2024, 5, 6)
        ),
        lambda s, sid: s.add_pain(sid, PainScore(PainPhase.BEFORE, 2, datetime(2024, 5, 6))),
        lambda s, sid: s.save_screening(datetime(2024, 5, 6), {}, passed=True),
    ],
    ids=["start", "heartbeat", "finish", "pain", "screening"],
)
def test_a_naive_datetime_is_refused_and_nothing_is_written(store: Store, call: object) -> None:
    session_id = store.start_session(routine(), 600, T0, pid=1, host="h")

    with pytest.raises(ValueError, match="timezone-aware"):
        call(store, session_id)  # type: ignore[operator]

    assert len(store.sessions()) == 1
    assert store.get_session(session_id).status is SessionStatus.IN_PROGRESS
    assert store.get_session(session_id).pain == ()
    assert store.screenings() == []


def test_results_read_back_in_position_order_whatever_the_saving_order(store: Store) -> None:
    session_id = store.start_session(routine(), 600, T0, pid=1, host="h")
    saved = [
        result(2, reps_done=0, skipped=True, holds_s=()),
        result(0, reps_done=8),
        result(1, reps_done=3, painful=True, holds_s=(4.5, 5.25, 0.0)),
    ]
    for one in saved:
        store.save_result(session_id, one)

    record = store.get_session(session_id)

    assert record.results == tuple(sorted(saved, key=lambda r: r.position))
    assert record.reps_done == 11


def test_saving_a_result_again_at_the_same_position_replaces_it(store: Store) -> None:
    session_id = store.start_session(routine(), 600, T0, pid=1, host="h")
    store.save_result(session_id, result(0, reps_done=2, holds_s=(1.5, 1.5)))
    store.save_result(session_id, result(1, reps_done=8))

    replacement = result(0, reps_done=5, holds_s=(1.5, 1.5, 1.0, 2.0, 1.5), painful=True)
    store.save_result(session_id, replacement)

    record = store.get_session(session_id)
    assert [r.position for r in record.results] == [0, 1]
    assert record.results[0] == replacement


def test_results_stay_with_their_own_session(store: Store) -> None:
    first = store.start_session(routine(), 600, T0, pid=1, host="h")
    second = store.start_session(routine(), 600, at(3600), pid=1, host="h")
    store.save_result(first, result(0, reps_done=1))
    store.save_result(second, result(0, reps_done=7))

    assert store.get_session(first).results == (result(0, reps_done=1),)
    assert store.get_session(second).results == (result(0, reps_done=7),)


def test_pain_scores_read_back_in_time_order(store: Store) -> None:
    session_id = store.start_session(routine(), 600, T0, pid=1, host="h")
    after = PainScore(PainPhase.AFTER, 1, at(700))
    before = PainScore(PainPhase.BEFORE, 4, at(0))
    during = PainScore(PainPhase.DURING, 6, at(200), exercise_id=ExerciseId.BIRD_DOG)
    for score in (after, before, during):
        store.add_pain(session_id, score)

    record = store.get_session(session_id)

    assert record.pain == (before, during, after)
    assert record.pain_at(PainPhase.BEFORE) == 4
    assert record.pain_at(PainPhase.AFTER) == 1


@pytest.mark.parametrize("score", [0, 10])
def test_the_ends_of_the_pain_scale_are_kept(store: Store, score: int) -> None:
    session_id = store.start_session(routine(), 600, T0, pid=1, host="h")
    store.add_pain(session_id, PainScore(PainPhase.DURING, score, at(10)))

    assert store.get_session(session_id).pain_at(PainPhase.DURING) == score


@pytest.mark.parametrize("score", [11, -1])
def test_a_pain_score_off_the_scale_is_refused(store: Store, score: int) -> None:
    session_id = store.start_session(routine(), 600, T0, pid=1, host="h")

    with pytest.raises(StorageError, match="0 to 10") as error:
        store.add_pain(session_id, PainScore(PainPhase.DURING, score, at(10)))

    assert "\n" not in str(error.value)
    assert store.get_session(session_id).pain == ()


def test_a_negative_rep_count_is_refused(store: Store) -> None:
    session_id = store.start_session(routine(), 600, T0, pid=1, host="h")

    with pytest.raises(StorageError, match="cannot be negative"):
        store.save_result(session_id, result(0, reps_done=-1))

    assert store.get_session(session_id).results == ()


@pytest.mark.parametrize("status", list(SessionStatus))
def test_every_status_can_be_stored(store: Store, status: SessionStatus) -> None:
    session_id = store.start_session(routine(), 600, T0, pid=1, host="h")

    store.finish_session(session_id, status, EndReason.QUIT, at(300))

    record = store.get_session(session_id)
    assert (record.status, record.end_reason, record.ended_at) == (status, EndReason.QUIT, at(300))


@pytest.mark.parametrize("reason", list(EndReason))
def test_every_end_reason_can_be_stored(store: Store, reason: EndReason) -> None:
    session_id = store.start_session(routine(), 600, T0, pid=1, host="h")

    store.finish_session(session_id, SessionStatus.STOPPED, reason, at(300))

    assert store.get_session(session_id).end_reason is reason


def test_sessions_are_listed_oldest_first_with_their_results_and_pain(store: Store) -> None:
    late = store.start_session(routine(), 600, at(86_400), pid=1, host="h")
    early = store.start_session(routine(), 300, at(0), pid=1, host="h")
    store.save_result(late, result(0, reps_done=4))
    store.save_result(early, result(1, reps_done=6))
    store.add_pain(early, PainScore(PainPhase.BEFORE, 2, at(1)))
    store.finish_session(early, SessionStatus.COMPLETED, EndReason.FINISHED, at(320))

    listed = store.sessions()

    assert [s.id for s in listed] == [early, late]
    assert listed[0] == store.get_session(early)
    assert listed[0].results == (result(1, reps_done=6),)
    assert listed[0].pain_at(PainPhase.BEFORE) == 2
    assert listed[1].results == (result(0, reps_done=4),)


def test_an_empty_store_has_no_sessions_and_no_screenings(store: Store) -> None:
    assert store.sessions() == []
    assert store.screenings() == []
    assert store.latest_screening() is None


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.get_session(99),
        lambda s: s.save_result(99, result(0)),
        lambda s: s.add_pain(99, PainScore(PainPhase.BEFORE, 1, T0)),
        lambda s: s.heartbeat(99, T0),
        lambda s: s.finish_session(99, SessionStatus.COMPLETED, EndReason.FINISHED, T0),
    ],
    ids=["get", "save_result", "add_pain", "heartbeat", "finish"],
)
def test_an_unknown_session_is_a_storage_error(store: Store, call: object) -> None:
    with pytest.raises(StorageError, match="no session 99") as error:
        call(store)  # type: ignore[operator]

    assert "\n" not in str(error.value)


def test_screenings_round_trip_and_the_latest_is_the_last_taken(store: Store) -> None:
    answers = {"night_pain": False, "numbness": False, "fever": True}
    later = store.save_screening(at(3600), answers, passed=False)
    earlier = store.save_screening(at(0), {"night_pain": False}, passed=True)

    assert later.answers == answers
    assert later.passed is False
    assert later.taken_at == at(3600)
    assert store.screenings() == [earlier, later]
    assert store.latest_screening() == later


def test_the_returned_screening_is_a_copy_of_the_answers(store: Store) -> None:
    answers = {"fever": False}
    saved = store.save_screening(T0, answers, passed=True)
    answers["fever"] = True

    assert saved.answers == {"fever": False}
    assert store.screenings()[0].answers == {"fever": False}


def test_each_write_is_visible_to_another_store_at_once(store_url: str) -> None:
    with open_store(store_url) as writer, open_store(store_url) as reader:
        session_id = writer.start_session(routine(), 600, T0, pid=1, host="h")
        assert reader.get_session(session_id).status is SessionStatus.IN_PROGRESS

        writer.save_result(session_id, result(0, reps_done=3))
        assert reader.get_session(session_id).reps_done == 3

        writer.add_pain(session_id, PainScore(PainPhase.DURING, 5, at(30)))
        assert reader.get_session(session_id).pain_at(PainPhase.DURING) == 5

        writer.finish_session(session_id, SessionStatus.STOPPED, EndReason.QUIT, at(60))
        assert reader.get_session(session_id).end_reason is EndReason.QUIT


def test_data_outlives_the_store(store_url: str) -> None:
    with open_store(store_url) as first:
        session_id = first.start_session(routine(), 600, T0, pid=1, host="h")
        first.save_result(session_id, result(0))
        screening = first.save_screening(T0, {"fever": False}, passed=True)
        saved = first.get_session(session_id)

    with open_store(store_url) as second:
        assert second.get_session(session_id) == saved
        assert second.latest_screening() == screening


def test_a_store_shows_where_its_data_is(db_path: Path) -> None:
    with open_store(f"sqlite:///{db_path}") as store:
        assert store.location == str(db_path)
        assert str(db_path) in repr(store)
