"""What the app holds while it runs: settings, the open store, the catalog and a clock."""

from __future__ import annotations

import os
import socket
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Generic, TypeVar

from backcoach.catalog import Catalog
from backcoach.settings import Settings

if TYPE_CHECKING:
    from backcoach.program import Review
    from backcoach.routine import Timeline
    from backcoach.storage import Store
    from backcoach.storage._read import RecordReader
    from backcoach.web._schemas import SessionPublic, TimelinePublic

STALE_AFTER_S = 600.0
"""A web session with no progress for this long is taken as gone (the store's default)."""
HEARTBEAT_EVERY_S = 30.0
"""How often an open player page says it is still there, paused or not."""
RECOVER_EVERY_S = 5.0
"""Reading pages look for sessions to recover at most this often (starting one always does)."""


def utc_now() -> datetime:
    return datetime.now(UTC)


V = TypeVar("V")


class Memo(Generic[V]):
    """The last `size` answers of a pure function, by its arguments (thread-safe).

    Only for what its key decides entirely: an equal key must give an equal answer."""

    def __init__(self, size: int = 128) -> None:
        self._size = size
        self._answers: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], V]) -> V:
        """The answer for `key`: remembered, or made now by `make` (outside the lock)."""
        with self._lock:
            if key in self._answers:
                self._answers.move_to_end(key)
                return self._answers[key]
        answer = make()
        with self._lock:
            self._answers[key] = answer
            while len(self._answers) > self._size:
                self._answers.popitem(last=False)
        return answer


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
    reviews: Memo[tuple[object, Review]] = field(default_factory=lambda: Memo(16))
    """The program's decisions as the pages show them, by what decides them."""
    timelines: Memo[Timeline] = field(default_factory=Memo)
    """Timelines by routine and get-ready time (`build_timeline` on this catalog)."""
    public_timelines: Memo[TimelinePublic] = field(default_factory=Memo)
    """Their public form, by routine and get-ready time."""
    public_sessions: Memo[SessionPublic] = field(default_factory=lambda: Memo(512))
    """Sessions' public form, by record, resumable and difficulty."""

    @cached_property
    def records(self) -> RecordReader | None:
        """The store's sessions and history read fast, for a SQLite file (None otherwise: the
        store then answers). An in-memory database's one shared connection is left alone."""
        from sqlalchemy.pool import StaticPool

        from backcoach.storage._read import RecordReader

        engine = self.store.engine
        if engine.dialect.name != "sqlite" or isinstance(engine.pool, StaticPool):
            return None
        return RecordReader(engine.raw_connection)
