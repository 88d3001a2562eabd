"""Shared test data and helpers for the storage tests.

The PostgreSQL database named by BACKCOACH_TEST_POSTGRES_URL must be a scratch one: backcoach's
own tables in it are dropped before each test that uses it.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from backcoach.catalog import ExerciseId
from backcoach.routine import ExerciseResult, Routine, RoutineItem

POSTGRES_URL = os.environ.get("BACKCOACH_TEST_POSTGRES_URL")
needs_postgres = pytest.mark.skipif(
    POSTGRES_URL is None, reason="set BACKCOACH_TEST_POSTGRES_URL to test on PostgreSQL"
)

T0 = datetime(2024, 5, 6, 7, 30, tzinfo=UTC)


def at(seconds: float) -> datetime:
    """A moment `seconds` after T0 (the tests' clock)."""
    return T0 + timedelta(seconds=seconds)


def routine() -> Routine:
    return Routine(
        (
            RoutineItem(ExerciseId.PARTIAL_CRUNCH, reps=8, hold_s=1.0, rest_s=2.0),
            RoutineItem(ExerciseId.BIRD_DOG, reps=6, hold_s=5.0, rest_s=3.0),
            RoutineItem(ExerciseId.GLUTE_BRIDGE, reps=10, hold_s=6.0, rest_s=10.0),
        )
    )


def result(position: int, reps_done: int = 8, **changes: object) -> ExerciseResult:
    fields: dict[str, object] = {
        "exercise_id": routine().items[position % 3].exercise_id,
        "position": position,
        "reps_planned": 8,
        "reps_done": reps_done,
        "hold_planned_s": 1.5,
        "holds_s": (1.5, 1.25, 1.75),
        "skipped": False,
        "painful": False,
    }
    fields.update(changes)
    return ExerciseResult(**fields)  # type: ignore[arg-type]


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def reset_postgres(url: str) -> None:
    """Drop what backcoach made in the scratch PostgreSQL database, and nothing else."""
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    from backcoach.storage._models import VERSION_TABLE, Base

    with engine.begin() as connection:
        for table in [*(t.name for t in reversed(Base.metadata.sorted_tables)), VERSION_TABLE]:
            connection.execute(text(f"DROP TABLE IF EXISTS {table} CASCADE"))
    engine.dispose()
