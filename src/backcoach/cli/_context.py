"""What commands share: settings, the catalog, the routine, the store and crash recovery.

Imports what it needs inside each function, so that importing it (any command module may, for
`backcoach --help` too) loads no pydantic, catalog or Rich.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from backcoach.services import host, now, open_store, process_alive, routine

__all__ = [
    "catalog",
    "host",
    "now",
    "open_store",
    "process_alive",
    "recover",
    "routine",
    "settings",
]

if TYPE_CHECKING:
    from rich.console import Console

    from backcoach.catalog import Catalog
    from backcoach.routine import SessionRecord
    from backcoach.settings import Settings
    from backcoach.storage import Store


def settings() -> Settings:
    """Settings from the environment and `settings.toml`, read afresh for each command."""
    from backcoach.settings import load_settings

    return load_settings()


def catalog() -> Catalog:
    from backcoach.catalog import load_catalog

    return load_catalog()


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
