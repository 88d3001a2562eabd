"""Datetimes to and from the database: timezone-aware going in, UTC coming out."""

from __future__ import annotations

from datetime import UTC, datetime


def utc(value: datetime) -> datetime:
    """`value` in UTC; a naive datetime is refused, since its zone can only be guessed."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"a timezone-aware datetime is needed, got naive {value.isoformat()}")
    return value.astimezone(UTC)


def stored_utc(value: datetime) -> datetime:
    """A datetime read back from the database, in UTC (naive means UTC: SQLite keeps no zone)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)
