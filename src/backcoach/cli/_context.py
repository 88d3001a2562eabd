"""What commands share: settings, the catalog, the routine, the store and crash recovery.

Imports what it needs inside each function, so that importing it (any command module may, for
`backcoach --help` too) loads no pydantic, catalog or Rich.
"""

from __future__ import annotations

import os
import socket
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from backcoach.errors import BackcoachError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from rich.console import Console

    from backcoach.catalog import Catalog, ExerciseId
    from backcoach.program import Dosage
    from backcoach.routine import Routine, SessionRecord
    from backcoach.settings import Settings
    from backcoach.storage import Store


def settings() -> Settings:
    """Settings from the environment and `settings.toml`, read afresh for each command."""
    from backcoach.settings import load_settings

    return load_settings()


def catalog() -> Catalog:
    from backcoach.catalog import load_catalog

    return load_catalog()


def routine(
    s: Settings, cat: Catalog, program: Mapping[ExerciseId, Dosage] | None = None
) -> Routine:
    """The routine at the program's dosage, with the user's own dosage from `settings.toml` on top.

    `program` is the progressed dosage (see `backcoach.program.review`); an exercise missing from
    it is at its starting point, the low end of its range. The user's own values replace the
    program's field by field and must lie inside the catalog's range (`DosageError` otherwise)
    unless that exercise's settings say `allow_outside_range = true`, explicitly.
    """
    from backcoach.catalog import ExerciseId
    from backcoach.program import start_dosage
    from backcoach.routine import Routine, item_for
    from backcoach.settings import SettingsError

    known = {e.value for e in ExerciseId}
    unknown = sorted(set(s.preferences.dosage) - known)
    if unknown:
        raise SettingsError(f"{s.settings_file}: unknown exercise in [dosage]: {unknown[0]}")
    items = []
    for exercise in cat:
        base = (program or {}).get(exercise.id) or start_dosage(exercise)
        own = s.preferences.dosage.get(exercise.id.value)
        if own is None:
            items.append(item_for(exercise, reps=base.reps, hold_s=base.hold_s))
        else:
            items.append(
                item_for(
                    exercise,
                    reps=base.reps if own.reps is None else own.reps,
                    hold_s=base.hold_s if own.hold_s is None else own.hold_s,
                    rest_s=own.rest_s,
                    allow_outside_range=own.allow_outside_range,
                )
            )
    return Routine(tuple(items))


def now() -> datetime:
    return datetime.now(UTC)


def host() -> str:
    return socket.gethostname()


def process_alive(pid: int, on_host: str) -> bool:
    """Whether the process that wrote a session may still be running."""
    if on_host != host():
        return True  # another machine: it has to go stale to count as dead
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def open_store(s: Settings) -> Store:
    from backcoach.storage import open_store as _open

    if s.uses_default_sqlite:
        _ensure_home(s)
    return _open(s.database_url)


def _ensure_home(s: Settings) -> None:
    try:
        s.home.mkdir(parents=True, exist_ok=True)
        probe = s.home / ".write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise BackcoachError(
            f"cannot write to the data folder {s.home}: {reason} "
            "(set BACKCOACH_HOME to a folder you can write to)"
        ) from exc


def recover(store: Store, err: Console) -> list[SessionRecord]:
    """Close sessions whose process died, and say so."""
    recovered = store.recover_interrupted(now(), process_alive)
    for record in recovered:
        when = record.started_at.astimezone().strftime("%Y-%m-%d %H:%M")
        err.print(
            f"Note: your session {record.id} of {when} was interrupted after "
            f"{record.reps_done} of {record.reps_planned} reps. It is recorded as "
            f"{record.status.value}, with everything done up to then."
        )
    return recovered
