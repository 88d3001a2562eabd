"""What the app holds while it runs: settings, the open store, the catalog and a clock."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from backcoach.catalog import Catalog
from backcoach.settings import Settings

if TYPE_CHECKING:
    from backcoach.storage import Store

STALE_AFTER_S = 600.0
"""A web session with no progress for this long is taken as gone (the store's default)."""
HEARTBEAT_EVERY_S = 30.0
"""How often an open player page says it is still there, paused or not."""
RECOVER_EVERY_S = 5.0
"""Reading pages look for sessions to recover at most this often (starting one always does)."""


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class WebState:
    """One per app. Session writes go through `lock`: read, change and save one at a time."""

    settings: Settings
    store: Store
    catalog: Catalog
    now: Callable[[], datetime] = utc_now
    speed: float = 1.0
    """Default time factor of the player (`?speed=N` overrides it): demos and tests."""
    stale_after_s: float = STALE_AFTER_S
    pid: int = field(default_factory=os.getpid)
    host: str = field(default_factory=socket.gethostname)
    lock: threading.RLock = field(default_factory=threading.RLock)
    own_sessions: set[int] = field(default_factory=set)
    """Sessions this server started that are still in progress: their page can resume them."""
    recovered_at: datetime | None = None
    """When sessions were last looked at for recovery."""
