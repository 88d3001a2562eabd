"""The storage error and the one place that turns driver errors into sentences for a person."""

from __future__ import annotations

from backcoach.errors import BackcoachError


class StorageError(BackcoachError):
    """The record cannot be read or written (locked, corrupt, full disk, no permission...)."""


# Named CHECK constraints (see `_models`) and what breaking them means, in words.
_CHECK_MESSAGES = {
    "ck_pain_scores_score_range": "a pain score is a whole number from 0 to 10",
    "ck_pain_scores_phase_known": "unknown pain phase",
    "ck_sessions_status_known": "unknown session status",
    "ck_sessions_end_reason_known": "unknown end reason",
    "ck_sessions_planned_s_positive": "a planned duration cannot be negative",
    "ck_exercise_results_counts_positive": "positions, reps and holds cannot be negative",
}


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else "unknown error"
    return line.strip()


def translate(exc: BaseException, where: str, *, busy_timeout_s: float) -> StorageError:
    """A one-line `StorageError` for a driver or SQLAlchemy error met while using `where`.

    `where` names the database for the user: its file path, or its URL without the password.
    The SQLite error name (Python 3.11+) is read when present and the message text otherwise, so
    this module does not need to import sqlalchemy or sqlite3.
    """
    orig = getattr(exc, "orig", None) or exc
    name = getattr(orig, "sqlite_errorname", "") or ""
    text = _first_line(str(orig))
    low = text.lower()

    if name.startswith("SQLITE_BUSY") or name.startswith("SQLITE_LOCKED") or "locked" in low:
        return StorageError(
            f"{where} is locked by another program (waited {busy_timeout_s:g} s); "
            "close the other program or try again"
        )
    if (
        name.startswith("SQLITE_NOTADB")
        or name.startswith("SQLITE_CORRUPT")
        or "file is not a database" in low
        or "malformed" in low
    ):
        return not_backcoach(where, "corrupt or not SQLite")
    if name.startswith("SQLITE_FULL") or "disk is full" in low:
        return StorageError(f"cannot write to {where}: the disk is full")
    if name.startswith("SQLITE_READONLY") or "readonly database" in low:
        return StorageError(f"cannot write to {where}: it is read-only")
    if name.startswith("SQLITE_CANTOPEN") or "unable to open database file" in low:
        return StorageError(
            f"cannot open {where}: check that its folder exists and can be written to"
        )
    if name.startswith("SQLITE_IOERR") or "disk i/o error" in low:
        return StorageError(f"cannot read or write {where}: disk input/output error")
    if "constraint" in low:
        for constraint, meaning in _CHECK_MESSAGES.items():
            if constraint in low:
                return StorageError(f"{where} refused the change: {meaning}")
        return StorageError(f"{where} refused the change: {text}")
    if type(exc).__name__ == "OperationalError" and name == "":
        # Not SQLite: most often a server that cannot be reached or refuses the login.
        return StorageError(f"cannot use the database {where}: {text}")
    return StorageError(f"database error on {where}: {text}")


def not_backcoach(where: str, why: str) -> StorageError:
    """The message for a file that is not ours: it is never touched, the user moves it aside."""
    return StorageError(
        f"{where} is not a backcoach database ({why}); move it aside to start afresh"
    )
