"""What the readers share: the error for a file that cannot be imported, and small helpers."""

from __future__ import annotations

from datetime import UTC, datetime

from backcoach.errors import BackcoachError


class RunFileError(BackcoachError):
    """A run file is malformed, truncated, empty or of an unknown kind; the message names it."""


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message, or its type when it has none."""
    text = str(exc).strip()
    return " ".join(text.splitlines()[0].split()) if text else type(exc).__name__


def as_utc(at: datetime) -> datetime:
    """`at` in UTC; run files give UTC, so a time without a zone is taken as UTC."""
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
