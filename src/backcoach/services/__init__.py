"""What the adapters (CLI, web, camera) share beyond the domain: opening the store for the user's
settings, reading history, and deciding today's routine. No rendering, no HTTP, no terminal."""

from backcoach.services._data import (
    history_if_any,
    host,
    now,
    open_store,
    process_alive,
    store_if_any,
)
from backcoach.services._today import latest_finished, overridden, program_review, routine

__all__ = [
    "history_if_any",
    "host",
    "latest_finished",
    "now",
    "open_store",
    "overridden",
    "process_alive",
    "program_review",
    "routine",
    "store_if_any",
]
