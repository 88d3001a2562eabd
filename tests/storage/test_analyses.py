"""Motion analyses are kept exactly as the motion coach wrote them, tied to a session or not,
and read back by the report."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from backcoach.catalog import ExerciseId
from backcoach.motion import analyze, track_from_dict
from backcoach.report import build_report
from backcoach.storage import StorageError, Store, open_store
from backcoach.storage._models_analyses import AnalysisSource
from backcoach.storage._store_analyses import StoredAnalysis
from backcoach.synth import TrackSpec, generate
from tests.storage._support import T0, at, routine


@cache
def bridge_document() -> dict[str, Any]:
    """A real analysis document: the motion coach on a synthetic set of two glute bridges,
    the second one held too briefly."""
    spec = TrackSpec(
        "glute_bridge",
        reps=2,
        hold_s=3.0,
        rest_s=4.0,
        width=480,
        height=360,
        fps=15.0,
        faults={2: frozenset({"hold_too_short"})},
    )
    track = track_from_dict(generate(spec, 11).document)
    document: dict[str, Any] = analyze(track, "glute_bridge", hold_s=3.0, rest_s=4.0).to_dict()
    return document


def bird_dog_document(reps: int = 2) -> dict[str, Any]:
    sides = ["left", "right"] * reps
    return {
        "version": 1,
        "exercise": "bird_dog",
        "prescribed": {"hold_s": 5.0, "rest_s": 3.0},
        "reps": reps,
        "sides": {"left": sides[:reps].count("left"), "right": sides[:reps].count("right")},
        "rep_details": [
            {
                "index": i + 1,
                "side": sides[i],
                "start_s": 2.0 + 10 * i,
                "end_s": 9.5 + 10 * i,
                "hold_s": 5.2,
                "peak": {"signal": "leg_elevation", "value": -4.5},
                "faults": ["arm_not_raised"] if i == 0 else [],
            }
            for i in range(reps)
        ],
        "faults": {"arm_not_raised": 1},
        "warnings": ["the camera saw the body from the front for a while; measured on the left"],
        "quality": {"frames": 600, "frames_with_pose": 590, "side_used": "left"},
        "model": "an extra field the format allows",
    }


def test_an_analysis_is_kept_exactly_and_read_back(store: Store) -> None:
    document = bridge_document()
    assert document["reps"] == 2 and document["faults"] == {"hold_too_short": 1}

    stored = store.add_analysis(
        document, source="video", created_at=at(60), video_name="bridge.mp4"
    )

    assert isinstance(stored, StoredAnalysis)
    assert stored.id >= 1
    assert stored.exercise_id is ExerciseId.GLUTE_BRIDGE
    assert stored.source is AnalysisSource.VIDEO
    assert stored.reps_counted == 2
    assert stored.created_at == at(60) and stored.created_at.tzinfo is not None
    assert stored.video_name == "bridge.mp4" and stored.session_id is None
    assert stored.document == document
    assert store.analysis(stored.id) == stored
    assert store.analyses() == [stored]


def test_to_dict_is_the_document_with_when_it_was_made(store: Store) -> None:
    document = bird_dog_document()
    paris = timezone(timedelta(hours=2))
    stored = store.add_analysis(
        document, source="live", created_at=datetime(2024, 5, 6, 9, 30, tzinfo=paris)
    )

    as_dict = store.analyses()[0].to_dict()

    assert as_dict.pop("analysed_at") == "2024-05-06T07:30:00+00:00"
    assert as_dict == document
    as_dict["reps"] = 99  # a copy: changing it changes nothing stored
    assert stored.to_dict()["reps"] == 2 and store.analyses()[0].document["reps"] == 2


def test_analyses_come_oldest_first_and_since_a_time(store: Store) -> None:
    late = store.add_analysis(bird_dog_document(4), source="track", created_at=at(3600))
    early = store.add_analysis(bird_dog_document(2), source="live", created_at=at(10))
    same_time = store.add_analysis(bird_dog_document(1), source="live", created_at=at(10))

    assert [a.id for a in store.analyses()] == [early.id, same_time.id, late.id]
    assert [a.reps_counted for a in store.analyses(since=at(11))] == [4]
    assert store.analyses(since=at(3601)) == []
    assert store.analysis(late.id + 100) is None


def test_an_analysis_tied_to_a_session_outlives_it(store: Store) -> None:
    session_id = store.start_session(routine(), 600, T0, pid=1, host="h")
    stored = store.add_analysis(
        bird_dog_document(), source="live", created_at=at(30), session_id=session_id
    )
    assert stored.session_id == session_id

    with store.engine.begin() as connection:
        connection.execute(text("DELETE FROM sessions WHERE id = :id"), {"id": session_id})

    kept = store.analysis(stored.id)
    assert kept is not None and kept.session_id is None and kept.document == stored.document


def test_an_unknown_session_is_refused_and_nothing_is_kept(store: Store) -> None:
    with pytest.raises(StorageError, match="there is no session 42 in"):
        store.add_analysis(bird_dog_document(), source="live", created_at=T0, session_id=42)
    assert store.analyses() == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"version": 2}, "of version 1"),
        ({"exercise": "plank"}, "unknown exercise 'plank'"),
        ({"reps": -1}, "reps must be a whole number"),
        ({"reps": True}, "reps must be a whole number"),
        ({"reps": 2.0}, "reps must be a whole number"),
        ({"warnings": [float("nan")]}, "must be plain JSON"),
        ({"quality": {1, 2}}, "must be plain JSON"),
    ],
)
def test_what_is_not_an_analysis_document_is_refused(
    store: Store, change: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        store.add_analysis({**bird_dog_document(), **change}, source="live", created_at=T0)
    assert store.analyses() == []


def test_an_unknown_source_and_a_naive_time_are_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="'webcam' is not a valid AnalysisSource"):
        store.add_analysis(bird_dog_document(), source="webcam", created_at=T0)
    with pytest.raises(ValueError, match="timezone-aware"):
        store.add_analysis(bird_dog_document(), source="live", created_at=datetime(2024, 5, 6))
    assert store.analyses() == []


@pytest.mark.parametrize(
    ("column", "value"),
    [("exercise_id", "plank"), ("source", "webcam"), ("reps_counted", -1)],
)
def test_the_database_itself_refuses_rows_no_backcoach_writes(
    store: Store, column: str, value: object
) -> None:
    row: dict[str, object] = {
        "created_at": "2024-05-06 07:30:00",
        "exercise_id": "bird_dog",
        "source": "live",
        "reps_counted": 1,
        "document": "{}",
    }
    row[column] = value
    insert = text(
        "INSERT INTO motion_analyses (created_at, exercise_id, source, reps_counted, document) "
        "VALUES (:created_at, :exercise_id, :source, :reps_counted, :document)"
    )
    if store.engine.dialect.name != "sqlite":
        row["created_at"] = T0
    with pytest.raises(IntegrityError), store.engine.begin() as connection:
        connection.execute(insert, row)


def test_analyses_last_across_reopening(store_url: str) -> None:
    with open_store(store_url) as first:
        stored = first.add_analysis(bridge_document(), source="video", created_at=at(5))
    with open_store(store_url) as second:
        assert second.analyses() == [stored]


def test_the_report_sums_up_the_stored_analyses_of_its_period(store: Store) -> None:
    today = T0.date()
    store.add_analysis(bridge_document(), source="video", created_at=T0 - timedelta(days=1))
    store.add_analysis(bird_dog_document(2), source="live", created_at=T0 - timedelta(days=2))
    store.add_analysis(bird_dog_document(4), source="live", created_at=T0 - timedelta(days=90))

    form = build_report(store, today, weeks=2, tz=UTC).form

    assert form.recorded
    by_id = {e.exercise_id: e for e in form.exercises}
    assert set(by_id) == {ExerciseId.GLUTE_BRIDGE, ExerciseId.BIRD_DOG}
    bridge, bird = by_id[ExerciseId.GLUTE_BRIDGE], by_id[ExerciseId.BIRD_DOG]
    assert (bridge.analyses, bridge.reps, bridge.reps_with_faults) == (1, 2, 1)
    assert [(f.code, f.reps) for f in bridge.faults] == [("hold_too_short", 1)]
    assert (bird.analyses, bird.reps) == (1, 2)  # the set 90 days ago is out of the period
    assert form.unreadable == 0


def test_an_analysis_is_deleted_and_only_that_one(store: Store) -> None:
    first = store.add_analysis(bridge_document(), source="video", created_at=at(60))
    second = store.add_analysis(bridge_document(), source="live", created_at=at(120))

    assert store.delete_analysis(first.id) is True
    assert store.delete_analysis(first.id) is False
    assert store.analysis(first.id) is None
    assert [a.id for a in store.analyses()] == [second.id]
