"""Web tests run the real app on a real SQLite file in a temporary home: in-process through
Starlette's TestClient (httpx), or as `backcoach serve` in a subprocess for the browser tests."""

from __future__ import annotations

import os
import shutil
import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

with warnings.catch_warnings():
    # Starlette suggests another HTTP client package for its TestClient; httpx is what we have.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from backcoach.settings import Preferences, Settings, sqlite_url
from backcoach.web import create_app

NONE_APPLY = {
    "bladder_bowel": False,
    "saddle_numbness": False,
    "both_legs": False,
    "fever_unwell": False,
    "recent_trauma": False,
    "cancer_history": False,
    "weight_loss": False,
    "night_pain": False,
}


@dataclass
class FakeClock:
    """The app's clock, moved by hand (UTC)."""

    at: datetime = field(default_factory=lambda: datetime(2025, 3, 3, 8, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.at

    def advance(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)


def make_settings(home: Path, **preferences: Any) -> Settings:
    return Settings(
        home=home,
        database_url=sqlite_url(home / "backcoach.db"),
        preferences=Preferences(**preferences),
    )


@dataclass
class Web:
    """The app in-process, with helpers for the steps most tests go through."""

    client: TestClient
    clock: FakeClock
    home: Path

    def screened(self) -> Web:
        r = self.client.post("/api/screening", json={"answers": NONE_APPLY})
        assert r.status_code == 201, r.text
        return self

    def start(self, pain_before: int = 3) -> dict[str, Any]:
        r = self.client.post("/api/sessions", json={"pain_before": pain_before})
        assert r.status_code == 201, r.text
        session: dict[str, Any] = r.json()
        return session

    def event(self, session_id: int, **body: Any) -> Any:
        return self.client.post(f"/api/sessions/{session_id}/events", json=body)

    def timeline(self, session_id: int) -> dict[str, Any]:
        r = self.client.get(f"/api/sessions/{session_id}/timeline")
        assert r.status_code == 200, r.text
        timeline: dict[str, Any] = r.json()
        return timeline

    def do_all_reps(self, session_id: int) -> None:
        """Post every rep of the session at its planned hold, as a full run of the player does."""
        for step in self.timeline(session_id)["steps"]:
            if step["kind"] == "hold":
                r = self.event(
                    session_id,
                    type="rep_done",
                    position=step["position"],
                    rep=step["rep"],
                    hold_s=step["duration_s"],
                )
                assert r.status_code == 200, r.text


MEMORY_FS = Path("/dev/shm")


@pytest.fixture(scope="session")
def fast_tmp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A folder on a memory file system where there is one: the database files are real, but
    each commit does not wait for the disk (durability is the storage tests' business)."""
    if MEMORY_FS.is_dir() and os.access(MEMORY_FS, os.W_OK):
        folder = Path(tempfile.mkdtemp(prefix="backcoach-web-", dir=MEMORY_FS))
        yield folder
        shutil.rmtree(folder, ignore_errors=True)
    else:
        yield tmp_path_factory.mktemp("web")


@pytest.fixture(scope="session")
def migrated_db(fast_tmp: Path) -> Path:
    """An empty database at the newest schema, made once: each test starts from a copy of it
    (running the migrations for every test would take most of the suite's time)."""
    from backcoach.storage import open_store

    path = fast_tmp / "template" / "backcoach.db"
    open_store(sqlite_url(path)).close()
    return path


@pytest.fixture
def home(fast_tmp: Path, migrated_db: Path) -> Iterator[Path]:
    home = Path(tempfile.mkdtemp(prefix="home-", dir=fast_tmp))
    shutil.copyfile(migrated_db, home / "backcoach.db")
    yield home
    shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def web(home: Path, clock: FakeClock) -> Iterator[Web]:
    app = create_app(make_settings(home), now=clock)
    with TestClient(app) as client:
        yield Web(client, clock, home)
