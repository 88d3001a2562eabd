"""Imported runs: stored once each (by fingerprint), read back oldest first, in UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from backcoach.running import Run, SourceKind
from backcoach.storage import Store, open_store
from tests.storage._support import T0


def run(minutes_after: float, km: float = 5.0, **changes: object) -> Run:
    fields: dict[str, object] = {
        "started_at": T0 + timedelta(minutes=minutes_after),
        "duration_s": km * 330,
        "distance_m": km * 1000,
        "sport": "running",
        "source_kind": SourceKind.GPX,
        "source_name": f"run-{minutes_after:g}.gpx",
    }
    fields.update(changes)
    return Run(**fields)  # type: ignore[arg-type]


def test_runs_come_back_as_stored_oldest_first(store: Store) -> None:
    later, earlier = run(60 * 24, km=8), run(0, source_kind=SourceKind.FIT)
    assert store.add_runs([later, earlier]) == (2, 0)
    assert store.runs() == [earlier, later]
    assert store.runs()[0].started_at.tzinfo is UTC


def test_a_run_imported_again_is_a_duplicate(store: Store) -> None:
    assert store.add_runs([run(0), run(60)]) == (2, 0)
    # The same runs from another source: seconds apart, a slightly different distance.
    again = [
        run(0.2, km=5.02, source_kind=SourceKind.TCX, source_name="watch.tcx"),
        run(60, source_name="copy.gpx"),
        run(120),
    ]
    assert store.add_runs(again) == (1, 2)
    assert [r.source_name for r in store.runs()] == ["run-0.gpx", "run-60.gpx", "run-120.gpx"]


def test_duplicates_within_one_import_keep_the_first(store: Store) -> None:
    assert store.add_runs([run(0, source_name="a.fit"), run(0, source_name="b.gpx")]) == (1, 1)
    assert [r.source_name for r in store.runs()] == ["a.fit"]


def test_since_selects_the_later_runs(store: Store) -> None:
    store.add_runs([run(0), run(60 * 24 * 7), run(60 * 24 * 14)])
    since = T0 + timedelta(days=7)
    assert [r.started_at for r in store.runs(since=since)] == [since, since + timedelta(days=7)]
    paris = timezone(timedelta(hours=2))
    assert len(store.runs(since=since.astimezone(paris))) == 2
    with pytest.raises(ValueError, match="timezone-aware"):
        store.runs(since=datetime(2024, 5, 13))


def test_an_empty_import_adds_nothing(store: Store) -> None:
    assert store.add_runs([]) == (0, 0)
    assert store.runs() == []


def test_runs_outlive_the_store(store_url: str) -> None:
    with open_store(store_url) as first:
        first.add_runs([run(0), run(30)])
    with open_store(store_url) as second:
        assert len(second.runs()) == 2
        assert second.add_runs([run(30)]) == (0, 1)


def test_a_large_export_is_checked_against_what_is_stored(store: Store) -> None:
    batch = [run(60 * i) for i in range(1200)]
    assert store.add_runs(batch[:700]) == (700, 0)
    assert store.add_runs(batch) == (500, 700)
    assert len(store.runs()) == 1200


_RUN = (
    "INSERT INTO runs (fingerprint, started_at, duration_s, distance_m, sport, source_kind, "
    "source_name, imported_at) VALUES ('{fp}', '2024-05-06 07:30:00', {duration}, {distance}, "
    "'running', '{kind}', 'x.gpx', '2024-05-06 08:00:00')"
)


@pytest.mark.parametrize(
    "statement",
    [
        _RUN.format(fp="run@2024-05-06T07:30Z", duration=1800, distance=5000, kind="gpx"),
        _RUN.format(fp="other", duration=0, distance=5000, kind="gpx"),
        _RUN.format(fp="other", duration=1800, distance=-1, kind="gpx"),
        _RUN.format(fp="other", duration=1800, distance=5000, kind="kml"),
    ],
    ids=["same-fingerprint", "zero-duration", "negative-distance", "unknown-source"],
)
def test_the_database_itself_refuses_bad_runs(store: Store, statement: str) -> None:
    store.add_runs([run(0)])
    with pytest.raises(IntegrityError), store.engine.begin() as connection:
        connection.execute(text(statement))
